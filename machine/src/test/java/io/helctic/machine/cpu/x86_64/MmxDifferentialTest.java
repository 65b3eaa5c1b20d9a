package io.helctic.machine.cpu.x86_64;

import static org.assertj.core.api.Assertions.assertThat;

import io.helctic.machine.cpu.Trap;
import io.helctic.machine.cpu.x86_64.decode.Decoder;
import io.helctic.machine.cpu.x86_64.decode.Insn;
import io.helctic.machine.cpu.x86_64.disasm.X86Disassembler;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * MMX against the host CPU, in the manner of {@link SseDifferentialTest}: each form is assembled
 * into a native runner function that loads a whole FXSAVE image (FXRSTOR64: x87 control, status
 * with a random TOP, a random abridged tag, the eight registers with random significands and
 * sign/exponent fields, MXCSR, xmm0/xmm1), rax, rcx, rdx, rflags and a 16-byte memory operand at
 * rsi, executes the form and stores everything back (FXSAVE64). The emulator runs the same bytes
 * from the same image; control word, status word (TOP), abridged tag, MXCSR, all eight register
 * slots (significand = MMn, and sign/exponent), xmm0/xmm1, the GPRs, the arithmetic flags and the
 * memory operand must agree. Some cases start with a pending unmasked x87 exception: the MMX
 * instruction must then be #MF (SIGFPE natively).
 */
class MmxDifferentialTest {
    record Form(String asm, SseDifferentialTest.Kind kind, int cases) {}

    private static final int CASES = 300;

    static List<Form> forms() {
        SseDifferentialTest.Kind I = SseDifferentialTest.Kind.INT, F = SseDifferentialTest.Kind.F32,
                D = SseDifferentialTest.Kind.F64;
        List<Form> f = new ArrayList<>();
        for (String op : new String[] {"paddb", "paddw", "paddd", "paddq", "psubb", "psubw", "psubd", "psubq", "paddsb",
                "paddsw", "paddusb", "paddusw", "psubsb", "psubsw", "psubusb", "psubusw", "pmullw", "pmulhw", "pmulhuw",
                "pmuludq", "pmaddwd", "psadbw", "pavgb", "pavgw", "pminub", "pmaxub", "pminsw", "pmaxsw", "pcmpeqb",
                "pcmpeqw", "pcmpeqd", "pcmpgtb", "pcmpgtw", "pcmpgtd", "pand", "pandn", "por", "pxor", "psllw", "pslld",
                "psllq", "psrlw", "psrld", "psrlq", "psraw", "psrad", "packsswb", "packssdw", "packuswb", "punpcklbw",
                "punpcklwd", "punpckldq", "punpckhbw", "punpckhwd", "punpckhdq", "movq",
                "pshufb", "phaddw", "phaddd", "phaddsw", "phsubw", "phsubd", "phsubsw", "pmaddubsw", "pmulhrsw", "psignb",
                "psignw", "psignd", "pabsb", "pabsw", "pabsd"}) {
            f.add(new Form(op + " %mm1,%mm0", I, CASES));
        }
        for (String op : new String[] {"paddb", "psubq", "pmaddwd", "punpcklbw", "punpckldq", "punpckhwd", "packsswb",
                "psrlw", "pshufb", "phaddw", "pabsd", "pxor", "movq", "psadbw", "pmulhrsw"}) {
            f.add(new Form(op + " (%rsi),%mm0", I, 20));
        }
        f.add(new Form("paddw %mm5,%mm7", I, 40));
        f.add(new Form("pmullw %mm6,%mm6", I, 40));
        for (String op : new String[] {"psllw", "pslld", "psllq", "psrlw", "psrld", "psrlq", "psraw", "psrad"}) {
            for (int k : new int[] {0, 1, 7, 15, 16, 31, 32, 63, 64, 200}) f.add(new Form(op + " $" + k + ",%mm0", I, 10));
        }
        for (int k : new int[] {0, 1, 3, 5, 7, 8, 9, 15, 16, 17, 200}) f.add(new Form("palignr $" + k + ",%mm1,%mm0", I, 10));
        f.add(new Form("palignr $3,(%rsi),%mm0", I, 10));
        for (int imm : new int[] {0, 0x1B, 0xE4, 0x4E, 0xB1, 0xFF, 0x93}) f.add(new Form("pshufw $" + imm + ",%mm1,%mm0", I, 10));
        f.add(new Form("pshufw $0x1b,(%rsi),%mm0", I, 10));
        for (int k = 0; k < 4; k++) {
            f.add(new Form("pinsrw $" + k + ",%eax,%mm0", I, 10));
            f.add(new Form("pextrw $" + k + ",%mm1,%eax", I, 10));
        }
        f.add(new Form("pinsrw $2,(%rsi),%mm3", I, 10));
        f.add(new Form("pinsrw $5,%ecx,%mm0", I, 10));
        f.add(new Form("pextrw $6,%mm1,%ecx", I, 10));
        f.add(new Form("pmovmskb %mm1,%eax", I, 40));
        f.add(new Form("pmovmskb %mm2,%r9d; mov %r9,%rcx", I, 10));
        f.add(new Form("movd %eax,%mm0", I, 20));
        f.add(new Form("movq %rax,%mm0", I, 20));
        f.add(new Form("movd %mm1,%eax", I, 20));
        f.add(new Form("movq %mm1,%rax", I, 20));
        f.add(new Form("mov %rax,%r10; movq %r10,%mm4; movq %mm4,%r11; mov %r11,%rcx", I, 20));
        f.add(new Form("movd (%rsi),%mm2", I, 20));
        f.add(new Form("movq (%rsi),%mm2", I, 20));
        f.add(new Form("movd %mm1,(%rsi)", I, 20));
        f.add(new Form("movq %mm1,(%rsi)", I, 20));
        f.add(new Form("movq %mm1,%mm6", I, 20));
        f.add(new Form("movntq %mm1,(%rsi)", I, 20));
        f.add(new Form("xchg %rsi,%rdi; maskmovq %mm1,%mm0; xchg %rsi,%rdi", I, 60));
        f.add(new Form("emms", I, 40));
        f.add(new Form("movq2dq %mm1,%xmm0", I, 20));
        f.add(new Form("movdq2q %xmm1,%mm0", I, 20));
        f.add(new Form("cvtpi2ps %mm1,%xmm0", I, CASES));
        f.add(new Form("cvtpi2ps (%rsi),%xmm0", I, 40));
        f.add(new Form("cvtpi2pd %mm1,%xmm0", I, 40));
        f.add(new Form("cvtpi2pd (%rsi),%xmm0", I, 40));
        for (String op : new String[] {"cvtps2pi", "cvttps2pi"}) {
            f.add(new Form(op + " %xmm1,%mm0", F, CASES));
            f.add(new Form(op + " (%rsi),%mm0", F, 40));
        }
        for (String op : new String[] {"cvtpd2pi", "cvttpd2pi"}) {
            f.add(new Form(op + " %xmm1,%mm0", D, CASES));
            f.add(new Form(op + " (%rsi),%mm0", D, 40));
        }
        return f;
    }

    // buf (uint64 words): 0-63 FXSAVE image in; 64 rax, 65 rcx, 66 rdx, 67 rflags, 68-69 memory operand;
    // 72-135 FXSAVE image out
    private static String runnerSource(List<Form> forms) {
        StringBuilder s = new StringBuilder("\t.text\n");
        for (int i = 0; i < forms.size(); i++) {
            s.append("\t.globl run_").append(i).append("\nrun_").append(i).append(":\n");
            s.append("\tfxrstor64 0(%rdi)\n\tmov 512(%rdi),%rax\n\tmov 520(%rdi),%rcx\n\tmov 528(%rdi),%rdx\n");
            s.append("\tlea 544(%rdi),%rsi\n\tpushq 536(%rdi)\n\tpopfq\n");
            s.append("insn_").append(i).append(":\n\t").append(forms.get(i).asm().replace("; ", "\n\t")).append("\n");
            s.append("insn_end_").append(i).append(":\n");
            s.append("\tpushfq\n\tpopq 536(%rdi)\n\tfxsave64 576(%rdi)\n");
            s.append("\tmov %rax,512(%rdi)\n\tmov %rcx,520(%rdi)\n\tmov %rdx,528(%rdi)\n\tret\n");
        }
        s.append("\t.section .rodata\n\t.globl run_table\n\t.balign 8\nrun_table:\n");
        for (int i = 0; i < forms.size(); i++) s.append("\t.quad run_").append(i).append('\n');
        s.append("\t.section .note.GNU-stack,\"\",@progbits\n");
        return s.toString();
    }

    static final int IN = 70, OUT = 24 + 6; // input words; output: 24 image words, rax, rcx, rdx, rflags, mem lo, mem hi

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
            static int trapSignal;
            static uint64_t buf[136] __attribute__((aligned(64)));
            /* the FXSAVE image at the trap, from the signal frame */
            static void ontrap(int sig, siginfo_t *si, void *p) {
                trapSignal = sig;
                ucontext_t *uc = p;
                memcpy(&buf[72], uc->uc_mcontext.fpregs, 192);
                siglongjmp(jb, 1);
            }
            int main(void) {
                struct sigaction sa;
                memset(&sa, 0, sizeof sa);
                sa.sa_sigaction = ontrap;
                sa.sa_flags = SA_SIGINFO | SA_NODEFER;
                sigaction(SIGFPE, &sa, 0);
                sigaction(SIGSEGV, &sa, 0);
                int form;
                while (scanf("%d", &form) == 1) {
                    memset(buf, 0, sizeof buf);
                    for (int k = 0; k < 70; k++) scanf("%lx", &buf[k]);
                    int trapped = 0;
                    if (sigsetjmp(jb, 1) == 0) run_table[form](buf);
                    else trapped = trapSignal == SIGFPE ? 1 : 2;
                    printf("%d", form);
                    for (int k = 0; k < 24; k++) printf(" %lx", buf[72 + k]);
                    for (int k = 0; k < 6; k++) printf(" %lx", buf[64 + k]);
                    printf(" %x\\n", trapped);
                }
                return 0;
            }
            """;

    static long[] input(SplittableRandom r, Form f) {
        long[] s = new long[IN];
        long[] sse = SseDifferentialTest.input(r, new SseDifferentialTest.Form(f.asm(), f.kind(), 1));
        long[] ints = SseDifferentialTest.input(r, new SseDifferentialTest.Form(f.asm(), SseDifferentialTest.Kind.INT, 1));
        int cw = 0x037F;
        if (r.nextInt(4) == 0) cw = 0x0040 | (r.nextInt(4) << 8) | (r.nextInt(4) << 10) | 0x3F;
        int top = r.nextInt(8);
        int sw = top << 11 | (r.nextInt(16) == 0 ? r.nextInt(0x4700 & ~0x3800) & 0x4700 : 0);
        if (r.nextInt(4) == 0) sw |= r.nextInt(0x40); // masked exception flags already set
        if (r.nextInt(20) == 0) { // a pending unmasked exception: #MF
            cw &= ~1;
            sw |= 1 | 0x80 | 0x8000;
        }
        int ftw = switch (r.nextInt(4)) {
            case 0 -> 0;
            case 1 -> 0xFF;
            default -> r.nextInt(256);
        };
        s[0] = cw | (long) sw << 16 | (long) ftw << 32;
        int mxcsr = (int) sse[9] & 0xFFFF | 0x1F80; // SIMD exceptions masked, except for some conversions
        if (f.asm().startsWith("cvt") && r.nextInt(4) == 0) mxcsr &= ~(r.nextInt(64) << 7);
        s[3] = mxcsr & 0xFFFF_FFFFL | 0xFFFFL << 32;
        for (int k = 0; k < 8; k++) {
            long mant = k < 3 ? ints[k] : SseDifferentialTest.input(r, new SseDifferentialTest.Form("", SseDifferentialTest.Kind.INT, 1))[0];
            int se = switch (r.nextInt(4)) {
                case 0 -> 0xFFFF;
                case 1 -> 0x3FFF;
                default -> r.nextInt(0x10000);
            };
            s[4 + 2 * k] = mant;
            s[5 + 2 * k] = se;
        }
        // MM0..MM2 are the physical registers 0..2, at image slot (n - TOP) & 7: give them the first integer inputs
        for (int n = 0; n < 3; n++) s[4 + 2 * ((n - top) & 7)] = ints[n];
        s[20] = sse[0];
        s[21] = sse[1];
        s[22] = sse[2];
        s[23] = sse[3];
        s[64] = ints[6];
        s[65] = ints[7];
        s[66] = ints[8];
        s[67] = 0x202 | (r.nextLong() & 0x8D5);
        s[68] = f.kind() == SseDifferentialTest.Kind.INT ? ints[11] : sse[11];
        s[69] = f.kind() == SseDifferentialTest.Kind.INT ? ints[12] : sse[12];
        return s;
    }

    private static final long[] MASK = new long[OUT];

    static {
        java.util.Arrays.fill(MASK, -1L);
        MASK[0] = 0xFF_FFFF_FFFFL; // FCW, FSW, abridged FTW (not FOP)
        MASK[1] = 0; // FIP
        MASK[2] = 0; // FDP
        MASK[3] = 0xFFFF_FFFFL; // MXCSR
        for (int k = 0; k < 8; k++) MASK[5 + 2 * k] = 0xFFFF;
        MASK[27] = 0x8D5; // arithmetic flags
    }

    @Test
    void mmxAgreesWithTheHost() throws Exception {
        Toolchain.require("gcc", "objdump");
        List<Form> forms = forms();
        Path dir = Files.createTempDirectory("helctic-mmx");
        Files.writeString(dir.resolve("forms.S"), runnerSource(forms));
        Files.writeString(dir.resolve("main.c"), MAIN);
        Toolchain.run(dir, "gcc", "-c", "-o", "forms.o", "forms.S");
        Toolchain.run(dir, "gcc", "-O1", "-o", "runner", "main.c", "forms.o");
        Map<Integer, byte[]> code = SseDifferentialTest.instructionBytes(
                Toolchain.run(dir, "objdump", "-d", "--insn-width=16", "forms.o"));
        assertThat(code).hasSize(forms.size());

        // the disassembler names each single-instruction form as the assembler does
        for (int i = 0; i < forms.size(); i++) {
            String asm = forms.get(i).asm();
            if (asm.contains(";")) continue;
            Insn d = new Insn();
            byte[] b = code.get(i);
            Decoder.decode(b, 0, b.length, 0, d);
            assertThat(d.len).as(asm).isEqualTo(b.length);
            assertThat(X86Disassembler.mnemonic(d)).as(asm).isEqualTo(asm.split(" ")[0]);
        }

        SplittableRandom rnd = new SplittableRandom(0x33C_2026L);
        HostCases host = HostCases.run(dir, forms.size(), i -> forms.get(i).cases(), i -> input(rnd, forms.get(i)), OUT);
        List<long[]> inputs = host.inputs, expected = host.expected;
        List<Integer> formOf = host.formOf;

        TestMachine m = new TestMachine();
        Map<Integer, Long> at = HostCases.load(m, forms.size(), code::get);
        X86Cpu cpu = m.cpu;
        long mem = TestMachine.DATA + 0x100;
        int disagreements = 0, mf = 0, xm = 0;
        List<String> report = new ArrayList<>();
        Map<String, Integer> byForm = new HashMap<>();
        for (int c = 0; c < inputs.size(); c++) {
            long[] s = inputs.get(c);
            int fi = formOf.get(c);
            byte[] img = new byte[512];
            ByteBuffer bb = ByteBuffer.wrap(img).order(ByteOrder.LITTLE_ENDIAN);
            for (int k = 0; k < 64; k++) bb.putLong(8 * k, s[k]);
            assertThat(cpu.fxrstor(img)).isTrue();
            cpu.setReg(X86Cpu.RAX, s[64]);
            cpu.setReg(X86Cpu.RCX, s[65]);
            cpu.setReg(X86Cpu.RDX, s[66]);
            cpu.setRflags(s[67]);
            cpu.setReg(X86Cpu.RSI, mem);
            cpu.setReg(X86Cpu.RDI, TestMachine.DATA);
            m.poke64(mem, s[68]);
            m.poke64(mem + 8, s[69]);
            long start = at.get(fi);
            cpu.setRip(start);
            Trap t = cpu.run(10);
            byte[] outImg = cpu.fxsave();
            ByteBuffer ob = ByteBuffer.wrap(outImg).order(ByteOrder.LITTLE_ENDIAN);
            long[] o = new long[OUT + 1];
            for (int k = 0; k < 24; k++) o[k] = ob.getLong(8 * k);
            o[24] = cpu.reg(X86Cpu.RAX);
            o[25] = cpu.reg(X86Cpu.RCX);
            o[26] = cpu.reg(X86Cpu.RDX);
            o[27] = cpu.rflags();
            o[28] = m.peek64(mem);
            o[29] = m.peek64(mem + 8);
            long[] e = expected.get(c);
            o[OUT] = t instanceof Trap.FloatingPointError || t instanceof Trap.SimdFloatingPoint ? 1 : 0;
            boolean ok;
            boolean pending = (s[0] >>> 16 & 0x80) != 0;
            long end = start + code.get(fi).length;
            if (e[OUT] == 1 && pending) {
                mf++;
                ok = t instanceof Trap.FloatingPointError(long frip) && frip >= start && frip < end;
            } else if (e[OUT] == 1) { // #XM: x87/MMX state, MXCSR and xmm at the trap (signal frame) as on the host
                xm++;
                ok = t instanceof Trap.SimdFloatingPoint(long xrip) && xrip >= start && xrip < end;
                for (int k = 0; k < 24 && ok; k++) {
                    if (((o[k] ^ e[k]) & MASK[k]) != 0) ok = false;
                }
            } else {
                ok = e[OUT] == 0 && t instanceof Trap.GeneralProtection(long rip) && rip == start + code.get(fi).length;
                for (int k = 0; k < OUT && ok; k++) {
                    if (((o[k] ^ e[k]) & MASK[k]) != 0) ok = false;
                }
            }
            if (!ok) {
                disagreements++;
                byForm.merge(forms.get(fi).asm(), 1, Integer::sum);
                if (report.size() < 30) {
                    StringBuilder sb = new StringBuilder(forms.get(fi).asm()).append(" (").append(t).append(")\n  in  ");
                    for (int k = 0; k < 24; k++) sb.append(String.format("%016x ", s[k]));
                    for (int k = 64; k < 70; k++) sb.append(String.format("%016x ", s[k]));
                    sb.append("\n  hw  ");
                    for (long v : e) sb.append(String.format("%016x ", v));
                    sb.append("\n  emu ");
                    for (long v : o) sb.append(String.format("%016x ", v));
                    report.add(sb.toString());
                }
            }
        }
        System.out.printf("MMX differential: %d forms, %d cases (%d with a pending x87 exception, #MF; %d raising an unmasked"
                + " SIMD exception, #XM), %d disagreements%n", forms.size(), inputs.size(), mf, xm, disagreements);
        if (disagreements > 0) {
            System.out.println("by form: " + byForm);
            report.forEach(System.out::println);
        }
        assertThat(disagreements).as("disagreements with the host").isZero();
    }
}
