package io.helctic.machine.cpu.x86_64.exec;

import static io.helctic.machine.cpu.x86_64.core.Core.ARITH;
import static io.helctic.machine.cpu.x86_64.core.Core.CF;
import static io.helctic.machine.cpu.x86_64.core.Core.ZF;

import io.helctic.machine.cpu.x86_64.core.Core;
import io.helctic.machine.cpu.x86_64.core.Exit;
import io.helctic.machine.cpu.x86_64.core.GuestFault;
import io.helctic.machine.cpu.x86_64.core.Mmu;
import io.helctic.machine.cpu.x86_64.decode.Insn;
import io.helctic.machine.cpu.x86_64.decode.Op;

/**
 * LOCK-prefixed read-modify-write instructions (and XCHG with memory, which is always
 * locked), atomic with respect to every other host thread running a CPU on the same frames.
 *
 * <p>Each instruction is a compare-and-set loop on the frame's {@code byte[]}: read the
 * old value, compute the new value and the flags as the plain instruction would, then
 * publish it with {@link Mmu#compareAndSet}; if another CPU (locked or not) changed the
 * word meanwhile, the flags are restored and the instruction is computed again. A failed
 * CMPXCHG writes nothing back — indistinguishable from hardware's write of the same value.
 *
 * <p>What is not atomic with respect to other host threads: CMPXCHG16B (128 bits; it takes
 * one global lock, so it is atomic only against other CMPXCHG16B and other unaligned locked
 * accesses) and locked accesses that cross an 8-byte boundary or a page (the same global
 * lock). Linux programs keep their atomics aligned.
 */
public final class Atomics {
    private static final int RAX = 0, RCX = 1, RDX = 2, RBX = 3;

    private Atomics() {}

    /** Executes a locked instruction with a memory operand; returns the interpreter's exit code. */
    static int exec(Core c, Insn d) {
        Mmu m = c.mmu;
        int size = d.opSize;
        long[] r = c.r;
        if (d.op == Op.CMPXCHG8B) {
            long a = c.ea(d);
            if (size == 8) return cmpxchg16b(c, m, a);
            m.checkWrite(a, 8);
            long expect = (r[RDX] << 32) | (r[RAX] & 0xffff_ffffL);
            long update = (r[RCX] << 32) | (r[RBX] & 0xffff_ffffL);
            while (true) {
                long v = m.read64(a);
                if (v != expect) {
                    r[RAX] = v & 0xffff_ffffL;
                    r[RDX] = v >>> 32;
                    c.setArith(c.flags() & ~ZF);
                    return Exit.CONTINUE;
                }
                if (m.compareAndSet(a, 8, expect, update)) {
                    c.setArith(c.flags() | ZF);
                    return Exit.CONTINUE;
                }
            }
        }
        long a = c.ea(d);
        int bit = 0;
        if (d.op == Op.BT_EG || d.op == Op.BT_EI) {
            if (size == 1) return Exit.UD;
            int bits = size * 8;
            long offset = d.op == Op.BT_EG ? Core.sx(c.readG(d, size), size) : d.imm & (bits - 1);
            if (d.op == Op.BT_EG) a += (offset >> (size == 8 ? 6 : size == 4 ? 5 : 4)) * size;
            bit = (int) (offset & (bits - 1));
        }
        m.checkWrite(a, size);
        long saved = c.flags();
        long mask = Core.mask(size);
        try {
            while (true) {
                long old = m.read(a, size);
                long nv;
                switch (d.op) {
                    case Op.ALU_EG -> nv = Alu.alu(c, d.sub, size, old, c.readG(d, size));
                    case Op.ALU_EI -> nv = Alu.alu(c, d.sub, size, old, d.imm);
                    case Op.INC -> nv = Alu.inc(c, size, old);
                    case Op.DEC -> nv = Alu.dec(c, size, old);
                    case Op.NOT -> nv = ~old;
                    case Op.NEG -> nv = Alu.neg(c, size, old);
                    case Op.BT_EG, Op.BT_EI -> {
                        boolean set = ((old >>> bit) & 1) != 0;
                        c.setArith((c.flags() & ~CF) | (set ? CF : 0));
                        int kind = d.op == Op.BT_EG ? d.sub : d.sub & 3;
                        nv = switch (kind) {
                            case 1 -> old | (1L << bit);
                            case 2 -> old & ~(1L << bit);
                            default -> old ^ (1L << bit);
                        };
                    }
                    case Op.XCHG_EG -> nv = c.readG(d, size);
                    case Op.XADD -> nv = Alu.alu(c, Op.ADD, size, old, c.readG(d, size));
                    case Op.CMPXCHG -> {
                        long acc = c.getReg(RAX, size);
                        Alu.alu(c, Op.CMP, size, acc, old);
                        if (acc != old) {
                            c.setReg(RAX, size, old);
                            return Exit.CONTINUE;
                        }
                        nv = c.readG(d, size);
                    }
                    default -> throw new IllegalStateException("not a lockable instruction: op " + d.op);
                }
                if (m.compareAndSet(a, size, old, nv & mask)) {
                    if (d.op == Op.XADD || d.op == Op.XCHG_EG) c.writeG(d, size, old);
                    return Exit.CONTINUE;
                }
                c.setArith(saved & ARITH); // ADC/SBB read CF: compute again from the instruction's own input
            }
        } catch (GuestFault f) {
            c.setArith(saved & ARITH);
            throw f;
        }
    }

    private static int cmpxchg16b(Core c, Mmu m, long a) {
        if ((a & 15) != 0) return Exit.GP;
        long[] r = c.r;
        m.checkWrite(a, 16);
        synchronized (Mmu.GLOBAL) {
            long lo = m.read64(a), hi = m.read64(a + 8);
            boolean eq = lo == r[RAX] && hi == r[RDX];
            if (eq) {
                m.write64(a, r[RBX]);
                m.write64(a + 8, r[RCX]);
            } else {
                r[RAX] = lo;
                r[RDX] = hi;
            }
            c.setArith((c.flags() & ~ZF) | (eq ? ZF : 0));
        }
        return Exit.CONTINUE;
    }
}
