package io.helctic.personality.linux;

import io.helctic.abi.Conventions;
import io.helctic.abi.Errno;
import io.helctic.abi.KernelOps;
import io.helctic.abi.PersonalityId;
import io.helctic.abi.SyscallResult;
import io.helctic.personality.Abi;
import io.helctic.personality.Handler;

/**
 * The Linux x86-64 personality: result in {@code rax}, {@code -errno} on failure, flags
 * untouched. As in Linux since 5.x the syscall number is the low 32 bits of {@code rax}
 * taken as a signed int; negative numbers, numbers past the table and x32 numbers
 * (bit 30 set, or 512–547) answer -ENOSYS.
 */
public final class LinuxAbi implements Abi {

    public static final LinuxAbi INSTANCE = new LinuxAbi();

    private static final SyscallResult ENOSYS = SyscallResult.of(Errno.ENOSYS.negative());

    private LinuxAbi() {}

    @Override
    public PersonalityId id() { return PersonalityId.LINUX; }

    @Override
    public SyscallResult enosys() { return ENOSYS; }

    /** The C library's message for an errno, as strace prints it after the name. */
    public static String strerror(Errno e) {
        return LinuxErrnoText.message(e);
    }

    /** The table entry a raw {@code rax} selects, or null. */
    public static SyscallEntry entryFor(long nr) {
        return X86_64Table.entry((int) nr);
    }

    @Override
    public SyscallResult syscall(KernelOps ops, long nr, long a1, long a2, long a3, long a4, long a5, long a6) {
        SyscallEntry e = entryFor(nr);
        if (e == null) return ENOSYS;
        return SyscallResult.encode(Handler.run(e.handler(), ops, e, a1, a2, a3, a4, a5, a6), SyscallResult::of);
    }

    /** Linux x86-64's restart_syscall: what the kernel re-issues to continue an interrupted sleep. */
    static final int RESTART_SYSCALL = 219;

    /** AUDIT_ARCH_X86_64 (EM_X86_64 | __AUDIT_ARCH_64BIT | __AUDIT_ARCH_LE): seccomp_data.arch. */
    static final int AUDIT_ARCH_X86_64 = 0xc000003e;

    /** Strict seccomp's calls (Linux's mode1_syscalls): read, write, exit, rt_sigreturn. */
    private static final long[] STRICT_CALLS = {0, 1, 60, 15};

    private static final Conventions CONVENTIONS = new Conventions(SyscallResult.of(0), RESTART_SYSCALL,
            Conventions.SignalFrames.LINUX, new int[0],
            new Conventions.Filtering(AUDIT_ARCH_X86_64, STRICT_CALLS, errno -> SyscallResult.of(-errno)));

    /** A fork's child returns 0 in rax; Linux's own signal numbers and rt_sigframe. */
    @Override
    public Conventions conventions() { return CONVENTIONS; }

    @Override
    public String describe(KernelOps ops, long nr, long[] args, SyscallResult result) {
        if (result == null) return LinuxTrace.unfinished(ops, nr, args);
        if (result.interrupted()) return LinuxTrace.interrupted(ops, nr, args, result.code());
        return LinuxTrace.describe(ops, nr, args, result.value());
    }
}
