package io.helctic.abi;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.CodeElement;
import java.lang.classfile.MethodModel;
import java.lang.classfile.constantpool.MethodHandleEntry;
import java.lang.classfile.constantpool.StringEntry;
import java.lang.classfile.instruction.ConstantInstruction;
import java.lang.classfile.instruction.FieldInstruction;
import java.lang.classfile.instruction.InvokeDynamicInstruction;
import java.lang.classfile.instruction.InvokeInstruction;
import java.lang.constant.MethodTypeDesc;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads, from compiled classes (the JDK's class-file API), what a declared table wires: which
 * method each line's method reference names. The syscall documents name the Java method behind
 * every call from this, and tests prove those names are the methods the running tables call.
 */
public final class Wiring {
    private Wiring() {}

    private static final String KERNEL_OP = "io/helctic/abi/KernelOp";
    private static final String LAMBDA_METAFACTORY = "java/lang/invoke/LambdaMetafactory";

    /**
     * One method reference in a declaring method: the method it names ({@code owner} a binary
     * class name, {@code name}, {@code descriptor}), and what was loaded last before it — the
     * {@link KernelOp} constant ({@code op}, or null) and the string constant ({@code string},
     * or null) — which is how a line of a declared table names its slot or syscall.
     */
    public record Ref(String owner, String name, String descriptor, boolean isStatic, KernelOp op, String string) {

        /** {@code PathOps.openat}: the owner's simple name (nested classes with their outer ones) and the method. */
        public String javaName() {
            String simple = owner.substring(owner.lastIndexOf('/') + 1).replace('$', '.');
            return simple + "." + name;
        }

        /** The number of parameters the named method takes. */
        public int parameterCount() {
            return MethodTypeDesc.ofDescriptor(descriptor).parameterCount();
        }

        /** Whether the reference names a lambda's body instead of a declared method. */
        public boolean isLambda() {
            return name.startsWith("lambda$");
        }
    }

    /** The compiled form of a class (any module: class files are never encapsulated). */
    public static ClassModel classModel(Class<?> c) {
        String file = c.getName().substring(c.getName().lastIndexOf('.') + 1) + ".class";
        try (InputStream in = c.getResourceAsStream(file)) {
            if (in == null) throw new IllegalStateException("no class file for " + c.getName());
            return ClassFile.of().parse(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The compiled form of a class named in binary form ({@code io/helctic/...}), loaded through {@code anchor}'s loader. */
    public static ClassModel classModel(Class<?> anchor, String binaryName) {
        try {
            return classModel(Class.forName(binaryName.replace('/', '.'), false, anchor.getClassLoader()));
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("no class " + binaryName, e);
        }
    }

    /** Every method reference (and lambda) that {@code method} of {@code c} creates, in bytecode order. */
    public static List<Ref> scan(Class<?> c, String method) {
        MethodModel m = method(classModel(c), method);
        List<Ref> out = new ArrayList<>();
        KernelOp lastOp = null;
        String lastString = null;
        for (CodeElement e : m.code().orElseThrow()) {
            switch (e) {
                case FieldInstruction f when f.owner().asInternalName().equals(KERNEL_OP) -> {
                    try {
                        lastOp = KernelOp.valueOf(f.name().stringValue());
                    } catch (IllegalArgumentException notASlot) {
                        // a static field of KernelOp that is not a constant (SLOTS)
                    }
                }
                case ConstantInstruction.LoadConstantInstruction l when l.constantEntry() instanceof StringEntry s ->
                        lastString = s.stringValue();
                case InvokeDynamicInstruction indy when indy.bootstrapMethod().owner().descriptorString()
                        .equals("L" + LAMBDA_METAFACTORY + ";") -> {
                    if (indy.invokedynamic().bootstrap().arguments().size() > 1
                            && indy.invokedynamic().bootstrap().arguments().get(1) instanceof MethodHandleEntry h) {
                        var ref = h.reference();
                        out.add(new Ref(ref.owner().asInternalName(), ref.name().stringValue(), ref.type().stringValue(),
                                h.kind() == java.lang.invoke.MethodHandleInfo.REF_invokeStatic, lastOp, lastString));
                    }
                }
                default -> { }
            }
        }
        return out;
    }

    /** Whether {@code c} declares a method {@code name} of this descriptor. */
    public static boolean declares(ClassModel c, String name, String descriptor) {
        for (MethodModel m : c.methods()) {
            if (m.methodName().stringValue().equals(name) && m.methodType().stringValue().equals(descriptor)) return true;
        }
        return false;
    }

    /**
     * The KernelOp constants {@code ref}'s method may use: those its bytecode loads, and those of
     * every method it calls in a class whose binary name starts with {@code within}, transitively.
     */
    public static Set<KernelOp> opsReachable(Class<?> anchor, Ref ref, String within) {
        Set<KernelOp> ops = new LinkedHashSet<>();
        Set<String> seen = new LinkedHashSet<>();
        walk(anchor, ref.owner(), ref.name(), ref.descriptor(), within, ops, seen);
        return ops;
    }

    private static void walk(Class<?> anchor, String owner, String name, String descriptor, String within,
                             Set<KernelOp> ops, Set<String> seen) {
        if (!seen.add(owner + "." + name + descriptor)) return;
        ClassModel c = classModel(anchor, owner);
        for (MethodModel m : c.methods()) {
            if (!m.methodName().stringValue().equals(name) || !m.methodType().stringValue().equals(descriptor)) continue;
            if (m.code().isEmpty()) return;
            for (CodeElement e : m.code().get()) {
                switch (e) {
                    case FieldInstruction f when f.owner().asInternalName().equals(KERNEL_OP) -> {
                        try {
                            ops.add(KernelOp.valueOf(f.name().stringValue()));
                        } catch (IllegalArgumentException notASlot) {
                            // SLOTS
                        }
                    }
                    case InvokeInstruction i when i.owner().asInternalName().startsWith(within) ->
                            walk(anchor, i.owner().asInternalName(), i.name().stringValue(), i.type().stringValue(),
                                 within, ops, seen);
                    case InvokeDynamicInstruction indy -> {
                        if (indy.invokedynamic().bootstrap().arguments().size() > 1
                                && indy.invokedynamic().bootstrap().arguments().get(1) instanceof MethodHandleEntry h
                                && h.reference().owner().asInternalName().startsWith(within)) {
                            walk(anchor, h.reference().owner().asInternalName(), h.reference().name().stringValue(),
                                 h.reference().type().stringValue(), within, ops, seen);
                        }
                    }
                    default -> { }
                }
            }
            return;
        }
        // not declared here: inherited from a class outside the walk (Enum.ordinal), or an interface's default
    }

    private static MethodModel method(ClassModel c, String name) {
        MethodModel found = null;
        for (MethodModel m : c.methods()) {
            if (m.methodName().stringValue().equals(name)) {
                if (found != null) throw new IllegalStateException(c.thisClass().asInternalName() + "." + name + " is overloaded");
                found = m;
            }
        }
        if (found == null) throw new IllegalStateException("no method " + c.thisClass().asInternalName() + "." + name);
        return found;
    }
}
