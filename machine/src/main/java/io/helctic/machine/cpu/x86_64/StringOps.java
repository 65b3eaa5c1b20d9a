package io.helctic.machine.cpu.x86_64;

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
        while (true) {
            if (rep && (r[RCX] & amask) == 0) return Interpreter.CONTINUE;
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
                    Alu.alu(c, Alu.CMP, size, a, b);
                    r[RSI] = (r[RSI] + step) & amask;
                    r[RDI] = (r[RDI] + step) & amask;
                    stop = repStops(c, d);
                }
                default -> { // SCAS
                    long b = m.read(r[RDI] & amask, size);
                    Alu.alu(c, Alu.CMP, size, c.getReg(RAX, size), b);
                    r[RDI] = (r[RDI] + step) & amask;
                    stop = repStops(c, d);
                }
            }
            if (!rep) return Interpreter.CONTINUE;
            r[RCX] = (r[RCX] - 1) & amask;
            if (stop || (r[RCX] & amask) == 0) return Interpreter.CONTINUE;
            if (++iterations >= CHUNK) return Interpreter.REPEAT;
        }
    }

    /** For CMPS/SCAS: REPE stops when ZF = 0, REPNE when ZF = 1. */
    private static boolean repStops(Core c, Insn d) {
        boolean zf = c.cond(4);
        return (d.prefixes & Insn.REPNE) != 0 && (d.prefixes & Insn.REP) == 0 ? zf : !zf;
    }
}
