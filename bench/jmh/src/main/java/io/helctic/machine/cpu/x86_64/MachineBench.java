package io.helctic.machine.cpu.x86_64;

import static io.helctic.machine.memory.PageTableEntry.*;

import io.helctic.machine.cpu.x86_64.core.GuestFault;
import io.helctic.machine.cpu.x86_64.core.Mmu;
import io.helctic.machine.cpu.x86_64.decode.Decoder;
import io.helctic.machine.cpu.x86_64.decode.Insn;
import io.helctic.machine.memory.PhysicalMemory;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The machine's hot paths: decoding, guest loads and stores through the software TLB, and a
 * loop of ALU instructions through the run loop (ns per instruction). In the machine's package
 * to reach its internals; runs on the class path.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class MachineBench {
    static final long CODE = 0x40_0000L, DATA = 0x60_0000L;
    static final int LOOP = 1000;

    // mov %rdi,%rax; add %rsi,%rax; xor %rax,%rdx; lea 0x8(%rax,%rdx,2),%rcx; cmp $0x10,%ecx;
    // mov 0x10(%rsp),%rbx; imul %rbx,%rax; sub $0x1,%r8; jne (back)
    static final byte[] LOOP_BODY = {
        0x48, (byte) 0x89, (byte) 0xf8,
        0x48, 0x01, (byte) 0xf0,
        0x48, 0x31, (byte) 0xc2,
        0x48, (byte) 0x8d, 0x4c, 0x50, 0x08,
        (byte) 0x83, (byte) 0xf9, 0x10,
        0x48, (byte) 0x8b, 0x5c, 0x24, 0x10,
        0x48, 0x0f, (byte) 0xaf, (byte) 0xc3,
        0x49, (byte) 0x83, (byte) 0xe8, 0x01,
    };
    static final int INSNS_PER_ITERATION = 9;

    private PhysicalMemory mem;
    private X86Cpu cpu;
    private Mmu mmu;
    private byte[] code;
    private final Insn insn = new Insn();
    private long nextFrame = 1;
    private long pml4;
    private int probe;

    @Setup
    public void setup() {
        mem = new PhysicalMemory(64L << 20);
        pml4 = (nextFrame++) << 12;
        map(CODE, PRESENT | USER);
        for (int i = 0; i < 16; i++) map(DATA + i * 4096L, PRESENT | USER | WRITABLE | NO_EXECUTE);
        // the loop: body, then jne back to CODE
        code = new byte[LOOP_BODY.length + 2];
        System.arraycopy(LOOP_BODY, 0, code, 0, LOOP_BODY.length);
        code[LOOP_BODY.length] = 0x75;
        code[LOOP_BODY.length + 1] = (byte) -(LOOP_BODY.length + 2);
        long pfn = (mem.read64(pte(CODE)) & ADDRESS_MASK) >>> 12;
        System.arraycopy(code, 0, mem.frame(pfn), 0, code.length);
        cpu = new X86Cpu(mem);
        cpu.setCr3(pml4);
        mmu = new Mmu(mem, new GuestFault());
        mmu.cr3 = pml4;
    }

    private long pte(long va) {
        long table = pml4;
        for (int shift = 39; shift > 12; shift -= 9) {
            long ea = table + ((va >>> shift) & 0x1ff) * 8;
            long e = mem.read64(ea);
            if ((e & PRESENT) == 0) {
                e = ((nextFrame++) << 12) | PRESENT | WRITABLE | USER;
                mem.write64(ea, e);
            }
            table = e & ADDRESS_MASK;
        }
        return table + ((va >>> 12) & 0x1ff) * 8;
    }

    private void map(long va, long flags) {
        mem.write64(pte(va), ((nextFrame++) << 12) | flags);
    }

    /** Decodes the loop's ten instructions. */
    @Benchmark
    @OperationsPerInvocation(INSNS_PER_ITERATION + 1)
    public long decode() {
        long sum = 0;
        int off = 0;
        while (off < code.length) {
            int len = Decoder.decode(code, off, code.length, CODE + off, insn);
            sum += insn.op;
            off += len;
        }
        return sum;
    }

    /** One 8-byte load through the TLB (a hit), over 16 pages. */
    @Benchmark
    public long load64() {
        probe = (probe + 0x238) & 0xfff8;
        return mmu.read64(DATA + probe);
    }

    /** One 8-byte store through the TLB (a hit), over 16 pages. */
    @Benchmark
    public void store64() {
        probe = (probe + 0x238) & 0xfff8;
        mmu.write64(DATA + probe, probe);
    }

    /** The ALU loop through decoded blocks and the interpreter: time per guest instruction. */
    @Benchmark
    @OperationsPerInvocation(LOOP * (INSNS_PER_ITERATION + 1))
    public long aluBlock() {
        cpu.setRip(CODE);
        cpu.setReg(X86Cpu.RSP, DATA + 0x800);
        cpu.setReg(X86Cpu.R8, LOOP);
        cpu.setReg(X86Cpu.RDI, 3);
        cpu.setReg(X86Cpu.RSI, 5);
        cpu.run(LOOP * (INSNS_PER_ITERATION + 1));
        return cpu.reg(X86Cpu.RAX);
    }
}
