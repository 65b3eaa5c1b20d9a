package io.helctic.machine.cpu.x86_64;

import static java.lang.constant.ConstantDescs.CD_boolean;
import static java.lang.constant.ConstantDescs.CD_int;
import static java.lang.constant.ConstantDescs.CD_long;
import static java.lang.constant.ConstantDescs.CD_void;

import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassHierarchyResolver;
import java.lang.classfile.CodeBuilder;
import java.lang.classfile.Label;
import java.lang.classfile.TypeKind;
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
    static final int THRESHOLD = Integer.getInteger("helctic.jit.threshold", 2000);
    /** Blocks one call from the run loop may chain through before it returns (bounds the JVM stack). */
    static final int MAX_CHAIN = Integer.getInteger("helctic.jit.chain", 64);

    /** Blocks translated, and blocks whose translation failed (they stay interpreted), in this JVM. */
    static final AtomicLong translated = new AtomicLong(), failed = new AtomicLong();

    /**
     * Diagnostics ({@code helctic.jit.profile}): how often translated code handed each kind of
     * instruction (op id, fast form) to the interpreter, printed to stderr at exit.
     */
    static final boolean PROFILE = Boolean.getBoolean("helctic.jit.profile");
    static final java.util.concurrent.atomic.AtomicLongArray GENERIC = new java.util.concurrent.atomic.AtomicLongArray(Op.COUNT * 128);

    static {
        if (PROFILE) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                java.util.List<long[]> rows = new java.util.ArrayList<>();
                for (int i = 0; i < GENERIC.length(); i++) if (GENERIC.get(i) > 0) rows.add(new long[] {GENERIC.get(i), i});
                rows.sort((x, y) -> Long.compare(y[0], x[0]));
                for (int i = 0; i < Math.min(40, rows.size()); i++) {
                    System.err.printf("helctic jit: %,14d interpreted: op %d fast %d%n", rows.get(i)[0], rows.get(i)[1] / 128, rows.get(i)[1] % 128);
                }
            }));
        }
    }

    /** Counts one instruction handed to the interpreter (PROFILE only). */
    static void generic(int key) {
        GENERIC.incrementAndGet(key);
    }

    private static final ArrayBlockingQueue<Block> queue = new ArrayBlockingQueue<>(4096);
    private static volatile boolean started;

    /** Asks for {@code b} to be translated; its {@link Block#code} is set when done. */
    static void submit(Block b) {
        if (SYNC) {
            translate(b);
            return;
        }
        if (!started) start();
        if (!queue.offer(b)) b.heat = 0; // the queue is full: try again later
    }

    private static synchronized void start() {
        if (started) return;
        Thread t = new Thread(() -> {
            while (true) {
                try {
                    Block b = queue.take();
                    if (b.valid && b.code == null) translate(b);
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

    static void translate(Block b) {
        try {
            Compiled code = compile(b.insns);
            code.block = b;
            b.code = code;
            translated.incrementAndGet();
        } catch (Throwable e) {
            // a translation defect must not stop the guest: the block stays interpreted
            failed.incrementAndGet();
            b.heat = Integer.MIN_VALUE;
            if (SYNC) throw new IllegalStateException("translation failed at " + Long.toHexString(b.vaddr), e);
        }
    }

    /** The translation of a block's instructions: a new hidden class, and its instance for them. */
    static Compiled compile(Insn[] insns) throws Throwable {
        MethodHandles.Lookup l = LOOKUP.defineHiddenClass(classBytes(insns), true);
        var ctor = l.findConstructor(l.lookupClass(), MethodType.methodType(void.class, Insn[].class));
        return (Compiled) ctor.invoke(insns);
    }

    /** {@link #compile}, for a test that translates every block: a failure is the test's. */
    static Compiled compileForTest(Insn[] insns) {
        try {
            return compile(insns);
        } catch (Throwable e) {
            throw new IllegalStateException("translation failed", e);
        }
    }

    private static final MethodHandles.Lookup LOOKUP = MethodHandles.lookup();
    private static final String PKG = "io.helctic.machine.cpu.x86_64.";
    private static final ClassDesc CD_CORE = ClassDesc.of(PKG + "Core"), CD_MMU = ClassDesc.of(PKG + "Mmu"),
            CD_INTERP = ClassDesc.of(PKG + "Interpreter"), CD_INSN = ClassDesc.of(PKG + "Insn"),
            CD_COMPILED = ClassDesc.of(PKG + "Compiled"), CD_ALU = ClassDesc.of(PKG + "Alu"), CD_BLOCK = ClassDesc.of(PKG + "Block"),
            CD_LONGS = CD_long.arrayType(), CD_INSNS = CD_INSN.arrayType(), CD_LONG_BOX = ClassDesc.of("java.lang.Long");
    private static final MethodTypeDesc MTD_INIT = MethodTypeDesc.of(CD_void, CD_INSNS),
            MTD_RUN = MethodTypeDesc.of(CD_int, CD_CORE, CD_INTERP, CD_int);
    private static final ClassFile CF = ClassFile.of(ClassFile.ClassHierarchyResolverOption.of(
            ClassHierarchyResolver.defaultResolver().orElse(ClassHierarchyResolver.ofClassLoading(LOOKUP))));

    static byte[] classBytes(Insn[] insns) {
        return CF.build(ClassDesc.of(PKG + "Translated"), cb -> {
            cb.withFlags(AccessFlag.FINAL, AccessFlag.SYNTHETIC);
            cb.withSuperclass(CD_COMPILED);
            cb.withMethodBody("<init>", MTD_INIT, 0, b -> b.aload(0).aload(1)
                    .invokespecial(CD_COMPILED, "<init>", MTD_INIT).return_());
            cb.withMethodBody("run", MTD_RUN, ClassFile.ACC_FINAL, b -> new Emitter(b, insns).block());
        });
    }

    private static final long M32 = 0xffff_ffffL;

    /**
     * Emits one block's {@code run(Core c, Interpreter in, int budget)}.
     *
     * <p>Flags: an inline ADD, OR, AND, XOR, SUB, CMP or TEST keeps its operands and result in the
     * locals {@code a}, {@code bb}, {@code res} and does not write the lazy-flag record at once
     * ("pending"): a later compare or test in the block makes it dead, a conditional jump, SETcc
     * or CMOVcc reads it from the locals. The record is written wherever Core's flags may be
     * read: before an instruction handed to the interpreter or an {@link Alu} call, at every exit
     * of the block, and in the exception handler of every instruction that can fault while a
     * record is pending, so a fault still leaves exactly the flags of the instruction boundary.
     *
     * <p>A block whose last instruction jumps back to its own start loops inside the method
     * while the budget lasts ({@link Core#loops} counts the iterations).
     */
    private static final class Emitter {
        private static final int THIS = 0, C = 1, IN = 2, BUDGET = 3;
        private final CodeBuilder b;
        private final Insn[] insns;
        private final int r, m, a, bb, res, x, t1, t2, e, left, nx;
        /** Chained exits, emitted after the block's code (outside the instructions' exception ranges). */
        private final java.util.List<Runnable> stubs = new java.util.ArrayList<>();
        /** What the locals a, bb, res hold: the last inline flag setter's kind (0: none) and size. */
        private int flagKind, flagSize;
        /** Whether that setter's record is not yet in Core. */
        private boolean pending;
        /** Per instruction: the pending record (kind, 0 if none) and size where it may throw. */
        private final int[] pendingKind, pendingSize;
        private Label top;

        Emitter(CodeBuilder b, Insn[] insns) {
            this.b = b;
            this.insns = insns;
            r = b.allocateLocal(TypeKind.REFERENCE);
            m = b.allocateLocal(TypeKind.REFERENCE);
            a = b.allocateLocal(TypeKind.LONG);
            bb = b.allocateLocal(TypeKind.LONG);
            res = b.allocateLocal(TypeKind.LONG);
            x = b.allocateLocal(TypeKind.LONG);
            t1 = b.allocateLocal(TypeKind.LONG);
            t2 = b.allocateLocal(TypeKind.LONG);
            e = b.allocateLocal(TypeKind.INT);
            left = b.allocateLocal(TypeKind.INT);
            nx = b.allocateLocal(TypeKind.REFERENCE);
            pendingKind = new int[insns.length];
            pendingSize = new int[insns.length];
        }

        void block() {
            b.aload(C).getfield(CD_CORE, "r", CD_LONGS).astore(r);
            b.aload(C).getfield(CD_CORE, "mmu", CD_MMU).astore(m);
            // every local defined on every path, for the verifier
            b.lconst_0().lstore(a).lconst_0().lstore(bb).lconst_0().lstore(res).lconst_0().lstore(x)
                    .lconst_0().lstore(t1).lconst_0().lstore(t2).iconst_0().istore(e);
            b.aload(C).iconst_0().putfield(CD_CORE, "loops", CD_int);
            b.aload(C).iconst_m1().putfield(CD_CORE, "linkSlot", CD_int);
            b.aconst_null().astore(nx);
            b.iload(BUDGET).loadConstant(insns.length).isub().istore(left);
            top = b.newLabel();
            b.labelBinding(top);
            int n = insns.length;
            Label[] start = new Label[n + 1];
            for (int k = 0; k <= n; k++) start[k] = b.newLabel();
            boolean ended = false;
            for (int k = 0; k < n; k++) {
                b.labelBinding(start[k]);
                pendingKind[k] = pending ? flagKind : 0;
                pendingSize[k] = flagSize;
                ended = insn(k, insns[k]);
            }
            b.labelBinding(start[n]);
            if (!ended) {
                setRip(insns[n - 1].next);
                if (pending) setLazy(flagKind, flagSize);
                chainStub(n - 1, 0, n << 4);
            }
            for (Runnable stub : stubs) stub.run();
            for (int k = 0; k < n; k++) {
                Label h = b.newLabel();
                b.exceptionCatchAll(start[k], start[k + 1], h);
                b.labelBinding(h);
                // the throwable is on the stack: the flags of the boundary, which instruction threw, rethrow
                if (pendingKind[k] != 0) setLazy(pendingKind[k], pendingSize[k]);
                b.aload(C).loadConstant(k).putfield(CD_CORE, "bk", CD_int).athrow();
            }
        }

        // ---- helpers ----

        /**
         * Leaves by instruction k's exit {@code slot} (rip already set), returning {@code value}
         * unless the exit is linked to a translation that can run: then that runs, chained.
         */
        private void chainExit(int k, int slot, int value) {
            if (pending) setLazy(flagKind, flagSize);
            Label stub = b.newLabel();
            b.goto_(stub);
            stubs.add(() -> {
                b.labelBinding(stub);
                chainStub(k, slot, value);
            });
        }

        /** An indirect exit (target in local x, rip set): chained when the inline cache holds the target's translation. */
        private void indirectExit(int k) {
            if (pending) setLazy(flagKind, flagSize);
            Label stub = b.newLabel();
            b.goto_(stub);
            stubs.add(() -> {
                b.labelBinding(stub);
                chainStub(k, 2, (k << 4) | Interpreter.BRANCH);
            });
        }

        private void chainStub(int k, int slot, int value) {
            int n = insns.length;
            Label plain = b.newLabel();
            b.aload(THIS).getfield(CD_COMPILED, slot == 0 ? "link0" : slot == 1 ? "link1" : "ic", CD_COMPILED).astore(nx);
            b.aload(nx).ifnull(plain);
            if (slot == 2) { // the cached translation must start at this target
                b.aload(nx).getfield(CD_COMPILED, "block", CD_BLOCK).getfield(CD_BLOCK, "vaddr", CD_long).lload(x).lcmp().ifne(plain);
            }
            b.aload(THIS).getfield(CD_COMPILED, "linkGen", CD_int).aload(m).getfield(CD_MMU, "gen", CD_int).if_icmpne(plain);
            b.aload(nx).getfield(CD_COMPILED, "block", CD_BLOCK).getfield(CD_BLOCK, "valid", CD_boolean).ifeq(plain);
            b.iload(left).loadConstant(n - k - 1).iadd().istore(e); // the budget left after instruction k
            b.iload(e).aload(nx).getfield(CD_COMPILED, "insns", CD_INSNS).arraylength().if_icmplt(plain);
            b.aload(C).getfield(CD_CORE, "depth", CD_int).loadConstant(MAX_CHAIN).if_icmpge(plain);
            b.aload(C).dup().getfield(CD_CORE, "depth", CD_int).iconst_1().iadd().putfield(CD_CORE, "depth", CD_int);
            b.aload(C).dup().getfield(CD_CORE, "done", CD_long)
                    .aload(C).getfield(CD_CORE, "loops", CD_int).i2l().loadConstant((long) n).lmul().ladd()
                    .loadConstant((long) k + 1).ladd().putfield(CD_CORE, "done", CD_long);
            b.aload(C).aload(nx).putfield(CD_CORE, "cur", CD_COMPILED);
            b.aload(nx).aload(C).aload(IN).iload(e).invokevirtual(CD_COMPILED, "run", MTD_RUN).ireturn();
            b.labelBinding(plain);
            b.aload(C).loadConstant(slot).putfield(CD_CORE, "linkSlot", CD_int);
            b.loadConstant(value).ireturn();
        }

        /** Returns {@code value} from the method, with a pending flag record written first (state unchanged). */
        private void exit(int value) {
            if (pending) setLazy(flagKind, flagSize);
            b.loadConstant(value).ireturn();
        }

        /** Writes a pending flag record to Core (from here on Core's flags are current). */
        private void materialize() {
            if (pending) setLazy(flagKind, flagSize);
            pending = false;
        }

        private void setRip(long v) {
            b.aload(C).loadConstant(v).putfield(CD_CORE, "rip", CD_long);
        }

        private void reg(int i) {
            b.aload(r).loadConstant(i).laload();
        }

        /** Pushes the array and index of r[i]; the caller pushes the value and emits lastore. */
        private void regRef(int i) {
            b.aload(r).loadConstant(i);
        }

        private void xmmRef(int i) {
            b.aload(C).getfield(CD_CORE, "xmm", CD_LONGS).loadConstant(i);
        }

        private void mask(long mask) {
            if (mask != -1L) b.loadConstant(mask).land();
        }

        /** The operand's address: with the FS/GS base unless {@code lea}. */
        private void ea(Insn d, boolean lea) {
            long cst = d.disp + (d.base == Insn.RIP_BASE ? d.next : 0);
            boolean any = false;
            if (d.base >= 0 && d.base != Insn.RIP_BASE) {
                reg(d.base);
                any = true;
            }
            if (d.index >= 0) {
                reg(d.index);
                if (d.scale > 1) b.loadConstant(Integer.numberOfTrailingZeros(d.scale)).lshl();
                if (any) b.ladd();
                any = true;
            }
            if (cst != 0 || !any) {
                b.loadConstant(cst);
                if (any) b.ladd();
            }
            if (d.addrSize == 4) b.loadConstant(M32).land();
            if (!lea && d.seg != Insn.SEG_NONE) {
                b.aload(C).getfield(CD_CORE, d.seg == Insn.SEG_FS ? "fsBase" : "gsBase", CD_long).ladd();
            }
        }

        /** Pushes the zero-extended value of {@code size} bytes at the address the caller pushed (after m). */
        private void readAt(int size) {
            switch (size) {
                case 8 -> b.invokevirtual(CD_MMU, "read64", MethodTypeDesc.of(CD_long, CD_long));
                case 4 -> b.invokevirtual(CD_MMU, "read32", MethodTypeDesc.of(CD_int, CD_long)).i2l().loadConstant(M32).land();
                case 2 -> b.invokevirtual(CD_MMU, "read16", MethodTypeDesc.of(CD_int, CD_long)).i2l();
                default -> b.invokevirtual(CD_MMU, "read8", MethodTypeDesc.of(CD_int, CD_long)).i2l();
            }
        }

        private void read(Insn d, int size) {
            b.aload(m);
            ea(d, false);
            readAt(size);
        }

        /** Stores the long the caller pushed (after m and the address) to memory. */
        private void writeEnd(int size) {
            switch (size) {
                case 8 -> b.invokevirtual(CD_MMU, "write64", MethodTypeDesc.of(CD_void, CD_long, CD_long));
                case 4 -> b.l2i().invokevirtual(CD_MMU, "write32", MethodTypeDesc.of(CD_void, CD_long, CD_int));
                case 2 -> b.l2i().invokevirtual(CD_MMU, "write16", MethodTypeDesc.of(CD_void, CD_long, CD_int));
                default -> b.l2i().invokevirtual(CD_MMU, "write8", MethodTypeDesc.of(CD_void, CD_long, CD_int));
            }
        }

        /** After a store: a store into a frame holding decoded code leaves the block (the run loop checks it). */
        private void afterStore(int k, Insn d) {
            Label ok = b.newLabel();
            b.aload(m).getfield(CD_MMU, "codeStored", CD_boolean).ifeq(ok);
            setRip(d.next);
            exit((k + 1) << 4);
            b.labelBinding(ok);
        }

        private void setLazy(int kind, int size) {
            b.aload(C).loadConstant(kind).loadConstant(size).lload(res).lload(a).lload(bb)
                    .invokevirtual(CD_CORE, "setLazy", MethodTypeDesc.of(CD_void, CD_int, CD_int, CD_long, CD_long, CD_long));
        }

        /** The instruction handed to the interpreter, exactly as the run loop would. */
        private boolean generic(int k, Insn d) {
            materialize();
            pendingKind[k] = 0;
            flagKind = 0;
            if (PROFILE) b.loadConstant(d.op * 128 + d.fast).invokestatic(ClassDesc.of(PKG + "Translator"), "generic", MethodTypeDesc.of(CD_void, CD_int));
            setRip(d.next);
            b.aload(IN).aload(THIS).getfield(CD_COMPILED, "insns", CD_INSNS).loadConstant(k).aaload()
                    .invokevirtual(CD_INTERP, d.fast != 0 ? "fast" : "exec", MethodTypeDesc.of(CD_int, CD_INSN))
                    .istore(e);
            Label cont = b.newLabel();
            b.iload(e).ifeq(cont);
            b.iload(e).loadConstant(k << 4).ior().ireturn();
            b.labelBinding(cont);
            if (Op.endsBlock(d.op) || k == insns.length - 1) {
                // the block ends here whatever the exit: CONTINUE past its last instruction
                b.loadConstant((k + 1) << 4).ireturn();
                return true;
            }
            afterStore(k, d);
            return false;
        }

        private static boolean canonical(long va) {
            return (va << 16 >> 16) == va;
        }

        /** A branch to {@code target} taken by instruction k: back to the top while the budget lasts, else out. */
        private void branchTo(int k, long target) {
            // on this path Core's flags become current (the top of the block starts so); the
            // emitter's state is left alone for the code after it (another path)
            if (pending) setLazy(flagKind, flagSize);
            if (target == insns[0].rip) {
                Label out = b.newLabel();
                b.iload(left).loadConstant(insns.length).isub().istore(left);
                b.iload(left).ifle(out); // (left < 0 means this iteration was the last the budget allows)
                b.aload(C).dup().getfield(CD_CORE, "loops", CD_int).iconst_1().iadd().putfield(CD_CORE, "loops", CD_int);
                b.goto_(top);
                b.labelBinding(out);
                setRip(target);
                b.loadConstant((k << 4) | Interpreter.BRANCH).ireturn();
                return;
            }
            setRip(target);
            Label stub = b.newLabel();
            b.goto_(stub);
            stubs.add(() -> {
                b.labelBinding(stub);
                chainStub(k, 0, (k << 4) | Interpreter.BRANCH);
            });
        }

        /** Emits instruction k; returns whether it ended the method (emitted its returns). */
        private boolean insn(int k, Insn d) {
            long fm = d.fmask;
            switch (d.fast) {
                case Interpreter.F_MOV_RR64 -> { regRef(d.fdst); reg(d.fsrc); b.lastore(); }
                case Interpreter.F_MOV_RR32 -> { regRef(d.fdst); reg(d.fsrc); mask(M32); b.lastore(); }
                case Interpreter.F_MOV_RI64 -> { regRef(d.fdst); b.loadConstant(d.imm).lastore(); }
                case Interpreter.F_MOV_RI32 -> { regRef(d.fdst); b.loadConstant(d.imm & M32).lastore(); }
                case Interpreter.F_LEA64 -> { regRef(d.fdst); ea(d, true); b.lastore(); }
                case Interpreter.F_LEA32 -> { regRef(d.fdst); ea(d, true); mask(M32); b.lastore(); }
                case Interpreter.F_LOAD64 -> { regRef(d.fdst); read(d, 8); b.lastore(); }
                case Interpreter.F_LOAD32 -> { regRef(d.fdst); read(d, 4); b.lastore(); }
                case Interpreter.F_MOVZX_B_M -> { regRef(d.fdst); read(d, 1); b.lastore(); }
                case Interpreter.F_MOVZX_W_M -> { regRef(d.fdst); read(d, 2); b.lastore(); }
                case Interpreter.F_MOVZX_B_R -> { regRef(d.fdst); reg(d.fsrc); mask(0xff); b.lastore(); }
                case Interpreter.F_MOVZX_W_R -> { regRef(d.fdst); reg(d.fsrc); mask(0xffff); b.lastore(); }
                case Interpreter.F_MOVSX_B_R -> { regRef(d.fdst); reg(d.fsrc); b.l2i().i2b().i2l(); mask(fm); b.lastore(); }
                case Interpreter.F_MOVSX_B_M -> { regRef(d.fdst); read(d, 1); b.l2i().i2b().i2l(); mask(fm); b.lastore(); }
                case Interpreter.F_MOVSXD_R -> { regRef(d.fdst); reg(d.fsrc); b.l2i().i2l().lastore(); }
                case Interpreter.F_MOVSXD_M -> { regRef(d.fdst); read(d, 4); b.l2i().i2l().lastore(); }
                case Interpreter.F_LOAD8, Interpreter.F_LOAD16 -> {
                    long keep = d.fast == Interpreter.F_LOAD8 ? ~0xffL : ~0xffffL;
                    regRef(d.fdst);
                    reg(d.fdst);
                    b.loadConstant(keep).land();
                    read(d, d.fast == Interpreter.F_LOAD8 ? 1 : 2);
                    b.lor().lastore();
                }
                case Interpreter.F_MOV_RR8 -> {
                    regRef(d.fdst);
                    reg(d.fdst);
                    b.loadConstant(~0xffL).land();
                    reg(d.fsrc);
                    mask(0xff);
                    b.lor().lastore();
                }
                case Interpreter.F_STORE64, Interpreter.F_STORE32, Interpreter.F_STORE16, Interpreter.F_STORE8 -> {
                    int size = switch (d.fast) {
                        case Interpreter.F_STORE64 -> 8;
                        case Interpreter.F_STORE32 -> 4;
                        case Interpreter.F_STORE16 -> 2;
                        default -> 1;
                    };
                    b.aload(m);
                    ea(d, false);
                    reg(d.fsrc);
                    writeEnd(size);
                    afterStore(k, d);
                }
                case Interpreter.F_MOV_MI64, Interpreter.F_MOV_MI32, Interpreter.F_MOV_MI8 -> {
                    int size = d.fast == Interpreter.F_MOV_MI64 ? 8 : d.fast == Interpreter.F_MOV_MI32 ? 4 : 1;
                    b.aload(m);
                    ea(d, false);
                    b.loadConstant(d.imm);
                    writeEnd(size);
                    afterStore(k, d);
                }
                case Interpreter.F_ALU_RR64, Interpreter.F_ALU_RR32, Interpreter.F_ALU_RR8 -> {
                    reg(d.fdst); mask(fm); b.lstore(t1);
                    reg(d.fsrc); mask(fm); b.lstore(t2);
                    alu(d, d.opSize);
                }
                case Interpreter.F_ALU_RI64, Interpreter.F_ALU_RI32, Interpreter.F_ALU_RI8 -> {
                    reg(d.fdst); mask(fm); b.lstore(t1);
                    b.loadConstant(d.fast == Interpreter.F_ALU_RI8 ? d.imm & 0xff : d.imm).lstore(t2);
                    alu(d, d.opSize);
                }
                case Interpreter.F_ALU_RM64, Interpreter.F_ALU_RM32, Interpreter.F_ALU_RM8 -> {
                    read(d, d.opSize);
                    b.lstore(t2);
                    reg(d.fdst); mask(fm); b.lstore(t1);
                    alu(d, d.opSize);
                }
                case Interpreter.F_ALU_MR, Interpreter.F_ALU_MI, Interpreter.F_INC_M, Interpreter.F_DEC_M -> {
                    return aluMem(k, d);
                }
                case Interpreter.F_TEST_RR64, Interpreter.F_TEST_RR32, Interpreter.F_TEST_RR8 -> {
                    reg(d.fdst); mask(fm); b.lstore(t1);
                    reg(d.fsrc); mask(fm); b.lstore(t2);
                    test(d.opSize);
                }
                case Interpreter.F_TEST_RI, Interpreter.F_TEST_RI8 -> {
                    reg(d.fdst); mask(fm); b.lstore(t1);
                    b.loadConstant(d.imm & fm).lstore(t2);
                    test(d.opSize);
                }
                case Interpreter.F_TEST_MI8 -> {
                    read(d, 1);
                    b.lstore(t1);
                    b.loadConstant(d.imm & 0xff).lstore(t2);
                    test(1);
                }
                case Interpreter.F_SHIFT_RI, Interpreter.F_ROT_RI -> {
                    materialize(); // a rotate keeps the other flags from Core's record
                    regRef(d.fdst);
                    b.aload(C).loadConstant(d.reg & 7).loadConstant(d.opSize);
                    reg(d.fdst);
                    b.loadConstant(d.fsrc);
                    b.invokestatic(CD_ALU, d.fast == Interpreter.F_SHIFT_RI ? "shiftLazy" : "rotateLazy",
                            MethodTypeDesc.of(CD_long, CD_CORE, CD_int, CD_int, CD_long, CD_int));
                    b.lastore();
                    flagKind = 0;
                }
                case Interpreter.F_SHIFT_RCL, Interpreter.F_ROT_RCL -> {
                    materialize(); // a count of zero leaves the flags (and a rotate keeps some)
                    Label zero = b.newLabel(), done = b.newLabel();
                    reg(X86Cpu.RCX);
                    b.l2i().loadConstant(d.opSize == 8 ? 63 : 31).iand().istore(e);
                    b.iload(e).ifeq(zero);
                    regRef(d.fdst);
                    b.aload(C).loadConstant(d.fsrc).loadConstant(d.opSize);
                    reg(d.fdst);
                    b.iload(e);
                    b.invokestatic(CD_ALU, d.fast == Interpreter.F_SHIFT_RCL ? "shiftLazy" : "rotateLazy",
                            MethodTypeDesc.of(CD_long, CD_CORE, CD_int, CD_int, CD_long, CD_int));
                    b.lastore().goto_(done);
                    b.labelBinding(zero);
                    if (d.opSize == 4) { // a 32-bit destination is written (zero-extended) anyway
                        regRef(d.fdst);
                        reg(d.fdst);
                        mask(M32);
                        b.lastore();
                    }
                    b.labelBinding(done);
                    flagKind = 0;
                }
                case Interpreter.F_BT_RI, Interpreter.F_BT_MI -> {
                    if (d.fast == Interpreter.F_BT_RI) reg(d.fdst);
                    else if (d.opSize == 8) read(d, 8);
                    else read(d, 4);
                    b.lstore(x);
                    materialize();
                    b.aload(C).aload(C).invokevirtual(CD_CORE, "flags", MethodTypeDesc.of(CD_long)).loadConstant(~Core.CF).land();
                    b.lload(x).loadConstant(d.fsrc).lushr().loadConstant(1L).land().lor();
                    b.invokevirtual(CD_CORE, "setArith", MethodTypeDesc.of(CD_void, CD_long));
                    flagKind = 0;
                }
                case Interpreter.F_INC_R, Interpreter.F_DEC_R, Interpreter.F_NEG_R -> {
                    materialize(); // INC and DEC keep CF
                    regRef(d.fdst);
                    b.aload(C).loadConstant(d.opSize);
                    reg(d.fdst);
                    mask(fm);
                    String name = d.fast == Interpreter.F_INC_R ? "inc" : d.fast == Interpreter.F_DEC_R ? "dec" : "neg";
                    b.invokestatic(CD_ALU, name, MethodTypeDesc.of(CD_long, CD_CORE, CD_int, CD_long));
                    b.lastore();
                    flagKind = 0;
                }
                case Interpreter.F_NOT_R -> {
                    regRef(d.fdst);
                    reg(d.fdst);
                    b.loadConstant(-1L).lxor();
                    mask(fm);
                    b.lastore();
                }
                case Interpreter.F_IMUL_RR -> {
                    materialize();
                    regRef(d.fdst);
                    b.aload(C).loadConstant(d.opSize);
                    reg(d.fdst);
                    mask(fm);
                    reg(d.fsrc);
                    mask(fm);
                    b.invokestatic(CD_ALU, "imul", MethodTypeDesc.of(CD_long, CD_CORE, CD_int, CD_long, CD_long));
                    mask(fm);
                    b.lastore();
                    flagKind = 0;
                }
                case Interpreter.F_PUSH64 -> {
                    reg(X86Cpu.RSP);
                    b.loadConstant(8L).lsub().lstore(x);
                    b.aload(m).lload(x);
                    reg(d.fsrc);
                    writeEnd(8);
                    regRef(X86Cpu.RSP);
                    b.lload(x).lastore();
                    afterStore(k, d);
                }
                case Interpreter.F_POP64 -> {
                    b.aload(m);
                    reg(X86Cpu.RSP);
                    b.invokevirtual(CD_MMU, "read64", MethodTypeDesc.of(CD_long, CD_long)).lstore(x);
                    regRef(X86Cpu.RSP);
                    reg(X86Cpu.RSP);
                    b.loadConstant(8L).ladd().lastore();
                    regRef(d.fdst);
                    b.lload(x).lastore();
                }
                case Interpreter.F_CALL_REL -> {
                    if (!canonical(d.imm)) return generic(k, d);
                    reg(X86Cpu.RSP);
                    b.loadConstant(8L).lsub().lstore(x);
                    b.aload(m).lload(x).loadConstant(d.next);
                    writeEnd(8);
                    regRef(X86Cpu.RSP);
                    b.lload(x).lastore();
                    setRip(d.imm);
                    chainExit(k, 0, (k << 4) | Interpreter.BRANCH);
                    return true;
                }
                case Interpreter.F_JMP_REL -> {
                    if (!canonical(d.imm)) return generic(k, d);
                    branchTo(k, d.imm);
                    return true;
                }
                case Interpreter.F_MOVSD_LOAD -> {
                    xmmRef(d.fdst);
                    read(d, 8);
                    b.lastore();
                    xmmRef(d.fdst + 1);
                    b.lconst_0().lastore();
                }
                case Interpreter.F_MOVSD_STORE -> {
                    b.aload(m);
                    ea(d, false);
                    xmmRef(d.fsrc);
                    b.laload();
                    writeEnd(8);
                    afterStore(k, d);
                }
                case Interpreter.F_SD_RR, Interpreter.F_SD_RM -> {
                    // the common case inline; anything else (exceptions, odd operands) as the interpreter does it
                    b.aload(C).loadConstant(d.opcode).loadConstant(d.fdst);
                    if (d.fast == Interpreter.F_SD_RR) {
                        xmmRef(d.fsrc);
                        b.laload();
                    } else {
                        read(d, 8);
                    }
                    b.invokestatic(CD_INTERP, "scalarDouble", MethodTypeDesc.of(CD_boolean, CD_CORE, CD_int, CD_int, CD_long));
                    Label done = b.newLabel();
                    b.ifne(done);
                    // SSE arithmetic leaves RFLAGS alone: the interpreter's path needs no flag record
                    int kind = flagKind, size = flagSize;
                    boolean wasPending = pending;
                    boolean ended = generic(k, d);
                    pendingKind[k] = wasPending ? kind : 0; // the inline path's read may fault before the record is written
                    flagKind = kind;
                    flagSize = size;
                    pending = false;
                    b.labelBinding(done);
                    // on this (inline) path a pending record is still only in the locals
                    if (wasPending) {
                        setLazy(kind, size);
                    }
                    if (ended) {
                        setRip(d.next);
                        b.loadConstant((k + 1) << 4).ireturn();
                        return true;
                    }
                }
                case Interpreter.F_JMP_R, Interpreter.F_JMP_M, Interpreter.F_CALL_R, Interpreter.F_CALL_M -> {
                    if (d.fast == Interpreter.F_JMP_R || d.fast == Interpreter.F_CALL_R) reg(d.fdst);
                    else read(d, 8);
                    b.lstore(x);
                    Label gp = b.newLabel();
                    canonicalOr(x, gp);
                    if (d.fast == Interpreter.F_CALL_R || d.fast == Interpreter.F_CALL_M) {
                        b.aload(m);
                        reg(X86Cpu.RSP);
                        b.loadConstant(8L).lsub().loadConstant(d.next);
                        writeEnd(8);
                        regRef(X86Cpu.RSP);
                        reg(X86Cpu.RSP);
                        b.loadConstant(8L).lsub().lastore();
                    }
                    b.aload(C).lload(x).putfield(CD_CORE, "rip", CD_long);
                    indirectExit(k);
                    b.labelBinding(gp);
                    setRip(d.next);
                    exit((k << 4) | Interpreter.GP);
                    return true;
                }
                case Interpreter.F_RET -> {
                    b.aload(m);
                    reg(X86Cpu.RSP);
                    b.invokevirtual(CD_MMU, "read64", MethodTypeDesc.of(CD_long, CD_long)).lstore(x);
                    Label gp = b.newLabel();
                    canonicalOr(x, gp);
                    regRef(X86Cpu.RSP);
                    reg(X86Cpu.RSP);
                    b.loadConstant(8 + (d.sub == 1 ? d.imm : 0)).ladd().lastore();
                    b.aload(C).lload(x).putfield(CD_CORE, "rip", CD_long);
                    indirectExit(k);
                    b.labelBinding(gp);
                    setRip(d.next);
                    exit((k << 4) | Interpreter.GP);
                    return true;
                }
                case Interpreter.F_JCC -> {
                    if (!canonical(d.imm)) return generic(k, d);
                    cond(d.sub);
                    Label notTaken = b.newLabel();
                    b.ifeq(notTaken);
                    branchTo(k, d.imm);
                    b.labelBinding(notTaken);
                    setRip(d.next);
                    chainExit(k, 1, (k << 4) | Interpreter.BRANCH);
                    return true;
                }
                default -> { return other(k, d); }
            }
            return false;
        }

        /** Instructions without a fast form translated inline (SETcc, CMOVcc, 128-bit moves), else the interpreter. */
        private boolean other(int k, Insn d) {
            if (d.op == Op.TEST_EG && plain(d) && d.opSize != 1 || d.op == Op.TEST_EG && plain(d) && d.regB < 16) {
                int size = d.opSize;
                read(d, size);
                b.lstore(t1);
                reg(size == 1 ? d.regB : d.reg);
                mask(Core.mask(size));
                b.lstore(t2);
                test(size);
            } else if ((d.op == Op.SSE_LOGIC || d.op == Op.PCMPEQB) && (d.mod == 3 || plain(d))) {
                int g = d.reg * 2;
                if (!sseSource(k, d)) return false;
                for (int h = 0; h < 2; h++) { // x[g + h] op= source half
                    xmmRef(g + h);
                    if (d.op == Op.PCMPEQB) {
                        xmmRef(g + h);
                        b.laload().lload(h == 0 ? t1 : t2)
                                .invokestatic(ClassDesc.of(PKG + "SseOps"), "cmpeqb", MethodTypeDesc.of(CD_long, CD_long, CD_long));
                    } else {
                        xmmRef(g + h);
                        b.laload();
                        switch (d.sub) {
                            case 0 -> b.lload(h == 0 ? t1 : t2).lxor();
                            case 1 -> b.lload(h == 0 ? t1 : t2).land();
                            case 2 -> b.loadConstant(-1L).lxor().lload(h == 0 ? t1 : t2).land();
                            default -> b.lload(h == 0 ? t1 : t2).lor();
                        }
                    }
                    b.lastore();
                }
            } else if (d.op == Op.PMOVMSKB && d.mod == 3) {
                regRef(d.reg);
                xmmRef(d.rm * 2);
                b.laload();
                xmmRef(d.rm * 2 + 1);
                b.laload();
                b.invokestatic(ClassDesc.of(PKG + "SseOps"), "movmskb", MethodTypeDesc.of(CD_long, CD_long, CD_long));
                b.lastore();
            } else if ((d.op == Op.MUL || d.op == Op.IMUL1 || d.op == Op.DIV || d.op == Op.IDIV)
                    && (d.opSize == 8 || d.opSize == 4) && (d.mod == 3 || plain(d))) {
                // one-operand multiply and divide: the operand (register or memory) to Alu, as exec does
                if (d.mod == 3) {
                    reg(d.rm);
                    mask(Core.mask(d.opSize));
                } else {
                    read(d, d.opSize);
                }
                b.lstore(x);
                materialize();
                flagKind = 0;
                b.aload(C).loadConstant(d.opSize).lload(x).loadConstant(d.op == Op.IMUL1 || d.op == Op.IDIV ? 1 : 0);
                if (d.op == Op.MUL || d.op == Op.IMUL1) {
                    b.invokestatic(CD_ALU, "mul1", MethodTypeDesc.of(CD_void, CD_CORE, CD_int, CD_long, CD_boolean));
                } else {
                    b.invokestatic(CD_ALU, "div", MethodTypeDesc.of(CD_boolean, CD_CORE, CD_int, CD_long, CD_boolean));
                    Label ok = b.newLabel();
                    b.ifne(ok);
                    setRip(d.next);
                    exit((k << 4) | Interpreter.DE);
                    b.labelBinding(ok);
                }
            } else if (d.op == Op.IMUL_GE && (d.opSize == 8 || d.opSize == 4) && plain(d)) {
                long mk = Core.mask(d.opSize);
                read(d, d.opSize);
                b.lstore(x);
                materialize();
                flagKind = 0;
                regRef(d.reg);
                b.aload(C).loadConstant(d.opSize);
                reg(d.reg);
                mask(mk);
                b.lload(x);
                b.invokestatic(CD_ALU, "imul", MethodTypeDesc.of(CD_long, CD_CORE, CD_int, CD_long, CD_long));
                mask(mk);
                b.lastore();
            } else if (d.op == Op.CWD && (d.opSize == 8 || d.opSize == 4)) { // CDQ, CQO
                regRef(X86Cpu.RDX);
                reg(X86Cpu.RAX);
                if (d.opSize == 8) {
                    b.loadConstant(63).lshr();
                } else {
                    b.l2i().loadConstant(31).ishr().i2l().loadConstant(M32).land();
                }
                b.lastore();
            } else if (d.op == Op.SETCC && d.mod == 3 && d.rmB < 16) {
                regRef(d.rmB);
                reg(d.rmB);
                b.loadConstant(~0xffL).land();
                cond(d.sub);
                b.i2l().lor().lastore();
            } else if (d.op == Op.CMOVCC && (d.opSize == 8 || d.opSize == 4) && (d.mod == 3 || plain(d))) {
                // the source is read (and may fault) whether or not it moves; 32 bits always zero-extend
                if (d.mod == 3) reg(d.rm);
                else read(d, d.opSize);
                b.lstore(x);
                Label keep = b.newLabel(), done = b.newLabel();
                cond(d.sub);
                b.ifeq(keep);
                regRef(d.reg);
                b.lload(x);
                mask(d.opSize == 8 ? -1L : M32);
                b.lastore().goto_(done);
                b.labelBinding(keep);
                if (d.opSize == 4) {
                    regRef(d.reg);
                    reg(d.reg);
                    mask(M32);
                    b.lastore();
                }
                b.labelBinding(done);
            } else if ((d.op == Op.SSE_MOV_LOAD || d.op == Op.SSE_MOV_STORE) && d.map == 1
                    && (d.mod == 3 || plain(d)) && !(d.op == Op.SSE_MOV_STORE && d.mod == 3 && d.sub == 2)) {
                int g = d.reg * 2, rm = d.rm * 2;
                if (d.mod == 3) { // register to register
                    int to = d.op == Op.SSE_MOV_LOAD ? g : rm, from = d.op == Op.SSE_MOV_LOAD ? rm : g;
                    xmmRef(to);
                    xmmRef(from);
                    b.laload().lastore();
                    xmmRef(to + 1);
                    xmmRef(from + 1);
                    b.laload().lastore();
                    return false;
                }
                ea(d, false);
                b.lstore(x);
                if (d.sub != 0) { // aligned forms: #GP on a misaligned address
                    Label ok = b.newLabel();
                    b.lload(x).loadConstant(15L).land().lconst_0().lcmp().ifeq(ok);
                    setRip(d.next);
                    exit((k << 4) | Interpreter.GP);
                    b.labelBinding(ok);
                }
                if (d.op == Op.SSE_MOV_LOAD) {
                    b.aload(m).lload(x);
                    readAt(8);
                    b.lstore(t1);
                    b.aload(m).lload(x).loadConstant(8L).ladd();
                    readAt(8);
                    b.lstore(t2);
                    xmmRef(g);
                    b.lload(t1).lastore();
                    xmmRef(g + 1);
                    b.lload(t2).lastore();
                } else {
                    b.aload(m).lload(x).loadConstant(16)
                            .invokevirtual(CD_MMU, "checkWrite", MethodTypeDesc.of(CD_void, CD_long, CD_int));
                    b.aload(m).lload(x);
                    xmmRef(g);
                    b.laload();
                    writeEnd(8);
                    b.aload(m).lload(x).loadConstant(8L).ladd();
                    xmmRef(g + 1);
                    b.laload();
                    writeEnd(8);
                    afterStore(k, d);
                }
            } else {
                return generic(k, d);
            }
            return false;
        }

        /**
         * The 128-bit source of a two-operand SSE instruction into t1 (low) and t2 (high): a
         * register, or an aligned memory operand (#GP, returned, when misaligned).
         */
        private boolean sseSource(int k, Insn d) {
            if (d.mod == 3) {
                xmmRef(d.rm * 2);
                b.laload().lstore(t1);
                xmmRef(d.rm * 2 + 1);
                b.laload().lstore(t2);
                return true;
            }
            ea(d, false);
            b.lstore(x);
            Label ok = b.newLabel();
            b.lload(x).loadConstant(15L).land().lconst_0().lcmp().ifeq(ok);
            setRip(d.next);
            exit((k << 4) | Interpreter.GP);
            b.labelBinding(ok);
            b.aload(m).lload(x);
            readAt(8);
            b.lstore(t1);
            b.aload(m).lload(x).loadConstant(8L).ladd();
            readAt(8);
            b.lstore(t2);
            return true;
        }

        /**
         * ALU operation, INC or DEC on a memory operand: read, compute, write (which may fault:
         * nothing is changed before it), then the flags. CMP only reads.
         */
        private boolean aluMem(int k, Insn d) {
            int size = d.opSize;
            int kind = switch (d.fast) {
                case Interpreter.F_INC_M -> -1;
                case Interpreter.F_DEC_M -> -2;
                default -> d.sub;
            };
            if (kind == Alu.ADC || kind == Alu.SBB) return generic(k, d);
            ea(d, false);
            b.lstore(x);
            if (kind != Alu.CMP) { // checked for writing first, as the interpreter does (the fault says "write")
                b.aload(m).lload(x).loadConstant(size).invokevirtual(CD_MMU, "checkWrite", MethodTypeDesc.of(CD_void, CD_long, CD_int));
            }
            b.aload(m).lload(x);
            readAt(size);
            b.lstore(t1);
            if (kind < 0) {
                materialize(); // INC and DEC keep CF: Alu sets the record after the write
                b.aload(m).lload(x).lload(t1).loadConstant(kind == -1 ? 1L : -1L).ladd();
                writeEnd(size);
                b.aload(C).loadConstant(size).lload(t1)
                        .invokestatic(CD_ALU, kind == -1 ? "inc" : "dec", MethodTypeDesc.of(CD_long, CD_CORE, CD_int, CD_long))
                        .pop2();
                flagKind = 0;
                afterStore(k, d);
                return false;
            }
            if (d.fast == Interpreter.F_ALU_MR) reg(d.fsrc);
            else b.loadConstant(d.imm);
            b.lstore(t2);
            if (kind == Alu.CMP) {
                alu(d, size);
                return false;
            }
            b.aload(m).lload(x).lload(t1).lload(t2);
            switch (kind) {
                case Alu.ADD -> b.ladd();
                case Alu.OR -> b.lor();
                case Alu.AND -> b.land();
                case Alu.XOR -> b.lxor();
                default -> b.lsub();
            }
            writeEnd(size);
            aluFlags(kind, size);
            afterStore(k, d);
            return false;
        }

        /** ALU kind d.sub on t1, t2 (operand-size values; t2 may be a sign-extended immediate); writes r[fdst] unless CMP. */
        private void alu(Insn d, int size) {
            int kind = d.sub;
            if (kind == Alu.ADC || kind == Alu.SBB) {
                materialize(); // they read CF
                b.aload(C).loadConstant(kind).loadConstant(size).lload(t1).lload(t2)
                        .invokestatic(CD_ALU, "alu", MethodTypeDesc.of(CD_long, CD_CORE, CD_int, CD_int, CD_long, CD_long))
                        .lstore(x);
                flagKind = 0;
                regRef(d.fdst);
                b.lload(x);
                if (size == 1) byteMerge(d.fdst);
                b.lastore();
                return;
            }
            aluFlags(kind, size);
            if (kind != Alu.CMP && d.fast != Interpreter.F_ALU_MR && d.fast != Interpreter.F_ALU_MI) {
                regRef(d.fdst);
                b.lload(res);
                mask(Core.mask(size));
                if (size == 1) byteMerge(d.fdst);
                b.lastore();
            }
        }

        /** Replaces the low byte of r[reg] with the byte value on the stack. */
        private void byteMerge(int reg) {
            reg(reg);
            b.loadConstant(~0xffL).land().lor();
        }

        /** The flag record of ALU kind on t1, t2 becomes pending: a, bb, res take the operands and result. */
        private void aluFlags(int kind, int size) {
            b.lload(t1).lstore(a).lload(t2).lstore(bb);
            b.lload(a).lload(bb);
            switch (kind) {
                case Alu.ADD -> b.ladd();
                case Alu.OR -> b.lor();
                case Alu.AND -> b.land();
                case Alu.XOR -> b.lxor();
                default -> b.lsub(); // SUB, CMP
            }
            b.lstore(res);
            flagKind = switch (kind) {
                case Alu.ADD -> Core.L_ADD;
                case Alu.SUB, Alu.CMP -> Core.L_SUB;
                default -> Core.L_LOGIC;
            };
            flagSize = size;
            pending = true;
        }

        private void test(int size) {
            b.lload(t1).lstore(a).lload(t2).lstore(bb);
            b.lload(a).lload(bb).land().lstore(res);
            flagKind = Core.L_LOGIC;
            flagSize = size;
            pending = true;
        }

        /** A memory operand without LOCK and with a 64-bit address (FS/GS allowed). */
        private static boolean plain(Insn d) {
            return d.mod != 3 && d.addrSize == 8 && !d.has(Insn.LOCK);
        }

        /** Falls through if the long in local {@code v} is a canonical address, else jumps to {@code bad}. */
        private void canonicalOr(int v, Label bad) {
            b.lload(v).loadConstant(16).lshl().loadConstant(16).lshr().lload(v).lcmp().ifne(bad);
        }

        /** Pushes condition cc (0 or 1): from the locals when the block's last flag setter allows, else Core.cond. */
        private void cond(int cc) {
            int t = cc >>> 1;
            long mk = Core.mask(flagSize), sign = Core.signBit(flagSize);
            boolean done = true;
            if (flagKind == Core.L_SUB) {
                switch (t) {
                    case 1 -> { unsigned(mk); b.iflt(yes()); } // B
                    case 2 -> { b.lload(a); mask(mk); b.lload(bb); mask(mk); b.lcmp(); b.ifeq(yes()); } // E
                    case 3 -> { unsigned(mk); b.ifle(yes()); } // BE
                    case 4 -> { b.lload(res).loadConstant(sign).land().lconst_0().lcmp(); b.ifne(yes()); } // S
                    case 6 -> { signed(); b.iflt(yes()); } // L
                    case 7 -> { signed(); b.ifle(yes()); } // LE
                    default -> done = false; // O, P
                }
            } else if (flagKind == Core.L_LOGIC || flagKind == Core.L_ADD) {
                boolean logic = flagKind == Core.L_LOGIC;
                switch (t) {
                    case 2 -> { b.lload(res); mask(mk); b.lconst_0().lcmp(); b.ifeq(yes()); } // E
                    case 4 -> { b.lload(res).loadConstant(sign).land().lconst_0().lcmp(); b.ifne(yes()); } // S
                    case 0, 1 -> { // O, B: never after a logic op
                        if (logic) b.goto_(no());
                        else done = false;
                    }
                    case 3 -> { // BE: ZF after a logic op
                        if (logic) { b.lload(res); mask(mk); b.lconst_0().lcmp(); b.ifeq(yes()); }
                        else done = false;
                    }
                    case 6 -> { // L: SF != OF, OF clear
                        if (logic) { b.lload(res).loadConstant(sign).land().lconst_0().lcmp(); b.ifne(yes()); }
                        else done = false;
                    }
                    case 7 -> { // LE: ZF or SF
                        if (logic) {
                            b.lload(res); mask(mk); b.lconst_0().lcmp(); b.ifeq(yes());
                            b.lload(res).loadConstant(sign).land().lconst_0().lcmp(); b.ifne(yes());
                        } else done = false;
                    }
                    default -> done = false;
                }
            } else {
                done = false;
            }
            if (!done) {
                materialize();
                pendingYes = null;
                pendingNo = null;
                b.aload(C).loadConstant(cc).invokevirtual(CD_CORE, "cond", MethodTypeDesc.of(CD_boolean, CD_int));
                return;
            }
            // fell through: the base condition is false
            Label end = b.newLabel();
            if (pendingNo != null) b.labelBinding(pendingNo);
            b.loadConstant((cc & 1) != 0 ? 1 : 0).goto_(end);
            if (pendingYes != null) {
                b.labelBinding(pendingYes);
                b.loadConstant((cc & 1) != 0 ? 0 : 1).goto_(end);
            }
            b.labelBinding(end);
            pendingYes = null;
            pendingNo = null;
        }

        private Label pendingYes, pendingNo;

        private Label yes() {
            if (pendingYes == null) pendingYes = b.newLabel();
            return pendingYes;
        }

        private Label no() {
            if (pendingNo == null) pendingNo = b.newLabel();
            return pendingNo;
        }

        /** Pushes compareUnsigned(a & mk, bb & mk). */
        private void unsigned(long mk) {
            b.lload(a);
            mask(mk);
            b.lload(bb);
            mask(mk);
            b.invokestatic(CD_LONG_BOX, "compareUnsigned", MethodTypeDesc.of(CD_int, CD_long, CD_long));
        }

        /** Pushes the signed comparison of a and bb at the flag size. */
        private void signed() {
            b.lload(a);
            signExtend();
            b.lload(bb);
            signExtend();
            b.lcmp();
        }

        private void signExtend() {
            switch (flagSize) {
                case 4 -> b.l2i().i2l();
                case 2 -> b.l2i().i2s().i2l();
                case 1 -> b.l2i().i2b().i2l();
                default -> { }
            }
        }
    }
}
