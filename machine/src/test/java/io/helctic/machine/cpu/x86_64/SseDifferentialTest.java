package io.helctic.machine.cpu.x86_64;

import static org.assertj.core.api.Assertions.assertThat;

import io.helctic.machine.cpu.Trap;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * SSE..SSE4.2 against the host CPU: every instruction form below is assembled into a native
 * runner (one function per form: load xmm0-2, rax, rcx, rdx, rflags, MXCSR and a 16-byte memory
 * operand at rsi, execute the instruction, store everything back) and executed on the same
 * inputs in the emulator; xmm0-2, the three GPRs, the arithmetic flags, MXCSR and the memory
 * operand must agree bit for bit. Inputs mix random bits with the edge cases (signed zeros,
 * denormals, infinities, QNaN/SNaN with payloads, extreme normals, values near the integer
 * conversion limits) in all four rounding modes with DAZ and FTZ on and off. Exceptions stay
 * masked (an unmasked one would kill the native runner). RCPPS/RSQRTPS are excluded: their
 * approximations are implementation-specific (only their #GP on a misaligned operand is compared).
 */
class SseDifferentialTest {
    enum Kind { F32, F64, INT, STR }

    /** misaligned: the memory operand (rsi) is 8 bytes off a 16-byte boundary. */
    record Form(String asm, Kind kind, int cases, boolean misaligned) {
        Form(String asm, Kind kind, int cases) {
            this(asm, kind, cases, false);
        }
    }

    private static final int FLOAT_CASES = 3000, INT_CASES = 400, STR_CASES = 150;

    static List<Form> forms() {
        List<Form> f = new ArrayList<>();
        String[] arith = {"add", "sub", "mul", "div", "min", "max", "sqrt"};
        for (String op : arith) {
            f.add(new Form(op + "ps %xmm1,%xmm0", Kind.F32, FLOAT_CASES));
            f.add(new Form(op + "ss %xmm1,%xmm0", Kind.F32, FLOAT_CASES));
            f.add(new Form(op + "pd %xmm1,%xmm0", Kind.F64, FLOAT_CASES));
            f.add(new Form(op + "sd %xmm1,%xmm0", Kind.F64, FLOAT_CASES));
        }
        f.add(new Form("addps (%rsi),%xmm0", Kind.F32, FLOAT_CASES));
        f.add(new Form("mulsd (%rsi),%xmm0", Kind.F64, FLOAT_CASES));
        f.add(new Form("divss (%rsi),%xmm0", Kind.F32, FLOAT_CASES));
        for (int k = 0; k < 8; k++) {
            f.add(new Form("cmpps $" + k + ",%xmm1,%xmm0", Kind.F32, FLOAT_CASES / 2));
            f.add(new Form("cmpss $" + k + ",%xmm1,%xmm0", Kind.F32, FLOAT_CASES / 2));
            f.add(new Form("cmppd $" + k + ",%xmm1,%xmm0", Kind.F64, FLOAT_CASES / 2));
            f.add(new Form("cmpsd $" + k + ",%xmm1,%xmm0", Kind.F64, FLOAT_CASES / 2));
        }
        for (String op : new String[] {"comiss", "ucomiss"}) f.add(new Form(op + " %xmm1,%xmm0", Kind.F32, FLOAT_CASES));
        for (String op : new String[] {"comisd", "ucomisd"}) f.add(new Form(op + " %xmm1,%xmm0", Kind.F64, FLOAT_CASES));
        f.add(new Form("cvtsi2ss %eax,%xmm0", Kind.INT, FLOAT_CASES));
        f.add(new Form("cvtsi2ss %rax,%xmm0", Kind.INT, FLOAT_CASES));
        f.add(new Form("cvtsi2sd %eax,%xmm0", Kind.INT, FLOAT_CASES));
        f.add(new Form("cvtsi2sd %rax,%xmm0", Kind.INT, FLOAT_CASES));
        f.add(new Form("cvtsi2sdl (%rsi),%xmm0", Kind.INT, INT_CASES));
        for (String op : new String[] {"cvtss2si", "cvttss2si"}) {
            f.add(new Form(op + " %xmm1,%eax", Kind.F32, FLOAT_CASES));
            f.add(new Form(op + " %xmm1,%rax", Kind.F32, FLOAT_CASES));
        }
        for (String op : new String[] {"cvtsd2si", "cvttsd2si"}) {
            f.add(new Form(op + " %xmm1,%eax", Kind.F64, FLOAT_CASES));
            f.add(new Form(op + " %xmm1,%rax", Kind.F64, FLOAT_CASES));
        }
        f.add(new Form("cvtss2sd %xmm1,%xmm0", Kind.F32, FLOAT_CASES));
        f.add(new Form("cvtps2pd %xmm1,%xmm0", Kind.F32, FLOAT_CASES));
        f.add(new Form("cvtsd2ss %xmm1,%xmm0", Kind.F64, FLOAT_CASES));
        f.add(new Form("cvtpd2ps %xmm1,%xmm0", Kind.F64, FLOAT_CASES));
        f.add(new Form("cvtdq2ps %xmm1,%xmm0", Kind.INT, FLOAT_CASES));
        f.add(new Form("cvtps2dq %xmm1,%xmm0", Kind.F32, FLOAT_CASES));
        f.add(new Form("cvttps2dq %xmm1,%xmm0", Kind.F32, FLOAT_CASES));
        f.add(new Form("cvtdq2pd %xmm1,%xmm0", Kind.INT, INT_CASES));
        f.add(new Form("cvtpd2dq %xmm1,%xmm0", Kind.F64, FLOAT_CASES));
        f.add(new Form("cvttpd2dq %xmm1,%xmm0", Kind.F64, FLOAT_CASES));
        for (String op : new String[] {"haddps", "hsubps", "addsubps"}) f.add(new Form(op + " %xmm1,%xmm0", Kind.F32, FLOAT_CASES));
        for (String op : new String[] {"haddpd", "hsubpd", "addsubpd"}) f.add(new Form(op + " %xmm1,%xmm0", Kind.F64, FLOAT_CASES));
        for (int k = 0; k < 16; k++) {
            f.add(new Form("roundps $" + k + ",%xmm1,%xmm0", Kind.F32, FLOAT_CASES / 4));
            f.add(new Form("roundss $" + k + ",%xmm1,%xmm0", Kind.F32, FLOAT_CASES / 4));
            f.add(new Form("roundpd $" + k + ",%xmm1,%xmm0", Kind.F64, FLOAT_CASES / 4));
            f.add(new Form("roundsd $" + k + ",%xmm1,%xmm0", Kind.F64, FLOAT_CASES / 4));
        }
        for (int imm : new int[] {0xFF, 0xF1, 0x31, 0x7F, 0xA5, 0x0F, 0xF0, 0x5A}) f.add(new Form("dpps $" + imm + ",%xmm1,%xmm0", Kind.F32, FLOAT_CASES / 4));
        for (int imm : new int[] {0x33, 0x31, 0x12, 0x23, 0x03, 0x30}) f.add(new Form("dppd $" + imm + ",%xmm1,%xmm0", Kind.F64, FLOAT_CASES / 4));
        f.add(new Form("movmskps %xmm1,%eax", Kind.F32, INT_CASES));
        f.add(new Form("movmskpd %xmm1,%eax", Kind.F64, INT_CASES));
        for (int imm : new int[] {0, 0x1B, 0xE4, 0x4E, 0xB1, 0xFF}) f.add(new Form("shufps $" + imm + ",%xmm1,%xmm0", Kind.INT, 20));
        for (int imm = 0; imm < 4; imm++) f.add(new Form("shufpd $" + imm + ",%xmm1,%xmm0", Kind.INT, 20));
        for (String op : new String[] {"unpcklps", "unpckhps", "unpcklpd", "unpckhpd", "movsldup", "movshdup", "movddup",
                "movss", "movsd", "movlhps", "movhlps", "andps", "andnps", "orps", "xorpd"}) {
            f.add(new Form(op + " %xmm1,%xmm0", Kind.INT, 20));
        }
        f.add(new Form("movss (%rsi),%xmm0", Kind.INT, 20));
        f.add(new Form("movlpd (%rsi),%xmm0", Kind.INT, 20));
        f.add(new Form("movhps (%rsi),%xmm0", Kind.INT, 20));
        f.add(new Form("movhpd %xmm1,(%rsi)", Kind.INT, 20));
        f.add(new Form("lddqu (%rsi),%xmm0", Kind.INT, 20));
        f.add(new Form("stmxcsr (%rsi)", Kind.F32, 20));
        for (int imm : new int[] {0, 5, 10, 15}) f.add(new Form("blendps $" + imm + ",%xmm1,%xmm0", Kind.INT, 20));
        for (int imm = 0; imm < 4; imm++) f.add(new Form("blendpd $" + imm + ",%xmm1,%xmm0", Kind.INT, 20));
        f.add(new Form("blendvps %xmm0,%xmm1,%xmm2", Kind.INT, 40));
        f.add(new Form("blendvpd %xmm0,%xmm1,%xmm2", Kind.INT, 40));
        for (int imm : new int[] {0, 0x1F, 0x4A, 0x90, 0xE5, 0x3C, 0xFF, 0x70}) f.add(new Form("insertps $" + imm + ",%xmm1,%xmm0", Kind.INT, 20));
        f.add(new Form("insertps $0x5a,(%rsi),%xmm0", Kind.INT, 20));
        for (int imm = 0; imm < 4; imm++) f.add(new Form("extractps $" + imm + ",%xmm1,%eax", Kind.INT, 20));
        f.add(new Form("extractps $2,%xmm1,(%rsi)", Kind.INT, 20));

        // integer SSE2
        for (String op : new String[] {"paddb", "paddw", "paddd", "paddq", "psubb", "psubw", "psubd", "psubq", "paddsb",
                "paddsw", "paddusb", "paddusw", "psubsb", "psubsw", "psubusb", "psubusw", "pmullw", "pmulhw", "pmulhuw",
                "pmuludq", "pmaddwd", "psadbw", "pavgb", "pavgw", "pminub", "pmaxub", "pminsw", "pmaxsw", "pcmpeqb",
                "pcmpeqw", "pcmpeqd", "pcmpgtb", "pcmpgtw", "pcmpgtd", "pand", "pandn", "por", "pxor", "psllw", "pslld",
                "psllq", "psrlw", "psrld", "psrlq", "psraw", "psrad", "packsswb", "packssdw", "packuswb", "punpcklbw",
                "punpcklwd", "punpckldq", "punpcklqdq", "punpckhbw", "punpckhwd", "punpckhdq", "punpckhqdq",
                // SSSE3
                "pshufb", "phaddw", "phaddd", "phaddsw", "phsubw", "phsubd", "phsubsw", "pmaddubsw", "pmulhrsw", "psignb",
                "psignw", "psignd", "pabsb", "pabsw", "pabsd",
                // SSE4.1
                "pminsb", "pminuw", "pminsd", "pminud", "pmaxsb", "pmaxuw", "pmaxsd", "pmaxud", "pmulld", "pmuldq",
                "pcmpeqq", "packusdw", "pmovsxbw", "pmovsxbd", "pmovsxbq", "pmovsxwd", "pmovsxwq", "pmovsxdq", "pmovzxbw",
                "pmovzxbd", "pmovzxbq", "pmovzxwd", "pmovzxwq", "pmovzxdq", "phminposuw",
                // SSE4.2
                "pcmpgtq"}) {
            f.add(new Form(op + " %xmm1,%xmm0", Kind.INT, INT_CASES));
        }
        f.add(new Form("ptest %xmm1,%xmm0", Kind.INT, INT_CASES));
        f.add(new Form("paddw (%rsi),%xmm0", Kind.INT, 20));
        f.add(new Form("pmovsxbd (%rsi),%xmm0", Kind.INT, 20));
        f.add(new Form("pmovzxwq (%rsi),%xmm0", Kind.INT, 20));
        for (String op : new String[] {"psllw", "pslld", "psllq", "psrlw", "psrld", "psrlq", "psraw", "psrad"}) {
            for (int k : new int[] {0, 1, 7, 15, 16, 31, 32, 63, 64, 200}) f.add(new Form(op + " $" + k + ",%xmm0", Kind.INT, 10));
        }
        for (int k : new int[] {0, 1, 3, 8, 15, 16, 100}) {
            f.add(new Form("pslldq $" + k + ",%xmm0", Kind.INT, 10));
            f.add(new Form("psrldq $" + k + ",%xmm0", Kind.INT, 10));
        }
        for (int k : new int[] {0, 1, 5, 8, 15, 16, 17, 24, 31, 32, 200}) f.add(new Form("palignr $" + k + ",%xmm1,%xmm0", Kind.INT, 10));
        for (int imm : new int[] {0, 0x1B, 0xE4, 0x4E, 0xB1, 0xFF, 0x93}) {
            f.add(new Form("pshufd $" + imm + ",%xmm1,%xmm0", Kind.INT, 10));
            f.add(new Form("pshufhw $" + imm + ",%xmm1,%xmm0", Kind.INT, 10));
            f.add(new Form("pshuflw $" + imm + ",%xmm1,%xmm0", Kind.INT, 10));
            f.add(new Form("pblendw $" + imm + ",%xmm1,%xmm0", Kind.INT, 10));
        }
        for (int k = 0; k < 8; k++) {
            f.add(new Form("pinsrw $" + k + ",%eax,%xmm0", Kind.INT, 10));
            f.add(new Form("pextrw $" + k + ",%xmm1,%eax", Kind.INT, 10));
            f.add(new Form("mpsadbw $" + k + ",%xmm1,%xmm0", Kind.INT, 20));
        }
        f.add(new Form("pextrw $5,%xmm1,(%rsi)", Kind.INT, 10));
        f.add(new Form("pinsrw $3,(%rsi),%xmm0", Kind.INT, 10));
        for (int k : new int[] {0, 1, 7, 9, 15}) {
            f.add(new Form("pextrb $" + k + ",%xmm1,%eax", Kind.INT, 10));
            f.add(new Form("pinsrb $" + k + ",%eax,%xmm0", Kind.INT, 10));
        }
        f.add(new Form("pextrb $11,%xmm1,(%rsi)", Kind.INT, 10));
        f.add(new Form("pinsrb $13,(%rsi),%xmm0", Kind.INT, 10));
        for (int k = 0; k < 4; k++) {
            f.add(new Form("pextrd $" + k + ",%xmm1,%eax", Kind.INT, 10));
            f.add(new Form("pinsrd $" + k + ",%eax,%xmm0", Kind.INT, 10));
        }
        for (int k = 0; k < 2; k++) {
            f.add(new Form("pextrq $" + k + ",%xmm1,%rax", Kind.INT, 10));
            f.add(new Form("pinsrq $" + k + ",%rax,%xmm0", Kind.INT, 10));
        }
        f.add(new Form("pextrq $1,%xmm1,(%rsi)", Kind.INT, 10));
        f.add(new Form("pinsrd $2,(%rsi),%xmm0", Kind.INT, 10));
        f.add(new Form("pblendvb %xmm0,%xmm1,%xmm2", Kind.INT, 40));
        f.add(new Form("pmovmskb %xmm1,%eax", Kind.INT, 20));
        f.add(new Form("movd %eax,%xmm0", Kind.INT, 10));
        f.add(new Form("movq %xmm1,%rax", Kind.INT, 10));
        f.add(new Form("crc32b %al,%ecx", Kind.INT, 40));
        f.add(new Form("crc32b %ah,%ecx", Kind.INT, 20));
        f.add(new Form("crc32w %ax,%ecx", Kind.INT, 40));
        f.add(new Form("crc32l %eax,%ecx", Kind.INT, 40));
        f.add(new Form("crc32q %rax,%rcx", Kind.INT, 40));
        f.add(new Form("crc32l (%rsi),%ecx", Kind.INT, 20));
        f.add(new Form("popcnt %rax,%rcx", Kind.INT, 40));
        f.add(new Form("popcnt %eax,%ecx", Kind.INT, 40));
        f.add(new Form("popcnt %ax,%cx", Kind.INT, 40));
        for (int imm = 0; imm < 128; imm++) {
            for (String op : new String[] {"pcmpestri", "pcmpestrm", "pcmpistri", "pcmpistrm"}) {
                f.add(new Form(op + " $" + imm + ",%xmm1,%xmm0", Kind.STR, STR_CASES));
            }
        }
        f.add(new Form("pcmpistri $0x0c,(%rsi),%xmm0", Kind.STR, STR_CASES));
        // REX-extended registers
        f.add(new Form("movdqa %xmm0,%xmm8; movdqa %xmm1,%xmm12; paddw %xmm12,%xmm8; movdqa %xmm8,%xmm0", Kind.INT, 20));
        f.add(new Form("movaps %xmm1,%xmm15; mulps %xmm15,%xmm0", Kind.F32, 50));
        f.add(new Form("mov %rax,%r9; cvtsi2sd %r9,%xmm0; cvttsd2si %xmm1,%r11; mov %r11,%rcx", Kind.F64, 50));
        f.add(new Form("movdqa %xmm1,%xmm10; pextrb $9,%xmm10,%r8d; pinsrq $1,%r8,%xmm11; pcmpistri $0x18,%xmm10,%xmm11; movdqa %xmm11,%xmm0", Kind.STR, 50));
        // alignment: legacy SSE m128 operands must be aligned (#GP) except the unaligned forms
        for (String op : new String[] {"addps", "addpd", "addss", "addsd", "cmpltps", "cvtdq2ps", "cvtps2dq", "cvtpd2ps",
                "cvtpd2dq", "cvttpd2dq", "cvtdq2pd", "cvtps2pd", "unpcklps", "haddps", "movsldup", "movddup", "sqrtps",
                "minps", "comiss", "andps", "paddb", "pmaddwd", "psllw", "pshufb", "ptest", "pmovsxbw", "pmovzxdq",
                "pmuldq", "packusdw", "phminposuw", "pcmpgtq", "pminsd", "movdqu", "movdqa", "movups", "movaps", "lddqu",
                "movntdqa", "cvtss2sd", "cvtsd2ss", "punpcklqdq", "pcmpeqb", "pxor", "rcpps"}) {
            f.add(new Form(op + " (%rsi),%xmm0", Kind.INT, 3, true));
        }
        for (String op : new String[] {"roundps $1", "dpps $0xff", "blendps $5", "palignr $3", "mpsadbw $2",
                "pcmpistri $0", "pcmpestrm $0x40", "insertps $0x10", "shufps $0x1b", "pshufd $0x1b", "pshufhw $0x1b",
                "pinsrd $1", "pinsrw $1", "pinsrb $1", "roundss $2"}) {
            f.add(new Form(op + ",(%rsi),%xmm0", Kind.INT, 3, true));
        }
        f.add(new Form("movaps %xmm0,(%rsi)", Kind.INT, 3, true));
        f.add(new Form("movntdq %xmm0,(%rsi)", Kind.INT, 3, true));
        f.add(new Form("movups %xmm0,(%rsi)", Kind.INT, 3, true));
        f.add(new Form("extractps $1,%xmm0,(%rsi)", Kind.INT, 3, true));
        f.add(new Form("rex.w pcmpestri $0x4c,%xmm1,%xmm0", Kind.STR, STR_CASES));
        return f;
    }

    // state layout shared with the runner: x0 lo, x0 hi, x1 lo, x1 hi, x2 lo, x2 hi, rax, rcx, rdx, mxcsr, rflags, mem lo, mem hi
    static final int WORDS = 13;

    private static String runnerSource(List<Form> forms) {
        StringBuilder s = new StringBuilder();
        s.append("\t.text\n");
        for (int i = 0; i < forms.size(); i++) {
            s.append("\t.globl run_").append(i).append("\nrun_").append(i).append(":\n");
            s.append("\tldmxcsr 72(%rdi)\n\tmovdqu 0(%rdi),%xmm0\n\tmovdqu 16(%rdi),%xmm1\n\tmovdqu 32(%rdi),%xmm2\n");
            s.append("\tmov 48(%rdi),%rax\n\tmov 56(%rdi),%rcx\n\tmov 64(%rdi),%rdx\n\tlea ")
                    .append(forms.get(i).misaligned() ? 104 : 96).append("(%rdi),%rsi\n");
            s.append("\tpushq 80(%rdi)\n\tpopfq\n");
            s.append("insn_").append(i).append(":\n\t").append(forms.get(i).asm().replace("; ", "\n\t")).append("\n");
            s.append("insn_end_").append(i).append(":\n");
            s.append("\tpushfq\n\tpopq 80(%rdi)\n\tstmxcsr 72(%rdi)\n");
            s.append("\tmovdqu %xmm0,0(%rdi)\n\tmovdqu %xmm1,16(%rdi)\n\tmovdqu %xmm2,32(%rdi)\n");
            s.append("\tmov %rax,48(%rdi)\n\tmov %rcx,56(%rdi)\n\tmov %rdx,64(%rdi)\n\tret\n");
        }
        s.append("\t.section .rodata\n\t.globl run_table\n\t.balign 8\nrun_table:\n");
        for (int i = 0; i < forms.size(); i++) s.append("\t.quad run_").append(i).append('\n');
        s.append("\t.section .note.GNU-stack,\"\",@progbits\n");
        return s.toString();
    }

    private static final String MAIN = """
            #define _GNU_SOURCE
            #include <stdio.h>
            #include <stdint.h>
            #include <string.h>
            #include <signal.h>
            #include <setjmp.h>
            #include <ucontext.h>
            typedef void (*fn)(uint64_t *);
            extern fn run_table[];
            static sigjmp_buf jb;
            static uint64_t trap[13];
            /* #XM: record the state at the faulting instruction from the signal frame */
            static int trapSignal;
            static void onfpe(int sig, siginfo_t *si, void *p) {
                trapSignal = sig;
                ucontext_t *uc = p;
                for (int k = 0; k < 3; k++) memcpy(&trap[2 * k], &uc->uc_mcontext.fpregs->_xmm[k], 16);
                trap[6] = uc->uc_mcontext.gregs[REG_RAX];
                trap[7] = uc->uc_mcontext.gregs[REG_RCX];
                trap[8] = uc->uc_mcontext.gregs[REG_RDX];
                trap[9] = uc->uc_mcontext.fpregs->mxcsr;
                trap[10] = uc->uc_mcontext.gregs[REG_EFL];
                siglongjmp(jb, 1);
            }
            int main(void) {
                static uint64_t st[16] __attribute__((aligned(16)));
                struct sigaction sa;
                memset(&sa, 0, sizeof sa);
                sa.sa_sigaction = onfpe;
                sa.sa_flags = SA_SIGINFO | SA_NODEFER;
                sigaction(SIGFPE, &sa, 0);
                sigaction(SIGSEGV, &sa, 0);
                int form;
                while (scanf("%d", &form) == 1) {
                    for (int k = 0; k < 9; k++) scanf("%lx", &st[k]);
                    scanf("%lx", &st[9]);
                    scanf("%lx", &st[10]);
                    scanf("%lx %lx", &st[12], &st[13]);
                    uint32_t m = (uint32_t) st[9];
                    uint64_t buf[18] __attribute__((aligned(16)));
                    buf[14] = buf[15] = 0;
                    for (int k = 0; k < 9; k++) buf[k] = st[k];
                    buf[9] = m; /* ldmxcsr reads 32 bits at 72 */
                    buf[10] = st[10];
                    buf[11] = 0;
                    buf[12] = st[12];
                    buf[13] = st[13];
                    int trapped = 0;
                    if (sigsetjmp(jb, 1) == 0) {
                        run_table[form](buf);
                    } else {
                        trapped = trapSignal == SIGFPE ? 1 : 2;
                        for (int k = 0; k < 11; k++) buf[k] = trap[k];
                    }
                    printf("%d", form);
                    for (int k = 0; k < 9; k++) printf(" %lx", buf[k]);
                    printf(" %lx %lx %lx %lx %x\\n", buf[9] & 0xffffffff, buf[10], buf[12], buf[13], trapped);
                }
                return 0;
            }
            """;

    // ---- inputs ----

    private static final int[] F32_SPECIAL = {0, 0x8000_0000, 1, 0x8000_0001, 0x007F_FFFF, 0x807F_FFFF, 0x0040_0000,
            0x0080_0000, 0x8080_0000, 0x0080_0001, 0x7F7F_FFFF, 0xFF7F_FFFF, 0x7F80_0000, 0xFF80_0000, 0x7FC0_0000,
            0xFFC0_0000, 0x7FC1_2345, 0xFFE0_0001, 0x7F80_0001, 0x7FA0_1234, 0xFF81_0000, 0x3F80_0000, 0xBF80_0000,
            0x4F00_0000, 0xCF00_0000, 0x4EFF_FFFF, 0xCF00_0001, 0x5F00_0000, 0xDF00_0000, 0x5EFF_FFFF, 0x3F00_0000,
            0x3FC0_0000, 0x4020_0000, 0xBF00_0000, 0x4B00_0001, 0x3EFF_FFFF, 0x0100_0000, 0x3400_0000, 0x1F80_0000};
    private static final long[] F64_SPECIAL = {0, Long.MIN_VALUE, 1, 0x8000_0000_0000_0001L, 0x000F_FFFF_FFFF_FFFFL,
            0x0008_0000_0000_0000L, 0x0010_0000_0000_0000L, 0x8010_0000_0000_0000L, 0x0010_0000_0000_0001L,
            0x7FEF_FFFF_FFFF_FFFFL, 0xFFEF_FFFF_FFFF_FFFFL, 0x7FF0_0000_0000_0000L, 0xFFF0_0000_0000_0000L,
            0x7FF8_0000_0000_0000L, 0xFFF8_0000_0000_0000L, 0x7FF8_0000_1234_5678L, 0x7FF0_0000_0000_0001L,
            0xFFF4_0000_0000_0abcL, 0x3FF0_0000_0000_0000L, 0xBFF0_0000_0000_0000L, 0x41E0_0000_0000_0000L,
            0xC1E0_0000_0000_0000L, 0x41DF_FFFF_FFC0_0000L, 0x41DF_FFFF_FFE0_0000L, 0xC1E0_0000_0010_0000L,
            0x43E0_0000_0000_0000L, 0xC3E0_0000_0000_0000L, 0x43DF_FFFF_FFFF_FFFFL, 0x3FE0_0000_0000_0000L,
            0x3FF8_0000_0000_0000L, 0x4004_0000_0000_0000L, 0x4330_0000_0000_0001L, 0x47EF_FFFF_E000_0000L,
            0x47EF_FFFF_F000_0000L, 0x3810_0000_0000_0000L, 0x380F_FFFF_F000_0000L, 0x36A0_0000_0000_0000L,
            0x3690_0000_0000_0001L, 0x1FF0_0000_0000_0000L};

    private static long f32(SplittableRandom r) {
        int c = r.nextInt(10);
        int v;
        if (c < 3) v = F32_SPECIAL[r.nextInt(F32_SPECIAL.length)];
        else if (c < 5) v = r.nextInt();
        else if (c < 7) v = (r.nextInt(2) << 31) | ((r.nextInt(60) + (r.nextBoolean() ? 0 : 195)) << 23) | r.nextInt(1 << 23);
        else if (c < 8) v = (r.nextInt(2) << 31) | ((112 + r.nextInt(40)) << 23) | (r.nextBoolean() ? r.nextInt(1 << 23) : r.nextInt(8) << 20);
        else v = Float.floatToRawIntBits((float) ((r.nextInt(2000) - 1000) / 4.0 * (r.nextBoolean() ? 1 : 1 + r.nextInt(3) * 0x1p-23)));
        return v & 0xFFFF_FFFFL;
    }

    private static long f64(SplittableRandom r) {
        int c = r.nextInt(10);
        if (c < 3) return F64_SPECIAL[r.nextInt(F64_SPECIAL.length)];
        if (c < 5) return r.nextLong();
        if (c < 7) {
            long e = r.nextInt(80) + (r.nextBoolean() ? 0 : 1967);
            return ((long) r.nextInt(2) << 63) | (e << 52) | (r.nextLong() & 0xF_FFFF_FFFF_FFFFL);
        }
        if (c < 8) {
            long e = 850 + r.nextInt(330);
            return ((long) r.nextInt(2) << 63) | (e << 52) | (r.nextBoolean() ? r.nextLong() & 0xF_FFFF_FFFF_FFFFL : (long) r.nextInt(8) << 49);
        }
        return Double.doubleToRawLongBits((r.nextInt(2000) - 1000) / 4.0 * (r.nextBoolean() ? 1 : 1 + r.nextInt(3) * 0x1p-52));
    }

    private static long intVal(SplittableRandom r) {
        return switch (r.nextInt(8)) {
            case 0 -> new long[] {0, -1, Long.MIN_VALUE, Long.MAX_VALUE, 0x8000_0000L, 0x7FFF_FFFFL, 0xFFFF_FFFF_8000_0000L,
                    0x8000_8000_8000_8000L, 0x7F7F_7F7F_7F7F_7F7FL, 0x0080_0080_0080_0080L, 1, 0x0100_0000L,
                    0x0100_0001L, 0x20_0000_0000_0001L, 0x7FFF_FFFF_FFFF_FE00L}[r.nextInt(15)];
            case 1 -> r.nextLong() & 0x0101_0101_0101_0101L * (r.nextInt(256));
            case 2 -> (long) (r.nextInt(2001) - 1000);
            case 3 -> r.nextLong() >> r.nextInt(64);
            default -> r.nextLong();
        };
    }

    private static long strVal(SplittableRandom r) {
        long v = 0;
        for (int k = 0; k < 8; k++) {
            int b = r.nextInt(10) == 0 ? 0 : r.nextInt(4) == 0 ? r.nextInt(256) : 'a' + r.nextInt(4);
            v |= (long) b << (8 * k);
        }
        return v;
    }

    private static long lanes(SplittableRandom r, Kind k) {
        return switch (k) {
            case F32 -> f32(r) | f32(r) << 32;
            case F64 -> f64(r);
            case STR -> strVal(r);
            default -> intVal(r);
        };
    }

    /**
     * A second operand made from the first so results land on rounding boundaries: cancellation,
     * alignment shifts around the precision, near-equal values, factors near one, products and
     * quotients near the smallest normal and the largest finite value.
     */
    private static long related(SplittableRandom r, long a, boolean d) {
        int fb = d ? 52 : 23, bias = d ? 1023 : 127, maxE = d ? 2046 : 254;
        long sign = d ? Long.MIN_VALUE : 0x8000_0000L, fracMask = (1L << fb) - 1;
        int ea = (int) ((a >>> fb) & (d ? 0x7FF : 0xFF));
        if (ea == 0 || ea > maxE) return a;
        long small = r.nextInt(9) - 4;
        int eb;
        switch (r.nextInt(7)) {
            case 0: return (a ^ sign) + small;
            case 1: eb = ea - (fb - 2 + r.nextInt(8)); break;
            case 2: return a + small;
            case 3: return (d ? 0x3FF0_0000_0000_0000L : 0x3F80_0000L) + r.nextInt(16) | (r.nextBoolean() ? sign : 0);
            case 4: eb = (-(bias - 1) - (ea - bias) + r.nextInt(4) - 2) + bias; break;
            case 5: eb = (bias - (ea - bias) + r.nextInt(4) - 2) + bias; break;
            default: return a;
        }
        if (eb < 1 || eb > maxE) return a;
        long frac = r.nextBoolean() ? r.nextLong() & fracMask : (r.nextLong() & fracMask) & ~((1L << (fb - 3)) - 1);
        return (r.nextBoolean() ? sign : 0) | ((long) eb << fb) | frac;
    }

    static long[] input(SplittableRandom r, Form f) {
        long[] s = new long[WORDS];
        for (int k = 0; k < 6; k++) s[k] = lanes(r, f.kind());
        if (f.kind() == Kind.F64 && r.nextInt(3) == 0) {
            s[2] = related(r, s[0], true);
            s[3] = related(r, s[1], true);
            s[11] = related(r, s[0], true);
        } else if (f.kind() == Kind.F32 && r.nextInt(3) == 0) {
            for (int k = 0; k < 2; k++) {
                long lo = related(r, s[k] & 0xFFFF_FFFFL, false), hi = related(r, s[k] >>> 32, false);
                s[2 + k] = (lo & 0xFFFF_FFFFL) | hi << 32;
            }
            s[11] = s[2];
        }
        if (f.kind() == Kind.STR && r.nextInt(3) == 0) {
            s[2] = s[0]; // src2 = src1: hits the equality paths
            s[3] = s[1];
        }
        s[6] = f.kind() == Kind.STR ? r.nextInt(41) - 20 : intVal(r);
        s[7] = intVal(r);
        s[8] = f.kind() == Kind.STR ? (r.nextInt(8) == 0 ? r.nextLong() : r.nextInt(41) - 20) : intVal(r);
        if (f.kind() == Kind.STR && r.nextInt(8) == 0) s[6] = r.nextLong();
        int mx = 0x1F80 | r.nextInt(4) << 13;
        if (r.nextInt(3) == 0) mx |= 0x40; // DAZ
        if (r.nextInt(3) == 0) mx |= 0x8000; // FTZ
        if (r.nextInt(10) == 0) mx |= r.nextInt(64); // sticky flags already set
        boolean fp = f.kind() == Kind.F32 || f.kind() == Kind.F64 || f.asm().startsWith("cvt");
        if (fp && !f.misaligned() && r.nextInt(5) == 0) mx &= ~(r.nextInt(64) << 7); // unmask some
        s[9] = mx;
        s[10] = 0x202 | (r.nextLong() & 0x8D5);
        s[11] = lanes(r, f.kind());
        s[12] = lanes(r, f.kind());
        return s;
    }

    // ---- the run ----

    @Test
    void sseAgreesWithTheHost() throws Exception {
        Toolchain.require("gcc", "objdump");
        List<Form> forms = forms();
        Path dir = Files.createTempDirectory("helctic-sse");
        Files.writeString(dir.resolve("forms.S"), runnerSource(forms));
        Files.writeString(dir.resolve("main.c"), MAIN);
        Toolchain.run(dir, "gcc", "-c", "-o", "forms.o", "forms.S");
        Toolchain.run(dir, "gcc", "-O1", "-o", "runner", "main.c", "forms.o");
        Map<Integer, byte[]> code = instructionBytes(Toolchain.run(dir, "objdump", "-d", "--insn-width=16", "forms.o"));
        assertThat(code).hasSize(forms.size());

        SplittableRandom rnd = new SplittableRandom(0x55E_2026L);
        HostCases host = HostCases.run(dir, forms.size(), i -> forms.get(i).cases(), i -> input(rnd, forms.get(i)), WORDS);
        List<long[]> inputs = host.inputs, expected = host.expected;
        List<Integer> formOf = host.formOf;

        int disagreements = 0, traps = 0, gps = 0;
        List<String> report = new ArrayList<>();
        Map<String, Integer> byForm = new HashMap<>();
        // interpreted, then with every block translated (Translator): both held to the host
        for (boolean translate : new boolean[] {false, true}) {
            TestMachine m = new TestMachine();
            Map<Integer, Long> at = HostCases.load(m, forms.size(), code::get);
            X86Cpu cpu = m.cpu;
            cpu.translateAll = translate;
            long memBase = TestMachine.DATA + 0x100;
            for (int c = 0; c < inputs.size(); c++) {
                long[] s = inputs.get(c);
                int fi = formOf.get(c);
                for (int k = 0; k < 3; k++) cpu.setXmm(k, s[2 * k], s[2 * k + 1]);
                cpu.setReg(X86Cpu.RAX, s[6]);
                cpu.setReg(X86Cpu.RCX, s[7]);
                cpu.setReg(X86Cpu.RDX, s[8]);
                long mem = memBase + (forms.get(fi).misaligned() ? 8 : 0);
                cpu.setReg(X86Cpu.RSI, mem);
                m.poke64(memBase + 16, 0);
                m.poke64(memBase + 24, 0);
                cpu.setMxcsr((int) s[9]);
                cpu.setRflags(s[10]);
                m.poke64(memBase, s[11]); // the runner's buf[12], buf[13]; rsi may point 8 bytes in
                m.poke64(memBase + 8, s[12]);
                long start = at.get(fi);
                cpu.setRip(start);
                Trap t = cpu.run(10);
                long[] o = new long[WORDS + 1];
                for (int k = 0; k < 3; k++) {
                    o[2 * k] = cpu.xmm(k, 0);
                    o[2 * k + 1] = cpu.xmm(k, 1);
                }
                o[6] = cpu.reg(X86Cpu.RAX);
                o[7] = cpu.reg(X86Cpu.RCX);
                o[8] = cpu.reg(X86Cpu.RDX);
                o[9] = cpu.mxcsr() & 0xFFFF_FFFFL;
                o[10] = cpu.rflags();
                o[11] = m.peek64(memBase);
                o[12] = m.peek64(memBase + 8);
                long[] e = expected.get(c);
                o[WORDS] = t instanceof Trap.SimdFloatingPoint ? 1 : t instanceof Trap.GeneralProtection(long g) && g == start ? 2 : 0;
                if (e[WORDS] == 1 && !translate) traps++;
                if (e[WORDS] == 2 && !translate) gps++;
                long end = start + code.get(fi).length;
                boolean ok = e[WORDS] == 1 ? t instanceof Trap.SimdFloatingPoint(long xrip) && xrip >= start && xrip < end
                        : e[WORDS] == 2 ? t instanceof Trap.GeneralProtection(long grip) && grip == start
                        : t instanceof Trap.GeneralProtection(long rip) && rip == start + code.get(fi).length;
                long flagMask = 0x8D5;
                for (int k = 0; k < WORDS && ok; k++) {
                    long a = o[k], b = e[k];
                    if (k == 10) {
                        a &= flagMask;
                        b &= flagMask;
                    }
                    if (a != b) ok = false;
                }
                if (!ok) {
                    disagreements++;
                    byForm.merge((translate ? "translated " : "") + forms.get(fi).asm(), 1, Integer::sum);
                    if (report.size() < 40) {
                        StringBuilder sb = new StringBuilder((translate ? "translated " : "") + forms.get(fi).asm()).append(" (").append(t).append(")\n  in  ");
                        for (long v : s) sb.append(String.format("%016x ", v));
                        sb.append("\n  hw  ");
                        for (long v : e) sb.append(String.format("%016x ", v));
                        sb.append("\n  emu ");
                        for (long v : o) sb.append(String.format("%016x ", v));
                        report.add(sb.toString());
                    }
                }
            }
        }
        System.out.printf("SSE differential: %d forms, %d cases (%d raising an unmasked exception, #XM; %d misaligned, #GP),"
                + " %d disagreements (interpreted and translated)%n", forms.size(), inputs.size(), traps, gps, disagreements);
        if (disagreements > 0) {
            System.out.println("by form: " + byForm);
            report.forEach(System.out::println);
        }
        assertThat(disagreements).as("disagreements with the host").isZero();
    }

    /** Bytes between the insn_N and insn_end_N labels of objdump's listing. */
    static Map<Integer, byte[]> instructionBytes(String dump) {
        Map<Integer, byte[]> out = new HashMap<>();
        java.util.regex.Pattern label = java.util.regex.Pattern.compile("^[0-9a-f]+ <(insn_end_|insn_|run_)(\\d+)>:$");
        java.util.regex.Pattern line = java.util.regex.Pattern.compile("^\\s*[0-9a-f]+:\\t((?:[0-9a-f]{2} )+).*$");
        int current = -1;
        java.io.ByteArrayOutputStream bytes = null;
        for (String l : dump.split("\n")) {
            java.util.regex.Matcher lm = label.matcher(l.trim());
            if (lm.matches()) {
                if (current >= 0) out.put(current, bytes.toByteArray());
                current = lm.group(1).equals("insn_") ? Integer.parseInt(lm.group(2)) : -1;
                bytes = new java.io.ByteArrayOutputStream();
                continue;
            }
            if (current < 0) continue;
            java.util.regex.Matcher m = line.matcher(l);
            if (m.matches()) {
                for (String h : m.group(1).trim().split(" ")) bytes.write(Integer.parseInt(h, 16));
            }
        }
        return out;
    }
}
