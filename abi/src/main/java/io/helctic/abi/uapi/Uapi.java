package io.helctic.abi.uapi;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.FieldModel;
import java.lang.classfile.attribute.ConstantValueAttribute;
import java.lang.classfile.constantpool.IntegerEntry;
import java.lang.classfile.constantpool.LongEntry;
import java.lang.reflect.AccessFlag;
import java.util.ArrayList;
import java.util.List;

/**
 * Every constant of this package in declaration order, read from the compiled classes (the
 * class-file API, no reflection): what {@code personality.h} carries and what a test checks
 * against the host's own C headers.
 */
public final class Uapi {
    private Uapi() {}

    /** The classes of constants, in the header's order. */
    public static final List<Class<?>> CLASSES = List.of(Fcntl.class, Fs.class, Signal.class, Sched.class, Mman.class,
            Wait.class, Time.class, Futex.class, Poll.class, Ioctl.class, Proc.class, Event.class,
            Ipc.class, Socket.class, Mempolicy.class, Aio.class);

    /** One constant: its class, name and value; {@code wide} for a Java long. */
    public record Constant(Class<?> owner, String name, long value, boolean wide) {}

    public static List<Constant> all() {
        List<Constant> out = new ArrayList<>();
        for (Class<?> c : CLASSES) out.addAll(of(c));
        return out;
    }

    /** The static final constants a class declares, in declaration order. */
    public static List<Constant> of(Class<?> c) {
        ClassModel m;
        try (InputStream in = c.getResourceAsStream(c.getSimpleName() + ".class")) {
            if (in == null) throw new IllegalStateException("no class file for " + c);
            m = ClassFile.of().parse(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Constant> out = new ArrayList<>();
        for (FieldModel f : m.fields()) {
            if (!f.flags().has(AccessFlag.STATIC) || !f.flags().has(AccessFlag.FINAL)) continue;
            var cv = f.findAttribute(java.lang.classfile.Attributes.constantValue());
            if (cv.isEmpty()) continue;
            ConstantValueAttribute a = cv.get();
            switch (a.constant()) {
                case IntegerEntry i -> out.add(new Constant(c, f.fieldName().stringValue(), i.intValue(), false));
                case LongEntry l -> out.add(new Constant(c, f.fieldName().stringValue(), l.longValue(), true));
                default -> { }
            }
        }
        return out;
    }
}
