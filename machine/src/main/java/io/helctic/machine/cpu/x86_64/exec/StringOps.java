package io.helctic.machine.cpu.x86_64.exec;

import io.helctic.machine.cpu.x86_64.core.Core;
import io.helctic.machine.cpu.x86_64.core.Exit;
import io.helctic.machine.cpu.x86_64.core.Mmu;
import io.helctic.machine.cpu.x86_64.decode.Insn;
import io.helctic.machine.cpu.x86_64.decode.Op;

/**
 * MOVS, CMPS, STOS, LODS, SCAS with REP/REPE/REPNE, all sizes, honouring DF and the address
 * size. A REP instruction runs at most {@link #CHUNK} iterations per step and then asks to be
 * re-executed (registers hold the progress, exactly as after an interrupt on hardware), so a
 * long REP stays preemptible. A fault mid-way leaves the completed iterations done.
 */
final class StringOps {
    private StringOps() {}

    static final int CHUNK = 4096;
    private static final int RSI = 6, RDI = 7, RCX = 1, RAX = 0;

    static int exec(Core c, Insn d) {
        int size = d.opSize;
        long amask = d.addrSize == 8 ? -1L : 0xffff_ffffL;
        long step = c.df() ? -size : size;
        boolean rep = (d.prefixes & (Insn.REP | Insn.REPNE)) != 0;
        long[] r = c.r;
        Mmu m = c.mmu;
        int op = d.op;
        long srcSeg = c.segBase(d);
        int iterations = 0;
        boolean bulk = rep && step > 0 && amask == -1L && (op == Op.STOS || op == Op.MOVS && srcSeg == 0);
        while (true) {
            if (bulk) { // whole runs within a page; an element crossing one goes one by one below
                iterations += forward(c, op, size, CHUNK - iterations);
                if (r[RCX] == 0) return Exit.CONTINUE;
                if (iterations >= CHUNK) return Exit.REPEAT;
            }
            if (rep && (r[RCX] & amask) == 0) return Exit.CONTINUE;
            boolean stop = false;
            switch (op) {
                case Op.MOVS -> {
                    long v = m.read(srcSeg + (r[RSI] & amask), size);
                    m.write(r[RDI] & amask, size, v);
                    r[RSI] = (r[RSI] + step) & amask;
                    r[RDI] = (r[RDI] + step) & amask;
                }
                case Op.STOS -> {
                    m.write(r[RDI] & amask, size, r[RAX]);
                    r[RDI] = (r[RDI] + step) & amask;
                }
                case Op.LODS -> {
                    long v = m.read(srcSeg + (r[RSI] & amask), size);
                    c.setReg(RAX, size, v);
                    r[RSI] = (r[RSI] + step) & amask;
                }
                case Op.CMPS -> {
                    long a = m.read(srcSeg + (r[RSI] & amask), size);
                    long b = m.read(r[RDI] & amask, size);
                    Alu.alu(c, Op.CMP, size, a, b);
                    r[RSI] = (r[RSI] + step) & amask;
                    r[RDI] = (r[RDI] + step) & amask;
                    stop = repStops(c, d);
                }
                default -> { // SCAS
                    long b = m.read(r[RDI] & amask, size);
                    Alu.alu(c, Op.CMP, size, c.getReg(RAX, size), b);
                    r[RDI] = (r[RDI] + step) & amask;
                    stop = repStops(c, d);
                }
            }
            if (!rep) return Exit.CONTINUE;
            r[RCX] = (r[RCX] - 1) & amask;
            if (stop || (r[RCX] & amask) == 0) return Exit.CONTINUE;
            if (++iterations >= CHUNK) return Exit.REPEAT;
        }
    }

    private static final int PAGE = io.helctic.machine.memory.PhysicalMemory.PAGE_SIZE;

    /**
     * REP STOS and REP MOVS upwards with 64-bit addresses (memset, memcpy): whole runs of elements
     * within one page at a time, through one TLB lookup per page (and per source page), up to
     * {@code limit} elements. Stops before an element that crosses a page, before an overlap
     * a forward copy would not reproduce, and at RCX = 0; returns the elements done, registers
     * updated as the element-by-element loop would have left them. A fault is raised before
     * anything of its run is written.
     */
    private static int forward(Core c, int op, int size, int limit) {
        long[] r = c.r;
        Mmu m = c.mmu;
        int done = 0;
        while (r[RCX] != 0 && done < limit) {
            long dst = r[RDI];
            int dOff = (int) dst & (PAGE - 1);
            long n = Math.min(limit - done, (PAGE - dOff) / size);
            if (Long.compareUnsigned(r[RCX], n) < 0) n = r[RCX]; // RCX is unsigned: 2^64 - 1 is a long run
            if (op == Op.STOS) {
                if (n == 0) break;
                int di = m.slotWrite(dst);
                byte[] df = m.tlb[di].frame;
                long v = r[RAX];
                switch (size) {
                    case 1 -> java.util.Arrays.fill(df, dOff, dOff + (int) n, (byte) v);
                    case 2 -> { for (int k = 0; k < n; k++) Mmu.I16.set(df, dOff + 2 * k, (short) v); }
                    case 4 -> { for (int k = 0; k < n; k++) Mmu.I32.set(df, dOff + 4 * k, (int) v); }
                    default -> { for (int k = 0; k < n; k++) Mmu.I64.set(df, dOff + 8 * k, v); }
                }
                m.stored(di);
            } else {
                long src = r[RSI];
                int sOff = (int) src & (PAGE - 1);
                n = Math.min(n, (PAGE - sOff) / size);
                if (n == 0) break;
                byte[] sf = m.tlb[m.slotRead(src)].frame;
                int di = m.slotWrite(dst);
                byte[] df = m.tlb[di].frame;
                int bytes = (int) n * size;
                // one frame, the destination just above the source inside the run: a forward copy
                // repeats the pattern, which arraycopy (a memmove) would not
                if (sf == df && dOff > sOff && dOff < sOff + bytes) break;
                System.arraycopy(sf, sOff, df, dOff, bytes);
                m.stored(di);
                r[RSI] = src + bytes;
            }
            r[RDI] = dst + n * size;
            r[RCX] -= n;
            done += (int) n;
        }
        return done;
    }

    /** For CMPS/SCAS: REPE stops when ZF = 0, REPNE when ZF = 1. */
    private static boolean repStops(Core c, Insn d) {
        boolean zf = c.cond(4);
        return (d.prefixes & Insn.REPNE) != 0 && (d.prefixes & Insn.REP) == 0 ? zf : !zf;
    }
}
