package io.helctic.kernel.syscall;

import io.helctic.abi.KernelOps;
import io.helctic.kernel.vfs.Namespace;

/**
 * Builds the kernel's side of boundary 2: one KernelOps table, each slot filled by the
 * class of its syscall family. Slots left empty answer -ENOSYS.
 */
public final class OpTable {
    private OpTable() {}

    /** The table for a kernel with this namespace, whose first process runs with these host credentials. */
    public static KernelOps build(Namespace namespace, int uid, int euid, int gid, int egid) {
        KernelOps.Builder b = KernelOps.builder();
        new ProcessOps(new ProcessOps.Credentials(uid, euid, gid, egid)).install(b);
        new FileOps().install(b);
        new PathOps(namespace, euid, egid).install(b);
        new MemoryOps().install(b);
        new SystemOps().install(b);
        return b.build();
    }
}
