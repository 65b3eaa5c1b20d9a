package io.helctic.machine.cpu.x86_64.disasm;

import io.helctic.machine.cpu.x86_64.decode.Insn;
import io.helctic.machine.cpu.x86_64.decode.Op;

/** Disassembly of the MMX instructions ({@link Op#MMX}), in objdump's AT&T spelling. */
final class MmxDisasm {
    private MmxDisasm() {}

    static String mnemonic(Insn d) {
        int key = d.map << 8 | d.opcode;
        boolean dbl = d.sub == 1;
        return switch (key) {
            case 0x177 -> "emms";
            case 0x16E, 0x17E -> d.opSize == 8 ? "movq" : "movd";
            case 0x16F, 0x17F -> "movq";
            case 0x170 -> "pshufw";
            case 0x174 -> "pcmpeqb";
            case 0x1D6 -> d.sub == 2 ? "movq2dq" : "movdq2q";
            case 0x1D7 -> "pmovmskb";
            case 0x1DB -> "pand";
            case 0x1DF -> "pandn";
            case 0x1E7 -> "movntq";
            case 0x1EB -> "por";
            case 0x1EF -> "pxor";
            case 0x1F7 -> "maskmovq";
            case 0x12A -> dbl ? "cvtpi2pd" : "cvtpi2ps";
            case 0x12C -> dbl ? "cvttpd2pi" : "cvttps2pi";
            case 0x12D -> dbl ? "cvtpd2pi" : "cvtps2pi";
            default -> SseNames.mnemonic(d);
        };
    }

    private static String mm(int n) {
        return "%mm" + (n & 7);
    }

    /** Mnemonic and operands: source(s) first, destination last. */
    static String format(Insn d) {
        int key = d.map << 8 | d.opcode;
        String mn = mnemonic(d);
        if (key == 0x177) return mn;
        String mem = d.isMem() ? X86Disassembler.mem(d) : null;
        String rmMm = mem != null ? mem : mm(d.rm), rmX = mem != null ? mem : X86Disassembler.xmm(d.rm);
        String ops = switch (key) {
            case 0x16E -> X86Disassembler.e(d, d.opSize) + "," + mm(d.reg);
            case 0x17E -> mm(d.reg) + "," + X86Disassembler.e(d, d.opSize);
            case 0x17F, 0x1E7 -> mm(d.reg) + "," + rmMm;
            case 0x171, 0x172, 0x173 -> X86Disassembler.imm(d.imm, 1) + "," + rmMm;
            case 0x1C4 -> X86Disassembler.imm(d.imm, 1) + "," + (mem != null ? mem : X86Disassembler.reg(d.rm, 4)) + "," + mm(d.reg);
            case 0x1C5 -> X86Disassembler.imm(d.imm, 1) + "," + rmMm + "," + X86Disassembler.reg(d.reg, 4);
            case 0x1D7 -> rmMm + "," + X86Disassembler.reg(d.reg, 4);
            case 0x1D6 -> d.sub == 2 ? mm(d.rm) + "," + X86Disassembler.xmm(d.reg) : X86Disassembler.xmm(d.rm) + "," + mm(d.reg);
            case 0x12A -> rmMm + "," + X86Disassembler.xmm(d.reg);
            case 0x12C, 0x12D -> rmX + "," + mm(d.reg);
            default -> (d.immSize > 0 ? X86Disassembler.imm(d.imm, 1) + "," : "") + rmMm + "," + mm(d.reg);
        };
        return mn + " " + ops;
    }
}
