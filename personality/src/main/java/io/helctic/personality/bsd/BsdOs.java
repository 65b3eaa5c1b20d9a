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
public record BsdOs(PersonalityId id, String name, Map<Integer, BsdCall> calls, ErrnoTable errno, int[] signals) {

    /** FreeBSD (amd64). getpid leaves rdx unchanged. */
    public static final BsdOs FREEBSD = new BsdOs(PersonalityId.FREEBSD, "FreeBSD",
        BsdCalls.index(with(BsdCalls.common(false),
            BsdCall.named(7, "wait4", "int,ptr,int,ptr"),
            BsdCall.named(477, "mmap", "ptr,size,hex,hex,fd,size"),
            BsdCall.named(478, "lseek", "fd,size,int"))),
        BsdErrnoNames.FREEBSD, BsdSignals.toGuest(65, 126));

    /** NetBSD (amd64). Its syscall 20 is getpid_with_ppid: pid in rax, parent pid in rdx. */
    public static final BsdOs NETBSD = new BsdOs(PersonalityId.NETBSD, "NetBSD",
        BsdCalls.index(with(BsdCalls.common(true),
            BsdCall.named(197, "mmap", "ptr,size,hex,hex,fd,hex"),
            BsdCall.named(199, "lseek", "fd,hex,size,int"))),
        BsdErrnoNames.NETBSD, BsdSignals.toGuest(33, 63));

    /** OpenBSD (amd64). getpid leaves rdx unchanged. */
    public static final BsdOs OPENBSD = new BsdOs(PersonalityId.OPENBSD, "OpenBSD",
        BsdCalls.index(with(BsdCalls.common(false),
            BsdCall.named(11, "wait4", "int,ptr,int,ptr"))),
        BsdErrnoNames.OPENBSD, BsdSignals.toGuest(0, 0));

    /**
     * A fork's child returns 0 with 1 in rdx (4.4BSD's convention, which libc's fork stub tests);
     * this OS's signal numbers; no handler can be entered yet and no restart call exists (an
     * interrupted sleep ends with EINTR).
     */
    public Conventions conventions() {
        return new Conventions(SyscallResult.carryClear(0, 1), -1, Conventions.SignalFrames.NONE, signals);
    }

    private static List<BsdCall> with(List<BsdCall> base, BsdCall... more) {
        List<BsdCall> all = new ArrayList<>(base);
        all.addAll(List.of(more));
        return all;
    }
}
