package io.helctic.kernel.syscall;

import io.helctic.abi.Isa;
import io.helctic.abi.PersonalityId;
import io.helctic.abi.SyscallResult;
import java.util.ArrayList;
import java.util.List;

/**
 * The last few syscalls, kept always (cheaply) for kernel panic reports: a ring of slots written
 * in place, so the syscall path allocates nothing for it. Each call is numbered as it is added
 * and completed by its number, so the calls of several threads in flight at once each end in
 * their own slot.
 */
public final class SyscallHistory {
    /** One finished (or, when result is null, unfinished) call. */
    public record Entry(int tid, long nr, long[] args, SyscallResult result, PersonalityId personality, Isa isa) {}

    /** A call's slot, reused by the call as many calls later as the ring is long. */
    private static final class Slot {
        long seq = -1;
        int tid;
        long nr;
        final long[] args = new long[6];
        SyscallResult result;
        PersonalityId personality;
        Isa isa;
    }

    private final Slot[] ring;
    private long count;

    public SyscallHistory(int size) {
        ring = new Slot[size];
        for (int i = 0; i < size; i++) ring[i] = new Slot();
    }

    /** A call entering the kernel; returns its number, for {@link #complete}. */
    public synchronized long add(int tid, long nr, long a1, long a2, long a3, long a4, long a5, long a6,
            PersonalityId personality, Isa isa) {
        long seq = count++;
        Slot s = ring[(int) (seq % ring.length)];
        s.seq = seq;
        s.tid = tid;
        s.nr = nr;
        long[] a = s.args;
        a[0] = a1;
        a[1] = a2;
        a[2] = a3;
        a[3] = a4;
        a[4] = a5;
        a[5] = a6;
        s.result = null;
        s.personality = personality;
        s.isa = isa;
        return seq;
    }

    /** Call {@code seq} finished with {@code result} (nothing to do once later calls have taken its slot). */
    public synchronized void complete(long seq, SyscallResult result) {
        Slot s = ring[(int) (seq % ring.length)];
        if (s.seq == seq) s.result = result;
    }

    /** Oldest first. */
    public synchronized List<Entry> entries() {
        List<Entry> out = new ArrayList<>();
        for (long seq = Math.max(0, count - ring.length); seq < count; seq++) {
            Slot s = ring[(int) (seq % ring.length)];
            if (s.seq == seq) out.add(new Entry(s.tid, s.nr, s.args.clone(), s.result, s.personality, s.isa));
        }
        return out;
    }

    public synchronized long count() { return count; }
}
