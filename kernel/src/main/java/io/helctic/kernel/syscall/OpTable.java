package io.helctic.kernel.syscall;

import io.helctic.abi.KernelOps;
import io.helctic.kernel.context.Futexes;
import io.helctic.kernel.context.ProcessTable;
import io.helctic.kernel.context.Spawner;
import io.helctic.kernel.loader.ElfLoader;
import io.helctic.kernel.memory.FrameAllocator;
import io.helctic.kernel.vfs.Namespace;
import java.util.function.Supplier;

/**
 * Builds the kernel's side of boundary 2: one KernelOps table, each slot filled by the
 * class of its syscall family. Slots left empty answer -ENOSYS.
 */
public final class OpTable {
    private OpTable() {}

    /**
     * The table for a kernel with this namespace, process table and scheduler, whose first
     * process runs with these host credentials; {@code facts} gives each exec its auxv facts.
     */
    public static KernelOps build(Namespace namespace, ProcessTable processes, Spawner spawner, FrameAllocator frames,
                                  Supplier<ElfLoader.AuxFacts> facts, Futexes futexes, int uid, int euid, int gid,
                                  int egid) {
        KernelOps.Builder b = KernelOps.builder();
        SystemOps system = new SystemOps(() -> {
            long total = frames.memory().frameCount() * io.helctic.machine.memory.PhysicalMemory.PAGE_SIZE;
            long used = frames.framesInUse() * io.helctic.machine.memory.PhysicalMemory.PAGE_SIZE;
            return new long[] {total, total - used, processes.all().size()};
        });
        ThreadOps threads = new ThreadOps(processes, spawner, futexes);
        LifecycleOps lifecycle = new LifecycleOps(processes, spawner, namespace, frames, facts, threads);
        lifecycle.install(b);
        threads.install(b, lifecycle::clone);
        new FutexOps(futexes, system::now).install(b);
        new SignalOps().install(b);
        new PollOps().install(b);
        new ProcessOps(new ProcessOps.Credentials(uid, euid, gid, egid)).install(b);
        new FileOps().install(b);
        new PathOps(namespace, euid, egid).install(b);
        new MemoryOps().install(b);
        system.install(b);
        return b.build();
    }

    /** What the kernel does when a thread ends (robust futexes, clear-child-tid, its TLB); see ThreadOps. */
    public static void threadExited(io.helctic.kernel.context.Context ctx, Futexes futexes) {
        ThreadOps.release(ctx, futexes);
    }
}
