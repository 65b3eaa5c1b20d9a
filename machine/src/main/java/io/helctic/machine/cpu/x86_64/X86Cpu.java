package io.helctic.machine.cpu.x86_64;

import io.helctic.machine.cpu.Trap;
import io.helctic.machine.cpu.jit.CodeCache;
import io.helctic.machine.cpu.jit.TranslationQueue;
import io.helctic.machine.cpu.x86_64.core.Core;
import io.helctic.machine.cpu.x86_64.core.Exit;
import io.helctic.machine.cpu.x86_64.core.FxSave;
import io.helctic.machine.cpu.x86_64.core.GuestFault;
import io.helctic.machine.cpu.x86_64.core.Mmu;
import io.helctic.machine.cpu.x86_64.core.Mxcsr;
import io.helctic.machine.cpu.x86_64.decode.Decoder;
import io.helctic.machine.cpu.x86_64.decode.Fast;
import io.helctic.machine.cpu.x86_64.decode.Insn;
import io.helctic.machine.cpu.x86_64.decode.Op;
import io.helctic.machine.cpu.x86_64.exec.Atomics;
import io.helctic.machine.cpu.x86_64.exec.Cpuid;
import io.helctic.machine.cpu.x86_64.exec.Interpreter;
import io.helctic.machine.cpu.x86_64.fp.X87;
import io.helctic.machine.cpu.x86_64.translate.Block;
import io.helctic.machine.cpu.x86_64.translate.Compiled;
import io.helctic.machine.cpu.x86_64.translate.Translator;
import io.helctic.machine.memory.PhysicalMemory;
import java.util.ArrayList;

/**
 * An x86-64 CPU in user mode (CPL 3, 64-bit code segment, flat segments but FS/GS bases).
 *
 * <p>{@link #run} executes cached decoded blocks (see {@link CodeCache}) through the
 * interpreter until a trap, which it returns as a value. Every trap is precise: state is that
 * of an instruction boundary, with rip as documented on {@link Trap}.
 *
 * <p>Not thread-safe: one thread runs one CPU. LOCK-prefixed instructions are accepted but not
 * yet atomic with respect to other host threads (TODO for the threads issue).
 *
 * <p>One thread runs one CPU; several CPUs (the threads of one process) may share frames and
 * page tables. LOCK-prefixed read-modify-write instructions and XCHG with memory are atomic
 * with respect to the other CPUs' host threads (see {@link Atomics}). Another thread may ask
 * for this CPU's TLB to be flushed ({@link #requestTlbFlush}); the CPU does it at its next
 * block boundary.
 */
public final class X86Cpu {
    public static final int RAX = 0, RCX = 1, RDX = 2, RBX = 3, RSP = 4, RBP = 5, RSI = 6, RDI = 7,
            R8 = 8, R9 = 9, R10 = 10, R11 = 11, R12 = 12, R13 = 13, R14 = 14, R15 = 15;

    public static final long FLAG_CF = 1, FLAG_PF = 4, FLAG_AF = 0x10, FLAG_ZF = 0x40, FLAG_SF = 0x80,
            FLAG_DF = 0x400, FLAG_OF = 0x800;

    static {
        Compiled.loadSubclasses(); // before the run loop is compiled: see there
    }

    private static final Trap.Syscall SYSCALL_TRAP = new Trap.Syscall();
    private static final Trap.TimerExpired TIMER_TRAP = new Trap.TimerExpired();
    private static final String[] REG_NAMES = {"rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi",
            "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15"};

    private final PhysicalMemory memory;
    private final GuestFault fault = new GuestFault();
    private final Mmu mmu;
    private final Core core;
    private final Interpreter interpreter;
    private final CodeCache<Block> blocks;
    private final byte[] straddle = new byte[Decoder.MAX_LENGTH];
    private long retired;
    /** Block lookups (one per block entered) and decodes (lookups that missed the cache). */
    private long blockLookups, blockDecodes;
    /** Blocks entered that ran their translation (see {@link Translator}). */
    private long translatedRuns;
    private volatile boolean flushRequested;
    /** Tests: translate every block at its first entry, synchronously (see {@link Translator}). */
    boolean translateAll;

    public X86Cpu(PhysicalMemory memory) {
        this.memory = memory;
        this.mmu = new Mmu(memory, fault);
        this.core = new Core(mmu, new X87());
        this.interpreter = new Interpreter(core);
        this.blocks = new CodeCache<>(memory, mmu::dropWriteTags);
        memory.addCodeListener(blocks);
    }

    /** Copies every register of {@code other} into this CPU (the child of a fork starts as its parent). */
    public void copyStateFrom(X86Cpu other) {
        core.copyFrom(other.core);
    }

    /** Resets the registers to an execve's starting state: all zero, rflags 0x202, no thread bases. */
    public void resetState() {
        java.util.Arrays.fill(core.r, 0);
        java.util.Arrays.fill(core.xmm, 0);
        core.fsBase = 0;
        core.gsBase = 0;
        core.lop = Core.L_NONE;
        core.fl = Core.FIXED;
        core.x87.init();
        core.mxcsr.value = Mxcsr.DEFAULT;
    }

    public PhysicalMemory memory() {
        return memory;
    }

    // ---- registers ----

    public long reg(int index) {
        return core.r[index];
    }

    public void setReg(int index, long value) {
        core.r[index] = value;
    }

    public long rip() {
        return core.rip;
    }

    public void setRip(long rip) {
        core.rip = rip;
    }

    public long rflags() {
        return core.flags() | Core.FIXED;
    }

    /** Sets the flags user code may change (arithmetic, DF, AC, ID); bit 1 and IF always read as one. */
    public void setRflags(long value) {
        core.setFlagsFromUser(value);
    }

    public long fsBase() {
        return core.fsBase;
    }

    public void setFsBase(long base) {
        core.fsBase = base;
    }

    public long gsBase() {
        return core.gsBase;
    }

    public void setGsBase(long base) {
        core.gsBase = base;
    }

    /** Low (index 0) or high (index 1) quadword of an XMM register. */
    public long xmm(int register, int half) {
        return core.xmm[register * 2 + half];
    }

    public void setXmm(int register, long low, long high) {
        core.xmm[register * 2] = low;
        core.xmm[register * 2 + 1] = high;
    }

    // ---- x87 / SSE state ----

    /** The x87 status word (TOP included); its unmasked exception bits say why a FloatingPointError came. */
    public int fpuStatusWord() {
        return core.x87.status();
    }

    public int fpuControlWord() {
        return core.x87.cw;
    }

    /** The 512-byte FXSAVE64 image of the x87, MXCSR and XMM state (e.g. for a signal frame). */
    public byte[] fxsave() {
        return FxSave.image(core.x87, core, true);
    }

    /** Loads an FXSAVE64 image; returns false (nothing changed) when its MXCSR is invalid. */
    public boolean fxrstor(byte[] image) {
        return FxSave.load(core.x87, core, image, true);
    }

    /** The SSE control/status register. */
    public int mxcsr() {
        return core.mxcsr.value;
    }

    /** Sets MXCSR (as LDMXCSR, without its #GP check: reserved bits are dropped). */
    public void setMxcsr(int value) {
        core.mxcsr.value = value & Mxcsr.WRITABLE;
    }

    // ---- MMU ----

    public long cr3() {
        return mmu.cr3;
    }

    /** Loads CR3 (the PML4's physical address) and flushes the TLB. */
    public void setCr3(long pml4PhysicalAddress) {
        mmu.cr3 = pml4PhysicalAddress;
        mmu.flush();
    }

    public void invalidatePage(long virtualAddress) {
        mmu.invalidate(virtualAddress);
    }

    public void flushTlb() {
        mmu.flush();
    }

    /**
     * Thread-safe: asks this CPU to flush its whole TLB before it runs its next block (a TLB
     * shootdown from another thread, which must not touch the TLB arrays the CPU is using).
     */
    public void requestTlbFlush() {
        flushRequested = true;
    }

    /** This CPU will never run again: its code cache stops listening to physical memory. */
    public void dispose() {
        memory.removeCodeListener(blocks);
    }

    public long instructionsRetired() {
        return retired;
    }

    /** Decoded blocks entered (each one a lookup in the block cache). */
    public long blockLookups() {
        return blockLookups;
    }

    /** Block-cache misses: blocks decoded. */
    public long blockDecodes() {
        return blockDecodes;
    }

    /** Blocks entered that ran as translated code rather than interpreted. */
    public long translatedRuns() {
        return translatedRuns;
    }

    /**
     * How often translated code came back to the run loop (counted under {@code helctic.stats}):
     * an indirect exit (JMP/CALL r/m, RET) whose target its table did not hold; one whose target it
     * held, handed on at the nesting depth; a direct exit not linked; the chain-depth limit;
     * anything else (the end of the translation, a trap).
     */
    public long[] translationExits() {
        return exits.clone();
    }

    private final long[] exits = new long[5];

    private void countExit(Insn[] insns, int k, int exit, Core c) {
        int op = k < insns.length ? insns[k].op : -1;
        boolean indirect = exit == Exit.BRANCH && (op == Op.RET || op == Op.JMP_E || op == Op.CALL_E);
        if (c.next != null) exits[1]++;
        else if (indirect) exits[0]++;
        else if (c.depth >= TranslationQueue.MAX_CHAIN) exits[3]++;
        else if (c.linkSlot >= 0) exits[2]++;
        else exits[4]++;
    }

    /** Blocks translated to JVM bytecode so far, by every CPU of this JVM. */
    public static long blocksTranslated() {
        return TranslationQueue.translated.get();
    }

    /** Translations that failed (a defect of the translation tier; those blocks stay interpreted). */
    public static long translationsFailed() {
        return TranslationQueue.failed.get();
    }

    /** Translations (in this JVM) that cover a region of several blocks. */
    public static long regionsTranslated() {
        return TranslationQueue.regions.get();
    }

    /** Software-TLB misses (page walks), by data reads/writes and code fetches alike. */
    public long tlbMisses() {
        return mmu.misses;
    }

    /**
     * Data and fetch accesses that went through the TLB; counted only when the JVM was started
     * with {@code -Dhelctic.stats=true} (a constant the JIT folds away otherwise), else 0.
     */
    public long tlbLookups() {
        return mmu.lookups;
    }

    /** Whether the TLB lookup counter is on (system property {@code helctic.stats}). */
    public static boolean statsEnabled() {
        return Mmu.STATS;
    }

    /** Copies up to out.length code bytes via the MMU without faulting; returns how many were readable. */
    public int fetchCode(long virtualAddress, byte[] out) {
        return mmu.peekCode(virtualAddress, out);
    }

    // ---- execution ----

    /**
     * Executes at most {@code budget} instructions and returns the first trap
     * ({@link Trap.TimerExpired} when the budget is used up). A REP string instruction counts
     * once per chunk of iterations.
     */
    public Trap run(long budget) {
        Core c = core;
        Interpreter interp = interpreter;
        Mmu m = mmu;
        long remaining = budget;
        Block prev = null;
        Compiled linkFrom = null; // a translated block whose exit may be linked to the next block
        int linkSlot = 0;
        c.next = null;
        while (true) {
            if (remaining <= 0) {
                c.next = null;
                return TIMER_TRAP;
            }
            if (flushRequested) {
                flushRequested = false;
                m.flush();
                c.next = null;
            }
            Block b = null;
            if (c.next != null) { // an indirect exit found its target's translation, checked as a chained exit checks it
                b = ((Compiled) c.next).block;
                c.next = null;
                linkFrom = null;
                blockLookups++; // (a block entered, as chaining counts it)
                if (Mmu.STATS) m.lookups++;
            } else if (prev != null) {
                b = chained(prev, c.rip);
            }
            if (b == null) {
                try {
                    b = block(c.rip);
                } catch (GuestFault f) { // the fetch faulted: rip is already the faulting address
                    return faultTrap(f);
                }
                if (prev != null) {
                    Block[] t = prev.targets;
                    if (t != null) {
                        t[Block.target(b.vaddr)] = b;
                    } else {
                        prev.succB = prev.succA;
                        prev.succA = b;
                    }
                }
            }
            if (linkFrom != null) { // the translated block before this one left by a linkable exit
                if (b.code != null) linkFrom.link(linkSlot, b.code, m.gen);
                linkFrom = null;
            }
            prev = b;
            Insn[] insns = b.insns;
            Compiled code = (Compiled) b.code; // (an x86 block's translation is a Compiled)
            if (code == null && translateAll) {
                Translator.translate(b, region(b));
                code = (Compiled) b.code;
            }
            if (code != null && code.insns.length <= remaining) {
                int result;
                m.codeStored = false;
                int budget0 = remaining > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) remaining;
                c.cur = code;
                c.depth = 0;
                c.entry = budget0;
                try {
                    result = code.run(c, interp, budget0, 0);
                } catch (GuestFault f) {
                    unwindTranslated(budget0);
                    return faultTrap(f);
                } catch (RuntimeException e) {
                    unwindTranslated(budget0); // as below: an emulator defect, reported by the kernel
                    throw e;
                }
                Compiled cur = (Compiled) c.cur;
                insns = cur.insns;
                prev = cur.block;
                int k = result >>> 4, exit = result & 15;
                if (Mmu.STATS) countExit(insns, k, exit, c);
                long done = (budget0 - c.entry) + (long) c.loops * insns.length;
                retired += done;
                remaining -= done;
                translatedRuns += 1 + c.depth;
                blockLookups += c.depth;
                if (exit == Exit.CONTINUE || exit == Exit.BRANCH || exit == Exit.REPEAT) {
                    if (exit != Exit.CONTINUE) {
                        if (exit == Exit.REPEAT) c.rip = insns[k].rip;
                        k++;
                    }
                    retired += k;
                    remaining -= k;
                    if (c.linkSlot >= 0) {
                        linkFrom = cur;
                        linkSlot = c.linkSlot;
                    }
                    continue;
                }
                return exitTrap(insns[k], k, exit);
            }
            if (TranslationQueue.ENABLED && code == null && ++b.heat == TranslationQueue.THRESHOLD) {
                Translator.submit(b, region(b));
            }
            int limit = insns.length <= remaining ? insns.length : (int) remaining;
            int k = 0;
            m.codeStored = false;
            try {
                for (; k < limit; k++) {
                    Insn d = insns[k];
                    c.rip = d.next;
                    int exit = d.fast != 0 ? interp.fast(d) : interp.exec(d);
                    if (exit != Exit.CONTINUE) {
                        if (exit == Exit.REPEAT) c.rip = d.rip;
                        else if (exit != Exit.BRANCH) return exitTrap(d, k, exit);
                        k++;
                        break;
                    }
                    // a store hit a frame holding decoded code: leave the block if it was this one
                    if (m.codeStored && !b.valid) {
                        k++;
                        break;
                    }
                }
            } catch (GuestFault f) {
                retired += k;
                c.rip = insns[k].rip;
                return faultTrap(f);
            } catch (RuntimeException e) {
                // An emulator defect is a bug of Helctic's, not the guest's: leave rip at the
                // instruction and let it reach the kernel, which reports a panic with this state.
                retired += k;
                c.rip = insns[k].rip;
                throw e;
            }
            retired += k;
            remaining -= k;
        }
    }

    /**
     * After translated code threw: the instructions before the one that threw are retired, rip
     * is that instruction (see {@link Compiled}).
     */
    private void unwindTranslated(int budget0) {
        Core c = core;
        Insn[] at = ((Compiled) c.cur).insns;
        retired += (budget0 - c.entry) + (long) c.loops * at.length + c.bk;
        c.rip = at[c.bk].rip;
    }

    /**
     * The trap an instruction's exit code (other than CONTINUE, BRANCH, REPEAT) stands for; k
     * instructions of its block completed before it.
     */
    private Trap exitTrap(Insn d, int k, int exit) {
        switch (exit) {
            case Exit.SYSCALL -> { retired += k + 1; return SYSCALL_TRAP; }
            case Exit.BP -> { retired += k + 1; return new Trap.Breakpoint(d.next); }
            default -> { }
        }
        retired += k;
        core.rip = d.rip;
        return switch (exit) {
            case Exit.UD -> new Trap.InvalidOpcode(d.rip);
            case Exit.DE -> new Trap.DivideError(d.rip);
            case Exit.MF -> new Trap.FloatingPointError(d.rip);
            case Exit.XM -> new Trap.SimdFloatingPoint(d.rip);
            default -> new Trap.GeneralProtection(d.rip);
        };
    }

    private Trap faultTrap(GuestFault f) {
        if (f.kind == GuestFault.PAGE_FAULT) {
            return new Trap.PageFault(f.address, f.write, f.execute, f.present);
        }
        return new Trap.GeneralProtection(core.rip);
    }

    /**
     * What the CPUID instruction returns for {@code leaf} (and {@code subleaf}), as
     * {eax, ebx, ecx, edx}. The kernel reads leaf 1's EDX for AT_HWCAP.
     */
    public int[] cpuid(int leaf, int subleaf) {
        return identify(leaf, subleaf);
    }

    /** CPUID's answer, which is the same for every CPU: {eax, ebx, ecx, edx}. */
    public static int[] identify(int leaf, int subleaf) {
        long[] r = {Integer.toUnsignedLong(leaf), Integer.toUnsignedLong(subleaf), 0, 0};
        Cpuid.execute(r);
        return new int[] {(int) r[0], (int) r[3], (int) r[1], (int) r[2]};
    }

    /**
     * Block chaining: one of the two blocks that last followed {@code prev} (or, after an
     * indirect JMP/CALL or a RET, the one in its target table for {@code rip}), if it starts at
     * {@code rip}, is still valid and the TLB still maps rip's page (and the next one, for a block
     * that runs on into it), executable, to its frames — exactly the block {@link #block} would find — else null (then {@link #block} decides).
     */
    private Block chained(Block prev, long rip) {
        Block s;
        Block[] t = prev.targets;
        if (t == null) {
            s = prev.succA;
            if (s == null || s.vaddr != rip) {
                s = prev.succB;
                if (s == null || s.vaddr != rip) return null;
            }
        } else {
            s = t[Block.target(rip)];
            if (s == null || s.vaddr != rip) return null;
        }
        long vpn = rip >>> PhysicalMemory.PAGE_SHIFT;
        Mmu.Entry e = mmu.tlb[Mmu.slot(vpn)];
        if (e.x != vpn || e.pfn != s.paddr >>> PhysicalMemory.PAGE_SHIFT || !s.valid) return null;
        if (s.pfn2 >= 0) { // and the next page to its second frame
            Mmu.Entry e2 = mmu.tlb[Mmu.slot(vpn + 1)];
            if (e2.x != vpn + 1 || e2.pfn != s.pfn2) return null;
        }
        if (Mmu.STATS) mmu.lookups++; // the fetch translation it stands for
        blockLookups++;
        return s;
    }

    /**
     * The instructions a translation of {@code b} covers: a region of blocks — b's own, then,
     * while its last instruction continues to a statically known place in b's pages (the
     * fall-through of a Jcc, the target of JMP or CALL rel, the next instruction of a block
     * cut short, and for a RET of a callee the region entered by CALL rel, that call's return
     * site), that block's (decoded now if need be), up to one block's length in all. A
     * branch inside the region to the next instruction of the array then runs on inline
     * instead of leaving the translation (a RET only when it does return there). The region
     * stays in b's pages — its own, and the next when b runs on into it (a block that does
     * joins only such a b) — so writing any of its code invalidates b, and the mappings checked
     * at b's entry are all it runs from. It never jumps back to its own start from inside (a
     * pass of a translated loop is the whole array).
     */
    private Insn[] region(Block b) {
        Insn[] out = b.insns;
        if (!Translator.REGIONS) return out;
        long page = b.vaddr >>> PhysicalMemory.PAGE_SHIFT;
        long[] returns = new long[Block.MAX_BLOCK]; // return sites of the calls the region entered
        int calls = 0;
        while (out.length < Block.MAX_BLOCK) {
            Insn last = out[out.length - 1];
            long next = switch (last.fast) {
                case Fast.F_JCC -> last.next;
                case Fast.F_JMP_REL -> last.imm;
                case Fast.F_CALL_REL -> {
                    returns[calls++] = last.next;
                    yield last.imm;
                }
                case Fast.F_RET -> calls > 0 ? returns[--calls] : -1;
                default -> Op.endsBlock(last.op) ? -1 : last.next;
            };
            if (next == -1 || last.jumpsTo(b.vaddr)) break;
            long p = next >>> PhysicalMemory.PAGE_SHIFT;
            if (p != page && (p != page + 1 || b.pfn2 < 0)) break;
            Block t;
            try {
                t = block(next);
            } catch (GuestFault f) { // (its page is b's: not expected)
                break;
            }
            if (!t.valid || t.pfn2 >= 0 && (p != page || b.pfn2 != t.pfn2)) break;
            int take = Math.min(t.insns.length, Block.MAX_BLOCK - out.length);
            Insn[] joined = java.util.Arrays.copyOf(out, out.length + take);
            System.arraycopy(t.insns, 0, joined, out.length, take);
            out = joined;
            if (take < t.insns.length) break;
        }
        return out;
    }

    /** The block starting at {@code rip}, decoded on a miss. Faults on a fetch that is not permitted. */
    private Block block(long rip) {
        blockLookups++;
        int slot = mmu.slotExec(rip);
        long pfn = mmu.tlb[slot].pfn;
        long paddr = (pfn << PhysicalMemory.PAGE_SHIFT) | (rip & (PhysicalMemory.PAGE_SIZE - 1));
        Block b = blocks.lookup(paddr, rip);
        if (b != null) {
            if (b.pfn2 < 0) return b;
            long next = (rip | (PhysicalMemory.PAGE_SIZE - 1)) + 1;
            try {
                if (mmu.tlb[mmu.slotExec(next)].pfn == b.pfn2) return b;
            } catch (GuestFault f) { // the next page is no longer executable: decode again (which faults if the first instruction needs it)
            }
            slot = mmu.slotExec(rip); // (the next page's fill may have taken rip's slot)
        }
        return decodeBlock(rip, slot, paddr);
    }

    /**
     * Decodes the block at {@code rip}: instructions up to one that ends a block, the length cap,
     * or the end of the page after rip's — a block may run on into the next page (then
     * {@link Block#pfn2} names its frame, checked at every entry) when that page is mapped
     * executable; when it is not, the block ends before the first instruction that needs it,
     * which then starts a block of its own and faults when fetched, as on hardware.
     */
    private Block decodeBlock(long rip, int slot, long paddr) {
        blockDecodes++;
        Mmu.Entry t = mmu.tlb[slot];
        byte[] frame = t.frame;
        long pfn = t.pfn;
        int off = (int) (rip & (PhysicalMemory.PAGE_SIZE - 1));
        ArrayList<Insn> list = new ArrayList<>();
        long va = rip;
        long pfn2 = -1;
        while (list.size() < Block.MAX_BLOCK) {
            Insn d = new Insn();
            int len = off < PhysicalMemory.PAGE_SIZE ? Decoder.decode(frame, off, PhysicalMemory.PAGE_SIZE, va, d) : Decoder.TRUNCATED;
            if (len == Decoder.TRUNCATED) { // needs the next page: go on into it, unless it is the second
                if (pfn2 >= 0) break;
                int head = PhysicalMemory.PAGE_SIZE - off;
                long nextPage = va + head;
                int s2;
                if (list.isEmpty()) {
                    s2 = mmu.slotExec(nextPage); // the fetch of this instruction faults as it would
                } else {
                    try {
                        s2 = mmu.slotExec(nextPage);
                    } catch (GuestFault f) { // not executable: the block ends before the instruction
                        break;
                    }
                }
                byte[] frame2 = mmu.tlb[s2].frame;
                pfn2 = mmu.tlb[s2].pfn;
                if (head > 0) { // the instruction straddles the two pages
                    System.arraycopy(frame, off, straddle, 0, head);
                    System.arraycopy(frame2, 0, straddle, head, straddle.length - head);
                    len = Decoder.decode(straddle, 0, straddle.length, va, d);
                } else {
                    len = Decoder.decode(frame2, 0, PhysicalMemory.PAGE_SIZE, va, d);
                }
                frame = frame2;
                off -= PhysicalMemory.PAGE_SIZE;
            }
            if (len < 0) {
                d.reset();
                d.op = Op.UD;
                d.rip = va;
                d.next = va;
                list.add(d);
                break;
            }
            Fast.classify(d);
            list.add(d);
            off += len;
            va += len;
            if (Op.endsBlock(d.op)) break;
        }
        Block b = new Block(rip, paddr, pfn2, list.toArray(new Insn[0]));
        blocks.insert(b, pfn);
        return b;
    }

    // ---- diagnostics ----

    public String registerDump() {
        StringBuilder sb = new StringBuilder();
        long f = rflags();
        sb.append(String.format("rip    %016x   rflags %016x [", core.rip, f));
        String[] names = {"CF", "PF", "AF", "ZF", "SF", "DF", "OF"};
        long[] bits = {FLAG_CF, FLAG_PF, FLAG_AF, FLAG_ZF, FLAG_SF, FLAG_DF, FLAG_OF};
        boolean first = true;
        for (int i = 0; i < names.length; i++) {
            if ((f & bits[i]) != 0) {
                if (!first) sb.append(' ');
                sb.append(names[i]);
                first = false;
            }
        }
        sb.append("]\n");
        for (int i = 0; i < 16; i++) {
            sb.append(String.format("%-6s %016x", REG_NAMES[i], core.r[i]));
            sb.append(i % 4 == 3 ? "\n" : "   ");
        }
        sb.append(String.format("fsbase %016x   gsbase %016x\n", core.fsBase, core.gsBase));
        return sb.toString();
    }
}
