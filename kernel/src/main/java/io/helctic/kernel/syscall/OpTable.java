package io.helctic.kernel.syscall;

import io.helctic.abi.KernelOps;
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
                                  Supplier<ElfLoader.AuxFacts> facts, int uid, int euid, int gid, int egid) {
        KernelOps.Builder b = KernelOps.builder();
        new LifecycleOps(processes, spawner, namespace, frames, facts).install(b);
        new SignalOps().install(b);
        new PollOps().install(b);
        new ProcessOps(new ProcessOps.Credentials(uid, euid, gid, egid)).install(b);
        new FileOps().install(b);
        new PathOps(namespace, euid, egid).install(b);
        new MemoryOps().install(b);
        new SystemOps(() -> {
            long total = frames.memory().frameCount() * io.helctic.machine.memory.PhysicalMemory.PAGE_SIZE;
            long used = frames.framesInUse() * io.helctic.machine.memory.PhysicalMemory.PAGE_SIZE;
            return new long[] {total, total - used, processes.all().size()};
        }).install(b);
        return b.build();
    }
}
