package io.helctic.machine.cpu.x86_64.disasm;

import io.helctic.machine.cpu.x86_64.decode.Insn;
import io.helctic.machine.cpu.x86_64.decode.Op;

/**
 * AT&T names of the {@link Op#SSE_FP} and {@link Op#SSE_INT} instructions for the
 * disassembler (objdump's spelling, so the decoder tables are checked against objdump).
 */
final class SseNames {
    private SseNames() {}

    private static final String[] PS = {"ps", "pd", "ss", "sd"};
    private static final String[] CMP = {"eq", "lt", "le", "unord", "neq", "nlt", "nle", "ord"};

    static String mnemonic(Insn d) {
        int pi = d.sub;
        String t = PS[pi & 3];
        return switch (d.map << 8 | d.opcode) {
            case 0x114 -> "unpckl" + t;
            case 0x115 -> "unpckh" + t;
            case 0x12A -> "cvtsi2" + t;
            case 0x12C -> "cvtt" + t + "2si";
            case 0x12D -> "cvt" + t + "2si";
            case 0x12E -> "ucomi" + PS[pi + 2];
            case 0x12F -> "comi" + PS[pi + 2];
            case 0x150 -> "movmsk" + t;
            case 0x151 -> "sqrt" + t;
            case 0x152 -> "rsqrt" + t;
            case 0x153 -> "rcp" + t;
            case 0x158 -> "add" + t;
            case 0x159 -> "mul" + t;
            case 0x15A -> new String[] {"cvtps2pd", "cvtpd2ps", "cvtss2sd", "cvtsd2ss"}[pi];
            case 0x15B -> new String[] {"cvtdq2ps", "cvtps2dq", "cvttps2dq", "(bad)"}[pi];
            case 0x15C -> "sub" + t;
            case 0x15D -> "min" + t;
            case 0x15E -> "div" + t;
            case 0x15F -> "max" + t;
            case 0x17C -> pi == 1 ? "haddpd" : "haddps";
            case 0x17D -> pi == 1 ? "hsubpd" : "hsubps";
            case 0x1D0 -> pi == 1 ? "addsubpd" : "addsubps";
            case 0x1C2 -> "cmp" + CMP[(int) d.imm & 7] + t;
            case 0x1C6 -> "shuf" + t;
            case 0x112 -> pi == 2 ? "movsldup" : "movddup";
            case 0x116 -> "movshdup";
            case 0x1E6 -> new String[] {"(bad)", "cvttpd2dq", "cvtdq2pd", "cvtpd2dq"}[pi];
            case 0x1F0 -> "lddqu";
            case 0x1AE -> d.mod == 3 ? "sfence" : new String[] {"fxsave", "fxrstor", "ldmxcsr", "stmxcsr", "xsave", "xrstor",
                    "xsaveopt", "clflush"}[d.reg & 7];
            case 0x160 -> "punpcklbw";
            case 0x161 -> "punpcklwd";
            case 0x162 -> "punpckldq";
            case 0x163 -> "packsswb";
            case 0x164 -> "pcmpgtb";
            case 0x165 -> "pcmpgtw";
            case 0x166 -> "pcmpgtd";
            case 0x167 -> "packuswb";
            case 0x168 -> "punpckhbw";
            case 0x169 -> "punpckhwd";
            case 0x16A -> "punpckhdq";
            case 0x16B -> "packssdw";
            case 0x170 -> pi == 2 ? "pshufhw" : "pshuflw";
            case 0x171, 0x172, 0x173 -> {
                String sz = d.opcode == 0x71 ? "w" : d.opcode == 0x72 ? "d" : "q";
                yield switch (d.reg & 7) {
                    case 2 -> "psrl" + sz;
                    case 3 -> "psrldq";
                    case 4 -> "psra" + sz;
                    case 6 -> "psll" + sz;
                    case 7 -> "pslldq";
                    default -> "(bad)";
                };
            }
            case 0x175 -> "pcmpeqw";
            case 0x176 -> "pcmpeqd";
            case 0x1C4 -> "pinsrw";
            case 0x1C5 -> "pextrw";
            case 0x1B8 -> "popcnt";
            case 0x2F0, 0x2F1 -> "crc32";
            default -> simple(d);
        };
    }

    private static String simple(Insn d) {
        int key = d.map << 8 | d.opcode;
        if (d.map == 1) {
            String[] d0 = {null, "psrlw", "psrld", "psrlq", "paddq", "pmullw", null, null, "psubusb", "psubusw", "pminub",
                null, "paddusb", "paddusw", "pmaxub", null};
            String[] e0 = {"pavgb", "psraw", "psrad", "pavgw", "pmulhuw", "pmulhw", null, null, "psubsb", "psubsw", "pminsw",
                null, "paddsb", "paddsw", "pmaxsw", null};
            String[] f0 = {null, "psllw", "pslld", "psllq", "pmuludq", "pmaddwd", "psadbw", "maskmovdqu", "psubb", "psubw",
                "psubd", "psubq", "paddb", "paddw", "paddd", null};
            String n = switch (d.opcode & 0xF0) {
                case 0xD0 -> d0[d.opcode & 15];
                case 0xE0 -> e0[d.opcode & 15];
                case 0xF0 -> f0[d.opcode & 15];
                default -> null;
            };
            return n == null ? "(bad)" : n;
        }
        if (d.map == 2) {
            String[] lo = {"pshufb", "phaddw", "phaddd", "phaddsw", "pmaddubsw", "phsubw", "phsubd", "phsubsw", "psignb",
                "psignw", "psignd", "pmulhrsw", null, null, null, null, "pblendvb", null, null, null, "blendvps", "blendvpd",
                null, "ptest", null, null, null, null, "pabsb", "pabsw", "pabsd", null, "pmovsxbw", "pmovsxbd", "pmovsxbq",
                "pmovsxwd", "pmovsxwq", "pmovsxdq", null, null, "pmuldq", "pcmpeqq", "movntdqa", "packusdw", null, null, null,
                null, "pmovzxbw", "pmovzxbd", "pmovzxbq", "pmovzxwd", "pmovzxwq", "pmovzxdq", null, "pcmpgtq", "pminsb",
                "pminsd", "pminuw", "pminud", "pmaxsb", "pmaxsd", "pmaxuw", "pmaxud", "pmulld", "phminposuw"};
            String n = d.opcode < lo.length ? lo[d.opcode] : null;
            return n == null ? "(bad)" : n;
        }
        return switch (key) {
            case 0x308 -> "roundps";
            case 0x309 -> "roundpd";
            case 0x30A -> "roundss";
            case 0x30B -> "roundsd";
            case 0x30C -> "blendps";
            case 0x30D -> "blendpd";
            case 0x30E -> "pblendw";
            case 0x30F -> "palignr";
            case 0x314 -> "pextrb";
            case 0x315 -> "pextrw";
            case 0x316 -> d.opSize == 8 ? "pextrq" : "pextrd";
            case 0x317 -> "extractps";
            case 0x320 -> "pinsrb";
            case 0x321 -> "insertps";
            case 0x322 -> d.opSize == 8 ? "pinsrq" : "pinsrd";
            case 0x340 -> "dpps";
            case 0x341 -> "dppd";
            case 0x342 -> "mpsadbw";
            case 0x360 -> "pcmpestrm";
            case 0x361 -> "pcmpestri";
            case 0x362 -> "pcmpistrm";
            case 0x363 -> "pcmpistri";
            default -> "(bad)";
        };
    }

    /** Mnemonic and operands: source(s) first, destination last, as AT&T does. */
    static String format(Insn d) {
        String mn = mnemonic(d);
        String src = X86Disassembler.xe(d), dst = X86Disassembler.xmm(d.reg);
        String ops = d.immSize > 0 && d.opcode != 0xC2 ? X86Disassembler.imm(d.imm, 1) + "," + src + "," + dst : src + "," + dst;
        return mn + " " + ops;
    }
}
