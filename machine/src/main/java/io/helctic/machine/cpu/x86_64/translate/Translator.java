package io.helctic.machine.cpu.x86_64.translate;

import static java.lang.constant.ConstantDescs.CD_boolean;
import static java.lang.constant.ConstantDescs.CD_int;
import static java.lang.constant.ConstantDescs.CD_long;
import static java.lang.constant.ConstantDescs.CD_void;

import io.helctic.machine.cpu.jit.BytecodeWriter;
import io.helctic.machine.cpu.jit.Translation;
import io.helctic.machine.cpu.jit.TranslationQueue;
import io.helctic.machine.cpu.x86_64.core.Core;
import io.helctic.machine.cpu.x86_64.core.Mmu;
import io.helctic.machine.cpu.x86_64.decode.Insn;
import io.helctic.machine.cpu.x86_64.exec.Alu;
import io.helctic.machine.cpu.x86_64.exec.Interpreter;
import io.helctic.machine.cpu.x86_64.fp.SseOps;
import java.lang.constant.ClassDesc;
import java.lang.constant.MethodTypeDesc;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * The x86-64 translation tier: a block entered {@link TranslationQueue#THRESHOLD} times is
 * translated to JVM bytecode ({@link BytecodeWriter}), one hidden class per block, and
 * HotSpot compiles it like any hot method. The instruction dispatch, the operand decoding (registers, displacements, immediates,
 * operand sizes and ALU kinds become constants) and, for a compare or test followed by a
 * conditional jump in the same block, the lazy-flag evaluation disappear. Instructions without
 * an inline translation call the interpreter for themselves, so every instruction translates.
 *
 * <p>When and where translation runs, publishing it and the class-file dump are the
 * ISA-neutral {@link TranslationQueue}'s; this class makes the class file of a block (or a
 * region of blocks, see {@code X86Cpu}).
 */
public final class Translator {
    private Translator() {}

    /** Whether a translation covers a region of blocks ({@code helctic.jit.regions}, default on; see {@code X86Cpu}). */
    public static final boolean REGIONS = !"off".equals(System.getProperty("helctic.jit.regions"));
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

    /** Asks for {@code b} to be translated (the instructions of {@code insns}: its own or a region's). */
    public static void submit(Block b, Insn[] insns) {
        TranslationQueue.submit(b, () -> build(b, insns));
    }

    /** Translates {@code b} now (tests: every block at its first entry), throwing on a defect. */
    public static void translate(Block b, Insn[] insns) {
        TranslationQueue.translate(b, () -> build(b, insns), true);
    }

    /** The translation of {@code insns}, which start at {@code b}'s start. */
    private static Compiled build(Block b, Insn[] insns) throws Throwable {
        MethodHandles.Lookup l = TranslationQueue.define(LOOKUP, classBytes(insns), b.vaddr);
        var ctor = l.findConstructor(l.lookupClass(), MethodType.methodType(void.class, Block.class, Insn[].class));
        Compiled code = (Compiled) ctor.invoke(b, insns);
        if (insns.length > b.insns.length) TranslationQueue.regions.incrementAndGet();
        return code;
    }

    static final MethodHandles.Lookup LOOKUP = MethodHandles.lookup();
    static final ClassDesc CD_CORE = desc(Core.class), CD_MMU = desc(Mmu.class), CD_INTERP = desc(Interpreter.class),
            CD_INSN = desc(Insn.class), CD_COMPILED = desc(Compiled.class), CD_TRANSLATION = desc(Translation.class),
            CD_ALU = desc(Alu.class), CD_BLOCK = desc(Block.class), CD_SSE_OPS = desc(SseOps.class),
            CD_TRANSLATOR = desc(Translator.class), CD_LONGS = CD_long.arrayType(), CD_INSNS = CD_INSN.arrayType(),
            CD_LONG_BOX = ClassDesc.of("java.lang.Long");

    private static ClassDesc desc(Class<?> c) {
        return ClassDesc.of(c.getName());
    }

    static final MethodTypeDesc MTD_INIT = MethodTypeDesc.of(CD_void, CD_BLOCK, CD_INSNS),
            MTD_SUPER = MethodTypeDesc.of(CD_void, CD_BLOCK, CD_INSNS, CD_int, CD_boolean),
            MTD_RUN = MethodTypeDesc.of(CD_int, CD_CORE, CD_INTERP, CD_int, CD_int),
            MTD_INDIRECT = MethodTypeDesc.of(CD_int, CD_COMPILED, CD_long, CD_CORE, CD_INTERP, CD_int, CD_int, CD_int);
    /** The translations' internal class name (a hidden class gets a unique name from it). */
    private static final String NAME = Translator.class.getPackageName().replace('.', '/') + "/Translated";

    static byte[] classBytes(Insn[] insns) {
        BytecodeWriter w = new BytecodeWriter();
        int[] sites = new int[2];
        w.method(BytecodeWriter.PUBLIC | BytecodeWriter.FINAL, "run", MTD_RUN, () -> {
            InsnEmitter e = new InsnEmitter(w, insns);
            e.block();
            sites[0] = e.sites;
            sites[1] = e.indirect ? 1 : 0;
        });
        w.method(0, "<init>", MTD_INIT, () -> w.aload(0).aload(1).aload(2).loadConstant(sites[0]).loadConstant(sites[1])
                .invokespecial(CD_COMPILED, "<init>", MTD_SUPER).return_());
        return w.classFile(NAME, CD_COMPILED);
    }

    static final long M32 = 0xffff_ffffL;
}
