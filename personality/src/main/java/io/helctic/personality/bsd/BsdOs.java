package io.helctic.personality.bsd;

import io.helctic.abi.Conventions;
import io.helctic.abi.PersonalityId;
import io.helctic.abi.SyscallResult;
import io.helctic.personality.ErrnoTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One BSD operating system: its call table, its errno table and its result encoding
 * (the BSD carry convention, {@link BsdCalls}).
 */
public record BsdOs(PersonalityId id, String name, Map<Integer, BsdCall> calls, ErrnoTable errno, int[] signals,
                    Conventions.SignalFrames frames) {

    /**
     * FreeBSD (amd64): every call of FreeBSD 14 by name, the 4.4BSD ones over them and FreeBSD's own
     * implemented calls on top; signal handlers on FreeBSD's frames. getpid leaves rdx unchanged.
     */
    public static final BsdOs FREEBSD = new BsdOs(PersonalityId.FREEBSD, "FreeBSD",
        BsdCalls.index(layers(FreeBsdNames.all(), BsdCalls.common(false), FreeBsdCalls.calls())),
        BsdErrnoNames.FREEBSD, BsdSignals.freeBsd(), Conventions.SignalFrames.FREEBSD);

    /** NetBSD (amd64): every call of NetBSD 10 by name under these. Its syscall 20 is getpid_with_ppid: pid in rax, parent pid in rdx. */
    public static final BsdOs NETBSD = new BsdOs(PersonalityId.NETBSD, "NetBSD",
        BsdCalls.index(layers(NetBsdNames.all(), BsdCalls.common(true), NetBsdCalls.calls())),
        BsdErrnoNames.NETBSD, BsdSignals.netBsd(), Conventions.SignalFrames.NETBSD);

    /** OpenBSD (amd64). getpid leaves rdx unchanged. */
    public static final BsdOs OPENBSD = new BsdOs(PersonalityId.OPENBSD, "OpenBSD",
        BsdCalls.index(with(BsdCalls.common(false),
            BsdCall.named(11, "wait4", "int,ptr,int,ptr"))),
        BsdErrnoNames.OPENBSD, BsdSignals.toGuest(0, 0), Conventions.SignalFrames.NONE);

    /**
     * A fork's child returns 0 with 1 in rdx (4.4BSD's convention, which libc's fork stub tests);
     * this OS's signal numbers and frames; no restart call exists (a sleep a signal interrupts
     * ends with EINTR, as FreeBSD's nanosleep does); FreeBSD's and NetBSD's own auxiliary vectors
     * and entry registers (OpenBSD's stub keeps Linux's).
     */
    public Conventions conventions() {
        return new Conventions(SyscallResult.carryClear(0, 1), -1, frames, signals, null,
                id == PersonalityId.FREEBSD ? FreeBsdStartup.INSTANCE
                        : id == PersonalityId.NETBSD ? NetBsdStartup.INSTANCE : io.helctic.abi.Startup.LINUX);
    }

    /** Each list laid over the ones before it: a later call replaces an earlier one of the same number. */
    @SafeVarargs
    private static List<BsdCall> layers(List<BsdCall> base, List<BsdCall>... more) {
        List<BsdCall> all = base;
        for (List<BsdCall> m : more) all = with(all, m.toArray(BsdCall[]::new));
        return all;
    }

    /** {@code base} with {@code more} laid over it: a call of {@code more} replaces the one of the same number. */
    private static List<BsdCall> with(List<BsdCall> base, BsdCall... more) {
        List<BsdCall> all = new ArrayList<>(base);
        for (BsdCall m : more) {
            all.removeIf(c -> c.number() == m.number());
            all.add(m);
        }
        return all;
    }
}
