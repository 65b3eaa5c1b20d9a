package io.helctic.personality;

import io.helctic.abi.Conventions;
import io.helctic.abi.Isa;
import io.helctic.abi.KernelOps;
import io.helctic.abi.Personality;
import io.helctic.abi.PersonalityId;
import io.helctic.abi.SyscallResult;
import io.helctic.personality.bsd.BsdAbi;
import io.helctic.personality.darwin.DarwinAbi;
import io.helctic.personality.linux.LinuxAbi;
import io.helctic.personality.nativeabi.NativeAbi;
import io.helctic.personality.windows.WindowsAbi;
import java.util.Arrays;
import java.util.Objects;

/**
 * The personality layer as the kernel sees it (found through {@link java.util.ServiceLoader}).
 * Routes each call to the ABI of the calling context's personality. Until {@link #init}
 * has installed the op table every call answers ENOSYS in that personality's convention.
 */
public final class Dispatcher implements Personality {

    private volatile KernelOps ops;

    /** Public no-argument constructor, as {@link java.util.ServiceLoader} requires. */
    public Dispatcher() {}

    @Override
    public synchronized void init(KernelOps table) {
        Objects.requireNonNull(table, "table");
        if (ops != null) throw new IllegalStateException("the kernel op table is already installed");
        ops = table;
    }

    /** Whether {@link #init} has run. */
    public boolean installed() {
        return ops != null;
    }

    /**
     * Handles one call. Every personality's tables are x86-64's so far: on another ISA every
     * call answers ENOSYS in the personality's convention (Linux on AArch64 and RISC-V numbers
     * its calls differently and needs its own table).
     */
    @Override
    public SyscallResult syscall(long nr, long a1, long a2, long a3, long a4, long a5, long a6,
                                 PersonalityId personality, Isa isa) {
        Abi abi = abi(personality);
        KernelOps table = ops;
        if (table == null || isa != Isa.X86_64) return abi.enosys();
        return abi.syscall(table, nr, a1, a2, a3, a4, a5, a6);
    }

    @Override
    public String describe(long nr, long[] args, SyscallResult result, PersonalityId personality, Isa isa) {
        long[] six = Arrays.copyOf(args == null ? new long[0] : args, 6);
        return abi(personality).describe(isa == Isa.X86_64 ? ops : null, nr, six, result);
    }

    @Override
    public Conventions conventions(PersonalityId personality, Isa isa) {
        return abi(personality).conventions();
    }

    /** The ABI serving a personality. */
    public static Abi abi(PersonalityId personality) {
        return switch (Objects.requireNonNull(personality, "personality")) {
            case KERNEL -> NativeAbi.INSTANCE;
            case LINUX -> LinuxAbi.INSTANCE;
            case WINDOWS -> WindowsAbi.INSTANCE;
            case DARWIN -> DarwinAbi.INSTANCE;
            case FREEBSD -> BsdAbi.FREEBSD;
            case NETBSD -> BsdAbi.NETBSD;
            case OPENBSD -> BsdAbi.OPENBSD;
        };
    }
}
