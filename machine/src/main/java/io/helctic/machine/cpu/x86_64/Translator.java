package io.helctic.machine.cpu.x86_64;

import static java.lang.constant.ConstantDescs.CD_int;
import static java.lang.constant.ConstantDescs.CD_long;
import static java.lang.constant.ConstantDescs.CD_void;

import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassHierarchyResolver;
import java.lang.constant.ClassDesc;
import java.lang.constant.MethodTypeDesc;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.AccessFlag;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The translation tier: a block entered {@link #THRESHOLD} times is translated to JVM bytecode
 * (the JDK's class-file API), one hidden class per block, and HotSpot compiles it like any hot
 * method. The instruction dispatch, the operand decoding (registers, displacements, immediates,
 * operand sizes and ALU kinds become constants) and, for a compare or test followed by a
 * conditional jump in the same block, the lazy-flag evaluation disappear. Instructions without
 * an inline translation call the interpreter for themselves, so every instruction translates.
 *
 * <p>Translation runs on one background thread (the CPU keeps interpreting the block meanwhile),
 * or synchronously when {@code helctic.jit.sync} is set (tests). {@code helctic.jit=off}
 * disables the tier; {@code helctic.jit.threshold} sets the entry count.
 */
final class Translator {
    private Translator() {}

    static final boolean ENABLED = !"off".equals(System.getProperty("helctic.jit"));
    static final boolean SYNC = Boolean.getBoolean("helctic.jit.sync");
    static final int THRESHOLD = Integer.getInteger("helctic.jit.threshold", 4000);
    /** Whether a translation covers a region of blocks ({@code helctic.jit.regions}, default on; see {@link X86Cpu}). */
    static final boolean REGIONS = !"off".equals(System.getProperty("helctic.jit.regions"));
    /** Blocks one call from the run loop may chain through before it returns (bounds the JVM stack). */
    static final int MAX_CHAIN = Integer.getInteger("helctic.jit.chain", 64);

    /** Blocks translated, and blocks whose translation failed (they stay interpreted), in this JVM. */
    static final AtomicLong translated = new AtomicLong(), failed = new AtomicLong();
    /** Translations that cover a region of more than one block. */
    static final AtomicLong regions = new AtomicLong();

    /**
     * Diagnostics ({@code helctic.jit.profile}): how often translated code handed each
     * instruction (by address; its op id, fast form, operand size and whether it reads memory)
     * to the interpreter, printed to stderr at exit, the commonest first.
     */
    static final boolean PROFILE = Boolean.getBoolean("helctic.jit.profile");
    private static final java.util.concurrent.ConcurrentHashMap<Long, java.util.concurrent.atomic.LongAdder> GENERIC =
            new java.util.concurrent.ConcurrentHashMap<>();
    private static final java.util.concurrent.ConcurrentHashMap<Long, String> SITES = new java.util.concurrent.ConcurrentHashMap<>();

    static {
        if (PROFILE) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                var rows = new java.util.ArrayList<>(GENERIC.entrySet());
                rows.sort((x, y) -> Long.compare(y.getValue().sum(), x.getValue().sum()));
                for (int i = 0; i < Math.min(40, rows.size()); i++) {
                    System.err.printf("helctic jit: %,14d interpreted at %#x: %s%n", rows.get(i).getValue().sum(),
                            rows.get(i).getKey(), SITES.get(rows.get(i).getKey()));
                }
            }));
        }
    }

    /** Notes, at translation, an instruction the translation hands to the interpreter (PROFILE only). */
    static void site(Insn d) {
        SITES.put(d.rip, "op " + d.op + " fast " + d.fast + " size " + d.opSize + (d.mod == 3 ? " register" : " memory")
                + " sub " + d.sub + " opcode " + Integer.toHexString(d.opcode));
    }

    /** Counts one instruction handed to the interpreter (PROFILE only). */
    static void generic(long rip) {
        GENERIC.computeIfAbsent(rip, k -> new java.util.concurrent.atomic.LongAdder()).increment();
    }

    /** A block to translate, and the instructions the translation covers (its own or a region's). */
    private record Job(Block block, Insn[] insns) {}

    private static final ArrayBlockingQueue<Job> queue = new ArrayBlockingQueue<>(4096);
    private static volatile boolean started;

    /** Asks for {@code b} to be translated; its {@link Block#code} is set when done. */
    static void submit(Block b, Insn[] insns) {
        if (SYNC) {
            translate(b, insns, true);
            return;
        }
        if (!started) start();
        if (!queue.offer(new Job(b, insns))) b.heat = 0; // the queue is full: try again later
    }

    private static synchronized void start() {
        if (started) return;
        Thread t = new Thread(() -> {
            io.helctic.machine.HelperThreads.started();
            while (true) {
                try {
                    Job j = queue.take();
                    if (j.block.valid && j.block.code == null) translate(j.block, j.insns, false);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "helctic-translator");
        t.setDaemon(true);
        t.setPriority(Thread.NORM_PRIORITY - 1);
        t.start();
        started = true;
    }

    /**
     * Translates {@code b} and publishes the translation ({@link Block#code}). A translation
     * defect must not stop the guest: the block stays interpreted and {@link #failed} counts it —
     * unless {@code strict} (tests, {@code helctic.jit.sync}), when it is thrown.
     */
    static void translate(Block b, Insn[] insns, boolean strict) {
        try {
            byte[] bytes = classBytes(insns);
            if (DUMP != null) dump(bytes, b.vaddr);
            MethodHandles.Lookup l = LOOKUP.defineHiddenClass(bytes, true);
            if (DUMP != null) dumpName(l.lookupClass().getName(), b.vaddr);
            var ctor = l.findConstructor(l.lookupClass(), MethodType.methodType(void.class, Block.class, Insn[].class));
            Compiled code = (Compiled) ctor.invoke(b, insns);
            b.code = code;
            if (insns.length > b.insns.length) regions.incrementAndGet();
            if (!b.valid) code.valid = false; // invalidated meanwhile (Block#invalidate saw no code yet)
            translated.incrementAndGet();
        } catch (Throwable e) {
            failed.incrementAndGet();
            b.heat = Integer.MIN_VALUE;
            if (strict) throw new IllegalStateException("translation failed at " + Long.toHexString(b.vaddr), e);
        }
    }

    /**
     * Diagnostics: a directory where each translation's class file is written ({@code helctic.jit.dump};
     * read them with javap -c), and classes.txt, the hidden class name of each.
     */
    private static final String DUMP = System.getProperty("helctic.jit.dump");

    private static void dump(byte[] bytes, long vaddr) {
        try {
            java.nio.file.Path dir = java.nio.file.Path.of(DUMP);
            java.nio.file.Files.createDirectories(dir);
            java.nio.file.Files.write(dir.resolve(Long.toHexString(vaddr) + ".class"), bytes);
        } catch (java.io.IOException e) {
            System.err.println("helctic: cannot dump a translation: " + e.getMessage());
        }
    }

    /** Diagnostics: which hidden class (as HotSpot's logs name it) translates which address, in DIR/classes.txt. */
    private static synchronized void dumpName(String name, long vaddr) {
        try {
            java.nio.file.Files.writeString(java.nio.file.Path.of(DUMP, "classes.txt"),
                    name + " " + Long.toHexString(vaddr) + "\n", java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
        } catch (java.io.IOException e) {
            System.err.println("helctic: cannot dump a translation: " + e.getMessage());
        }
    }

    static final MethodHandles.Lookup LOOKUP = MethodHandles.lookup();
    static final String PKG = "io.helctic.machine.cpu.x86_64.";
    static final ClassDesc CD_CORE = ClassDesc.of(PKG + "Core"), CD_MMU = ClassDesc.of(PKG + "Mmu"),
            CD_INTERP = ClassDesc.of(PKG + "Interpreter"), CD_INSN = ClassDesc.of(PKG + "Insn"),
            CD_COMPILED = ClassDesc.of(PKG + "Compiled"), CD_ALU = ClassDesc.of(PKG + "Alu"), CD_BLOCK = ClassDesc.of(PKG + "Block"),
            CD_LONGS = CD_long.arrayType(), CD_INSNS = CD_INSN.arrayType(), CD_LONG_BOX = ClassDesc.of("java.lang.Long");
    static final MethodTypeDesc MTD_INIT = MethodTypeDesc.of(CD_void, CD_BLOCK, CD_INSNS),
            MTD_SUPER = MethodTypeDesc.of(CD_void, CD_BLOCK, CD_INSNS, CD_int),
            MTD_RUN = MethodTypeDesc.of(CD_int, CD_CORE, CD_INTERP, CD_int, CD_int);
    private static final ClassFile CF = ClassFile.of(ClassFile.ClassHierarchyResolverOption.of(
            ClassHierarchyResolver.defaultResolver().orElse(ClassHierarchyResolver.ofClassLoading(LOOKUP))));

    static byte[] classBytes(Insn[] insns) {
        return CF.build(ClassDesc.of(PKG + "Translated"), cb -> {
            cb.withFlags(AccessFlag.FINAL, AccessFlag.SYNTHETIC);
            cb.withSuperclass(CD_COMPILED);
            int[] sites = new int[1];
            cb.withMethodBody("run", MTD_RUN, ClassFile.ACC_FINAL, b -> {
                InsnEmitter e = new InsnEmitter(b, insns);
                e.block();
                sites[0] = e.sites;
            });
            cb.withMethodBody("<init>", MTD_INIT, 0, b -> b.aload(0).aload(1).aload(2).loadConstant(sites[0])
                    .invokespecial(CD_COMPILED, "<init>", MTD_SUPER).return_());
        });
    }

    static final long M32 = 0xffff_ffffL;
}
