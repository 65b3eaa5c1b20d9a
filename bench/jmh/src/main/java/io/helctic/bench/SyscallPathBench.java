package io.helctic.bench;

import io.helctic.abi.Isa;
import io.helctic.abi.KernelOp;
import io.helctic.abi.KernelOps;
import io.helctic.abi.PersonalityId;
import io.helctic.abi.SyscallResult;
import io.helctic.personality.Dispatcher;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Boundary 1 to boundary 2 without a kernel: the personality layer's dispatcher over an op
 * table whose every op returns 7 at once. Native pass-through (syscall number = slot) against
 * the Linux personality's table and translation, for getppid.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class SyscallPathBench {
    private Dispatcher dispatcher;

    @Setup
    public void setup() {
        java.util.List<KernelOps.Slot> slots = new java.util.ArrayList<>();
        for (KernelOp op : KernelOp.values()) {
            if (!op.reserved()) slots.add(new KernelOps.Slot(op, op.params().size(), (a1, a2, a3, a4, a5, a6) -> 7));
        }
        dispatcher = new Dispatcher();
        dispatcher.init(KernelOps.sparse(slots.toArray(KernelOps.Slot[]::new)));
    }

    @Benchmark
    public SyscallResult nativeGetppid() {
        return dispatcher.syscall(KernelOp.GETPPID.ordinal(), 0, 0, 0, 0, 0, 0, PersonalityId.KERNEL, Isa.X86_64);
    }

    @Benchmark
    public SyscallResult linuxGetppid() {
        return dispatcher.syscall(110, 0, 0, 0, 0, 0, 0, PersonalityId.LINUX, Isa.X86_64);
    }
}
