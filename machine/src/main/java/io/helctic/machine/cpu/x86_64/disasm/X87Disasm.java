package io.helctic.machine.cpu.x86_64.disasm;

import io.helctic.machine.cpu.x86_64.decode.Insn;

/** AT&T (GNU objdump) text of the x87 escapes, FWAIT and FXSAVE/FXRSTOR. */
final class X87Disasm {
    private X87Disasm() {}

    private static final String[] ARITH = {"fadd", "fmul", "fcom", "fcomp", "fsub", "fsubr", "fdiv", "fdivr"};
    private static final String[][] MEM = {
            {"fadds", "fmuls", "fcoms", "fcomps", "fsubs", "fsubrs", "fdivs", "fdivrs"},
            {"flds", null, "fsts", "fstps", "fldenv", "fldcw", "fnstenv", "fnstcw"},
            {"fiaddl", "fimull", "ficoml", "ficompl", "fisubl", "fisubrl", "fidivl", "fidivrl"},
            {"fildl", "fisttpl", "fistl", "fistpl", null, "fldt", null, "fstpt"},
            {"faddl", "fmull", "fcoml", "fcompl", "fsubl", "fsubrl", "fdivl", "fdivrl"},
            {"fldl", "fisttpll", "fstl", "fstpl", "frstor", null, "fnsave", "fnstsw"},
            {"fiadds", "fimuls", "ficoms", "ficomps", "fisubs", "fisubrs", "fidivs", "fidivrs"},
            {"filds", "fisttps", "fists", "fistps", "fbld", "fildll", "fbstp", "fistpll"},
    };
    private static final String[] D9E0 = {"fchs", "fabs", null, null, "ftst", "fxam", null, null,
            "fld1", "fldl2t", "fldl2e", "fldpi", "fldlg2", "fldln2", "fldz", null,
            "f2xm1", "fyl2x", "fptan", "fpatan", "fxtract", "fprem1", "fdecstp", "fincstp",
            "fprem", "fyl2xp1", "fsqrt", "fsincos", "frndint", "fscale", "fsin", "fcos"};
    private static final String[] FCMOV = {"fcmovb", "fcmove", "fcmovbe", "fcmovu", "fcmovnb", "fcmovne", "fcmovnbe", "fcmovnu"};

    static String st(int i) {
        return "%st(" + i + ")";
    }

    static String format(Insn d) {
        int esc = d.opcode & 7, reg = d.reg & 7;
        if (d.isMem()) {
            String n = MEM[esc][reg];
            return (n == null ? "(bad)" : n) + " " + X86Disassembler.mem(d);
        }
        int i = d.rm & 7;
        return switch (esc) {
            case 0 -> reg == 2 || reg == 3 ? ARITH[reg] + " " + st(i) : ARITH[reg] + " " + st(i) + ",%st";
            case 1 -> switch (reg) {
                case 0 -> "fld " + st(i);
                case 1 -> "fxch " + st(i);
                case 2 -> i == 0 ? "fnop" : "(bad)";
                case 3 -> "(bad)";
                default -> {
                    String n = D9E0[(reg - 4) * 8 + i];
                    yield n == null ? "(bad)" : n;
                }
            };
            case 2 -> reg < 4 ? FCMOV[reg] + " " + st(i) + ",%st" : reg == 5 && i == 1 ? "fucompp" : "(bad)";
            case 3 -> reg < 4 ? FCMOV[4 + reg] + " " + st(i) + ",%st"
                    : reg == 4 ? switch (i) {
                        case 0 -> "fneni(8087 only)";
                        case 1 -> "fndisi(8087 only)";
                        case 2 -> "fnclex";
                        case 3 -> "fninit";
                        case 4 -> "fnsetpm(287 only)";
                        default -> "(bad)";
                    }
                    : reg == 5 ? "fucomi " + st(i) + ",%st" : reg == 6 ? "fcomi " + st(i) + ",%st" : "(bad)";
            case 4 -> reg == 2 || reg == 3 ? "(bad)" : ARITH[reg] + " %st," + st(i);
            case 5 -> switch (reg) {
                case 0 -> "ffree " + st(i);
                case 2 -> "fst " + st(i);
                case 3 -> "fstp " + st(i);
                case 4 -> "fucom " + st(i);
                case 5 -> "fucomp " + st(i);
                default -> "(bad)";
            };
            case 6 -> reg == 3 ? (i == 1 ? "fcompp" : "(bad)") : reg == 2 ? "(bad)" : ARITH[reg] + "p %st," + st(i);
            default -> switch (reg) {
                case 0 -> "ffreep " + st(i);
                case 4 -> i == 0 ? "fnstsw %ax" : "(bad)";
                case 5 -> "fucomip " + st(i) + ",%st";
                case 6 -> "fcomip " + st(i) + ",%st";
                default -> "(bad)";
            };
        };
    }

    static String fxsave(Insn d) {
        boolean w = (d.rex & 8) != 0;
        String n = d.sub == 0 ? "fxsave" : "fxrstor";
        return (w ? n + "64" : n) + " " + X86Disassembler.mem(d);
    }
}
