package io.helctic.machine.cpu.x86_64.translate;

import static io.helctic.machine.cpu.x86_64.translate.Translator.*;
import static java.lang.constant.ConstantDescs.CD_boolean;
import static java.lang.constant.ConstantDescs.CD_int;
import static java.lang.constant.ConstantDescs.CD_long;
import static java.lang.constant.ConstantDescs.CD_void;

import io.helctic.machine.cpu.jit.Translation;
import io.helctic.machine.cpu.jit.TranslationQueue;
import io.helctic.machine.cpu.x86_64.core.Core;
import io.helctic.machine.cpu.x86_64.core.Exit;
import io.helctic.machine.cpu.x86_64.decode.Fast;
import io.helctic.machine.cpu.x86_64.decode.Insn;
import io.helctic.machine.cpu.x86_64.decode.Op;
import io.helctic.machine.cpu.x86_64.exec.Alu;
import io.helctic.machine.cpu.jit.BytecodeWriter;
import io.helctic.machine.cpu.jit.BytecodeWriter.Label;
import java.lang.constant.ClassDesc;
import java.lang.constant.MethodTypeDesc;

/**
 * Emits one block's {@code run(Core c, Interpreter in, int budget, int depth)}.
 *
 * <p>Flags: an inline ADD, OR, AND, XOR, SUB, CMP or TEST keeps its operands and result in the
 * locals {@code a}, {@code bb}, {@code res} and does not write the lazy-flag record at once
 * ("pending"): a later compare or test in the block makes it dead, a conditional jump, SETcc
 * or CMOVcc reads it from the locals. The record is written wherever Core's flags may be
 * read: before an instruction handed to the interpreter or an {@link Alu} call, at every exit
 * of the block, and in the exception handler of every instruction that can fault while a
 * record is pending, so a fault still leaves exactly the flags of the instruction boundary.
 * Flags nothing can observe before they are all written again are not computed at all
 * ({@link #flagsLive}); a looping block carries its last record into the next pass in locals
 * ({@link #carried}) instead of writing it at the back edge.
 *
 * <p>A block whose last instruction jumps back to its own start loops inside the method
 * while the budget lasts ({@link Core#loops} counts the iterations).
 */
abstract class BlockEmitter {
    static final int THIS = 0, C = 1, IN = 2, BUDGET = 3, DEPTH = 4;
    final BytecodeWriter b;
    final Insn[] insns;
    final int r, m, a, bb, res, x, t1, t2, e, left, nx, lp, kx, ck, cs;
    /** Chained exits, emitted after the block's code (outside the instructions' exception ranges). */
    final java.util.List<Runnable> stubs = new java.util.ArrayList<>();
    /** What the locals a, bb, res hold: the last inline flag setter's kind (0: none) and size. */
    int flagKind, flagSize;
    /** Whether that setter's record is not yet in Core. */
    boolean pending;
    /**
     * In a looping block, from its start until the pass's first flag setter or write of the
     * record: the record of the previous pass's last setter may still be only in the locals
     * a, bb, res — its kind and size in the locals {@link #ck}, {@link #cs} (0: none; Core's
     * record is current then, as on the first entry). The back edge keeps it there instead of
     * writing it to Core every pass; whatever needs Core's flags first writes it ({@link #settle}).
     */
    boolean carried;
    /** A pending-kind value for {@link #pendingKind}: the carried record, whatever it is at run time. */
    static final int CARRIED = 0xff;
    /** Per instruction: the pending record (kind, 0 if none) and size where it may throw. */
    final int[] pendingKind, pendingSize;
    Label top;
    /**
     * Whether the last instruction jumps back to the start (the method then loops; only the
     * last: a pass of the loop is the whole array, which a region guarantees).
     */
    final boolean selfLoop;
    /**
     * Per instruction: whether the flags it leaves may be observed — read, or seen at a fault or
     * an exit — before an instruction writes all of them again ({@link #flagsLive}).
     */
    final boolean[] flagsOut;

    BlockEmitter(BytecodeWriter b, Insn[] insns) {
        this.b = b;
        this.insns = insns;
        r = b.allocateReference();
        m = b.allocateReference();
        a = b.allocateLong();
        bb = b.allocateLong();
        res = b.allocateLong();
        x = b.allocateLong();
        t1 = b.allocateLong();
        t2 = b.allocateLong();
        e = b.allocateInt();
        ck = b.allocateInt();
        cs = b.allocateInt();
        left = b.allocateInt();
        nx = b.allocateReference();
        lp = b.allocateInt();
        kx = b.allocateInt();
        pendingKind = new int[insns.length];
        pendingSize = new int[insns.length];
        selfLoop = insns[insns.length - 1].jumpsTo(insns[0].rip);
        flagsOut = flagsLive(insns);
    }

    /** How an instruction meets the flags for {@link #flagsLive}. */
    private static final int NEUTRAL = 0, KILLS = 1, OBSERVES = 2;

    /**
     * Flag liveness, backwards over the array: after instruction k the flags are dead when the
     * instructions that follow, up to one that writes every flag, neither read them nor can
     * fault or leave the method (a fault or an exit shows the flags of its boundary). Only
     * register forms that cannot fault are looked through; anything else (memory operands,
     * branches, the interpreter, the end of the array) counts as observing.
     */
    static boolean[] flagsLive(Insn[] insns) {
        boolean[] out = new boolean[insns.length];
        boolean live = true; // after the last instruction: an exit
        for (int k = insns.length - 1; k >= 0; k--) {
            out[k] = live;
            switch (flagUse(insns, k)) {
                case KILLS -> live = false;
                case OBSERVES -> live = true;
                default -> { }
            }
        }
        return out;
    }

    private static int flagUse(Insn[] insns, int k) {
        Insn d = insns[k];
        return switch (d.fast) {
            case Fast.F_MOV_RR64, Fast.F_MOV_RR32, Fast.F_MOV_RI64, Fast.F_MOV_RI32, Fast.F_LEA64, Fast.F_LEA32,
                    Fast.F_MOVZX_B_R, Fast.F_MOVZX_BH_R, Fast.F_MOVZX_W_R, Fast.F_MOVSX_B_R, Fast.F_MOVSXD_R,
                    Fast.F_MOV_RR8, Fast.F_NOT_R -> NEUTRAL;
            case Fast.F_JMP_REL -> canonical(d.imm) && k < insns.length - 1 && insns[k + 1].rip == d.imm
                    ? NEUTRAL : OBSERVES; // (a region going on at the target)
            case Fast.F_ALU_RR64, Fast.F_ALU_RR32, Fast.F_ALU_RR8, Fast.F_ALU_RI64, Fast.F_ALU_RI32, Fast.F_ALU_RI8,
                    Fast.F_ALU_RI8H -> d.sub == Op.ADC || d.sub == Op.SBB ? OBSERVES : KILLS;
            case Fast.F_TEST_RR64, Fast.F_TEST_RR32, Fast.F_TEST_RR8, Fast.F_TEST_RR16, Fast.F_TEST_RI,
                    Fast.F_TEST_RI8, Fast.F_TEST_RI8H, Fast.F_IMUL_RR, Fast.F_SHIFT_RI, Fast.F_NEG_R -> KILLS;
            case 0 -> movesOnly(d) ? NEUTRAL : OBSERVES;
            default -> OBSERVES;
        };
    }

    /** Instructions without a fast form that {@code InsnEmitter.other} translates inline without flags or memory. */
    private static boolean movesOnly(Insn d) {
        boolean wide = d.opSize == 8 || d.opSize == 4;
        return switch (d.op) {
            case Op.CBW, Op.CWD, Op.BSWAP -> wide;
            case Op.MOVD_TO_XMM, Op.MOVD_FROM_XMM -> wide && d.mod == 3;
            default -> false;
        };
    }

    /** The instruction being emitted. */
    int at;

    /** Whether instruction k's flags are never observed (it may then leave them uncomputed). */
    boolean flagsDead(int k) {
        return !flagsOut[k];
    }

    void block() {
        b.aload(C).getfield(CD_CORE, "r", CD_LONGS).astore(r);
        b.aload(C).getfield(CD_CORE, "mmu", CD_MMU).astore(m);
        // every local defined on every path, for the verifier
        b.lconst_0().lstore(a).lconst_0().lstore(bb).lconst_0().lstore(res).lconst_0().lstore(x)
                .lconst_0().lstore(t1).lconst_0().lstore(t2).iconst_0().istore(e).iconst_0().istore(lp)
                .iconst_0().istore(kx).iconst_0().istore(ck).iconst_0().istore(cs);
        b.aload(C).iconst_0().putfield(CD_CORE, "loops", CD_int);
        b.aload(C).iconst_m1().putfield(CD_CORE, "linkSlot", CD_int);
        b.aconst_null().astore(nx);
        b.iload(BUDGET).loadConstant(insns.length).isub().istore(left);
        top = b.newLabel();
        b.labelBinding(top);
        carried = selfLoop;
        int n = insns.length;
        Label[] start = new Label[n + 1];
        for (int k = 0; k <= n; k++) start[k] = b.newLabel();
        boolean ended = false;
        for (int k = 0; k < n; k++) {
            b.labelBinding(start[k]);
            b.loadConstant(k).istore(kx); // which instruction, for the handlers (a constant where HotSpot compiles it)
            pendingKind[k] = pending ? flagKind : carried ? CARRIED : 0;
            pendingSize[k] = flagSize;
            at = k;
            ended = insn(k, insns[k]);
        }
        b.labelBinding(start[n]);
        if (!ended) {
            setRip(insns[n - 1].next);
            flushFlags();
            chainStub(n - 1, 0, n << 4);
        }
        for (Runnable stub : stubs) stub.run();
        // one handler per pending flag record (most instructions share "none"): the instruction
        // that threw is in local kx
        // (keyed by kind << 8 | size, the pending record: not a record class, whose equals and
        // hashCode would spin method-handle classes at the first translation)
        java.util.Map<Integer, Label> handlers = new java.util.LinkedHashMap<>();
        for (int k = 0; k < n; k++) {
            Integer p = pendingKind[k] == 0 ? 0 : pendingKind[k] == CARRIED ? -1 : pendingKind[k] << 8 | pendingSize[k];
            Label h = handlers.get(p);
            if (h == null) handlers.put(p, h = b.newLabel());
            b.exceptionCatchAll(start[k], start[k + 1], h);
        }
        for (java.util.Map.Entry<Integer, Label> e : handlers.entrySet()) {
            b.labelBinding(e.getValue());
            // the throwable is on the stack: the flags of the boundary, which instruction threw, rethrow
            int p = e.getKey();
            if (p == -1) settle();
            else if (p != 0) setLazy(p >>> 8, p & 0xff);
            storeLoops();
            b.aload(C).iload(kx).putfield(CD_CORE, "bk", CD_int).athrow();
        }
    }

    // ---- helpers ----

    /**
     * Leaves by instruction k's exit {@code slot} (rip already set), returning {@code value}
     * unless the exit is linked to a translation that can run: then that runs, chained.
     */
    void chainExit(int k, int slot, int value) {
        flushFlags();
        Label stub = b.newLabel();
        b.goto_(stub);
        stubs.add(() -> {
            b.labelBinding(stub);
            chainStub(k, slot, value);
        });
    }

    /**
     * The end of an indirect JMP, CALL or RET whose target (local x) was found canonical: rip
     * becomes the target, and the exit may chain; at {@code gp} (not canonical) the
     * instruction leaves with #GP.
     */
    void jumpIndirect(int k, Insn d, Label gp) {
        b.aload(C).lload(x).putfield(CD_CORE, "rip", CD_long);
        indirectExit(k);
        b.labelBinding(gp);
        setRip(d.next);
        exit((k << 4) | Exit.GP);
    }

    /** An indirect exit (target in local x, rip set): chained when its translation's table holds the target's ({@link Compiled#indirect}). */
    void indirectExit(int k) {
        flushFlags();
        Label stub = b.newLabel();
        b.goto_(stub);
        stubs.add(() -> {
            b.labelBinding(stub);
            chainStub(k, 2, (k << 4) | Exit.BRANCH);
        });
    }

    /** Direct exits emitted so far: each has its own link ({@link Compiled#links}). */
    int sites;
    /** Whether an indirect exit was emitted (the translation then has {@link Compiled#targets}). */
    boolean indirect;

    /**
     * Instruction k's exit: {@code slot} 0 or 1 a direct one (taken, not taken: its own link
     * site), 2 an indirect one (target in local x: {@link Compiled#indirect}).
     */
    void chainStub(int k, int slot, int value) {
        int n = insns.length;
        if (slot == 2) { // Compiled.indirect(this, x, c, in, left + n - k - 1, depth, value)
            indirect = true;
            storeLoops(); // (for the return to the run loop; a chained translation clears it)
            b.aload(THIS).lload(x).aload(C).aload(IN).iload(left).loadConstant(n - k - 1).iadd().iload(DEPTH).loadConstant(value);
            b.invokestatic(CD_COMPILED, "indirect", MTD_INDIRECT).ireturn();
            return;
        }
        int site = sites++;
        Label plain = b.newLabel();
        b.aload(THIS).getfield(CD_COMPILED, "links", CD_COMPILED.arrayType()).loadConstant(site).aaload().astore(nx);
        b.aload(nx).ifnull(plain);
        b.aload(THIS).getfield(CD_TRANSLATION, "linkGen", CD_int).aload(m).getfield(CD_MMU, "gen", CD_int).if_icmpne(plain);
        b.aload(nx).getfield(CD_TRANSLATION, "valid", CD_boolean).ifeq(plain);
        // the budget left after instruction k must cover any block (no load of the target's length)
        b.iload(left).loadConstant(n - k - 1).iadd().istore(e);
        b.iload(e).loadConstant(Block.MAX_BLOCK).if_icmplt(plain);
        b.iload(DEPTH).loadConstant(TranslationQueue.MAX_CHAIN).if_icmpge(plain);
        // plain stores only: the run loop derives what was completed from the last entry budget
        b.aload(C).iload(DEPTH).iconst_1().iadd().putfield(CD_CORE, "depth", CD_int);
        b.aload(C).iload(e).putfield(CD_CORE, "entry", CD_int);
        b.aload(C).aload(nx).putfield(CD_CORE, "cur", CD_TRANSLATION);
        b.aload(nx).aload(C).aload(IN).iload(e).iload(DEPTH).iconst_1().iadd().invokevirtual(CD_COMPILED, "run", MTD_RUN).ireturn();
        b.labelBinding(plain);
        b.aload(C).loadConstant(site).putfield(CD_CORE, "linkSlot", CD_int);
        b.loadConstant(value);
        ret();
    }

    /** Returns {@code value} from the method, with a pending flag record written first (state unchanged). */
    void exit(int value) {
        flushFlags();
        b.loadConstant(value);
        ret();
    }

    /**
     * Returns the int on the stack to the run loop: a looping block first stores its pass count
     * (kept in a local, {@link Core#loops} is written only on the way out).
     */
    void ret() {
        storeLoops();
        b.ireturn();
    }

    void storeLoops() {
        if (selfLoop) b.aload(C).iload(lp).putfield(CD_CORE, "loops", CD_int);
    }

    /**
     * Before code that reads or writes Core's flags itself (an {@link Alu} call, the interpreter):
     * the pending record written, and the locals no longer describe the flags.
     */
    void coreFlags() {
        materialize();
        flagKind = 0;
    }

    /** Writes a pending flag record to Core (from here on Core's flags are current). */
    void materialize() {
        flushFlags();
        pending = false;
        carried = false;
    }

    /** Writes the record to Core if it is only in the locals (pending, or carried from the last pass); state unchanged. */
    void flushFlags() {
        if (pending) setLazy(flagKind, flagSize);
        else if (carried) settle();
    }

    /** The carried record to Core, if there is one at run time. */
    void settle() {
        Label none = b.newLabel();
        b.iload(ck).ifeq(none);
        b.aload(C).iload(ck).iload(cs).lload(res).lload(a).lload(bb)
                .invokevirtual(CD_CORE, "setLazy", MethodTypeDesc.of(CD_void, CD_int, CD_int, CD_long, CD_long, CD_long));
        b.labelBinding(none);
    }

    void setRip(long v) {
        b.aload(C).loadConstant(v).putfield(CD_CORE, "rip", CD_long);
    }

    void reg(int i) {
        b.aload(r).loadConstant(i).laload();
    }

    /** Pushes the array and index of r[i]; the caller pushes the value and emits lastore. */
    void regRef(int i) {
        b.aload(r).loadConstant(i);
    }

    void xmmRef(int i) {
        b.aload(C).getfield(CD_CORE, "xmm", CD_LONGS).loadConstant(i);
    }

    void mask(long mask) {
        if (mask != -1L) b.loadConstant(mask).land();
    }

    /** The operand's address: with the FS/GS base unless {@code lea}. */
    void ea(Insn d, boolean lea) {
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
    void readAt(int size) {
        switch (size) {
            case 8 -> b.invokevirtual(CD_MMU, "read64", MethodTypeDesc.of(CD_long, CD_long));
            case 4 -> b.invokevirtual(CD_MMU, "read32", MethodTypeDesc.of(CD_int, CD_long)).i2l().loadConstant(M32).land();
            case 2 -> b.invokevirtual(CD_MMU, "read16", MethodTypeDesc.of(CD_int, CD_long)).i2l();
            default -> b.invokevirtual(CD_MMU, "read8", MethodTypeDesc.of(CD_int, CD_long)).i2l();
        }
    }

    void read(Insn d, int size) {
        b.aload(m);
        ea(d, false);
        readAt(size);
    }

    /** Stores the long the caller pushed (after m and the address) to memory. */
    void writeEnd(int size) {
        switch (size) {
            case 8 -> b.invokevirtual(CD_MMU, "write64", MethodTypeDesc.of(CD_void, CD_long, CD_long));
            case 4 -> b.l2i().invokevirtual(CD_MMU, "write32", MethodTypeDesc.of(CD_void, CD_long, CD_int));
            case 2 -> b.l2i().invokevirtual(CD_MMU, "write16", MethodTypeDesc.of(CD_void, CD_long, CD_int));
            default -> b.l2i().invokevirtual(CD_MMU, "write8", MethodTypeDesc.of(CD_void, CD_long, CD_int));
        }
    }

    /** After a store: a store into a frame holding decoded code leaves the block (the run loop checks it). */
    void afterStore(int k, Insn d) {
        leaveIfCodeStored(k, d.next);
    }

    void setLazy(int kind, int size) {
        b.aload(C).loadConstant(kind).loadConstant(size).lload(res).lload(a).lload(bb)
                .invokevirtual(CD_CORE, "setLazy", MethodTypeDesc.of(CD_void, CD_int, CD_int, CD_long, CD_long, CD_long));
    }

    /** The instruction handed to the interpreter, exactly as the run loop would. */
    boolean generic(int k, Insn d) {
        coreFlags();
        pendingKind[k] = 0;
        if (PROFILE) {
            Translator.site(d);
            b.loadConstant(d.rip).invokestatic(CD_TRANSLATOR, "generic", MethodTypeDesc.of(CD_void, CD_long));
        }
        setRip(d.next);
        b.aload(IN).aload(THIS).getfield(CD_COMPILED, "insns", CD_INSNS).loadConstant(k).aaload()
                .invokevirtual(CD_INTERP, d.fast != 0 ? "fast" : "exec", MethodTypeDesc.of(CD_int, CD_INSN))
                .istore(e);
        Label cont = b.newLabel();
        b.iload(e).ifeq(cont);
        b.iload(e).loadConstant(k << 4).ior();
        ret();
        b.labelBinding(cont);
        if (Op.endsBlock(d.op) || k == insns.length - 1) {
            // the block ends here whatever the exit: CONTINUE past its last instruction
            b.loadConstant((k + 1) << 4);
            ret();
            return true;
        }
        afterStore(k, d);
        return false;
    }

    static boolean canonical(long va) {
        return (va << 16 >> 16) == va;
    }

    /** A branch to {@code target} taken by instruction k: back to the top while the budget lasts, else out. */
    void branchTo(int k, long target) {
        // the emitter's state is left alone for the code after it (another path)
        if (selfLoop && k == insns.length - 1) { // (this is the jump back to the start)
            Label out = b.newLabel();
            b.iload(left).loadConstant(insns.length).isub().istore(left);
            b.iload(left).ifle(out); // (left < 0 means this iteration was the last the budget allows)
            b.iinc(lp, 1);
            // the next pass starts with this record carried in the locals, not written to Core
            if (pending) b.loadConstant(flagKind).istore(ck).loadConstant(flagSize).istore(cs);
            else if (!carried) b.iconst_0().istore(ck); // Core's record is current
            b.goto_(top);
            b.labelBinding(out);
            flushFlags();
            setRip(target);
            b.loadConstant((k << 4) | Exit.BRANCH);
            ret();
            return;
        }
        flushFlags(); // leaving: Core's flags become current on this path
        setRip(target);
        Label stub = b.newLabel();
        b.goto_(stub);
        stubs.add(() -> {
            b.labelBinding(stub);
            chainStub(k, 0, (k << 4) | Exit.BRANCH);
        });
    }

    /** A memory operand without LOCK and with a 64-bit address (FS/GS allowed). */
    static boolean plain(Insn d) {
        return d.mod != 3 && d.addrSize == 8 && !d.has(Insn.LOCK);
    }


    /** Falls through if the long in local {@code v} is a canonical address, else jumps to {@code bad}. */
    void canonicalOr(int v, Label bad) {
        b.lload(v).loadConstant(16).lshl().loadConstant(16).lshr().lload(v).lcmp().ifne(bad);
    }

    /** Pushes condition cc (0 or 1): from the locals when the block's last flag setter allows, else Core.cond. */
    void cond(int cc) {
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

    Label pendingYes, pendingNo;

    Label yes() {
        if (pendingYes == null) pendingYes = b.newLabel();
        return pendingYes;
    }

    Label no() {
        if (pendingNo == null) pendingNo = b.newLabel();
        return pendingNo;
    }

    /** Pushes compareUnsigned(a & mk, bb & mk). */
    void unsigned(long mk) {
        b.lload(a);
        mask(mk);
        b.lload(bb);
        mask(mk);
        b.invokestatic(CD_LONG_BOX, "compareUnsigned", MethodTypeDesc.of(CD_int, CD_long, CD_long));
    }

    /** Pushes the signed comparison of a and bb at the flag size. */
    void signed() {
        b.lload(a);
        signExtend();
        b.lload(bb);
        signExtend();
        b.lcmp();
    }

    void signExtend() {
        switch (flagSize) {
            case 4 -> b.l2i().i2l();
            case 2 -> b.l2i().i2s().i2l();
            case 1 -> b.l2i().i2b().i2l();
            default -> { }
        }
    }

    /**
     * Whether the translation goes on after instruction k with {@code target}: in a region
     * (blocks joined by {@code X86Cpu}) a branch whose target is the next instruction of the
     * array continues inline instead of leaving.
     */
    boolean continues(int k, long target) {
        return k < insns.length - 1 && insns[k + 1].rip == target;
    }

    /** After instruction k's store, which goes on at {@code rip}: leaves if it hit a frame holding decoded code. */
    void leaveIfCodeStored(int k, long rip) {
        Label ok = b.newLabel();
        b.aload(m).getfield(CD_MMU, "codeStored", CD_boolean).ifeq(ok);
        setRip(rip);
        exit((k + 1) << 4);
        b.labelBinding(ok);
    }

    /** Emits instruction k; returns whether it ended the method (emitted its returns). */
    abstract boolean insn(int k, Insn d);
}
