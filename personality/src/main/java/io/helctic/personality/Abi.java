package io.helctic.personality;

import io.helctic.abi.Conventions;
import io.helctic.abi.KernelOps;
import io.helctic.abi.PersonalityId;
import io.helctic.abi.SyscallResult;
import io.helctic.personality.bsd.BsdAbi;
import io.helctic.personality.darwin.DarwinAbi;
import io.helctic.personality.linux.LinuxAbi;
import io.helctic.personality.nativeabi.NativeAbi;
import io.helctic.personality.windows.WindowsAbi;

/**
 * One operating system's syscall ABI: its table, its result convention and its trace
 * format. The {@link Dispatcher} picks one per call by personality id.
 */
public sealed interface Abi permits NativeAbi, LinuxAbi, WindowsAbi, DarwinAbi, BsdAbi {

    /** The personality this ABI serves. */
    PersonalityId id();

    /** ENOSYS in this ABI's own convention (DESIGN §1 rule 4: before the table is installed). */
    SyscallResult enosys();

    /** Handles one call; {@code ops} is the installed table. */
    SyscallResult syscall(KernelOps ops, long nr, long a1, long a2, long a3, long a4, long a5, long a6);

    /**
     * An strace-style line for a finished call. {@code ops} may be null (table not yet
     * installed); guest memory is then not read and pointers are shown as numbers.
     * {@code args} always has six elements. A null {@code result} means the call never
     * returned (it ended the context), shown as strace does: {@code = ?}.
     */
    String describe(KernelOps ops, long nr, long[] args, SyscallResult result);

    /** What the kernel must know of this OS's conventions besides syscall results. */
    Conventions conventions();
}
