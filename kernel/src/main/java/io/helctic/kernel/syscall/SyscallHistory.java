package io.helctic.kernel.syscall;

import io.helctic.abi.Isa;
import io.helctic.abi.PersonalityId;
import io.helctic.abi.SyscallResult;
import java.util.ArrayList;
import java.util.List;

/** The last few syscalls, kept always (cheaply) for kernel panic reports. */
public final class SyscallHistory {
    /** One finished (or, when result is null, unfinished) call. */
    public record Entry(int tid, long nr, long[] args, SyscallResult result, PersonalityId personality, Isa isa) {}

    private final Entry[] ring;
    private int next;
    private long count;

    public SyscallHistory(int size) {
        ring = new Entry[size];
    }

    public synchronized void add(Entry e) {
        ring[next] = e;
        next = (next + 1) % ring.length;
        count++;
    }

    /** Replaces the newest entry (the call in flight) with its finished form. */
    public synchronized void complete(Entry e) {
        ring[(next - 1 + ring.length) % ring.length] = e;
    }

    /** Oldest first. */
    public synchronized List<Entry> entries() {
        List<Entry> out = new ArrayList<>();
        for (int i = 0; i < ring.length; i++) {
            Entry e = ring[(next + i) % ring.length];
            if (e != null) out.add(e);
        }
        return out;
    }

    public synchronized long count() { return count; }
}
