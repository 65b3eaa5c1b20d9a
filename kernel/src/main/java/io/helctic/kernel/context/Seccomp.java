package io.helctic.kernel.context;

import io.helctic.kernel.filter.ClassicBpf;

/**
 * A thread's syscall filtering (Linux's struct seccomp): the mode (0 none, 1 strict, 2 filter)
 * and, in filter mode, the newest filter, each linking to the one installed before it. Immutable
 * and shared: a clone or fork copies the reference, an exec keeps it, and a filter once
 * installed is never removed.
 */
public record Seccomp(int mode, Filter top) {
    public static final Seccomp NONE = new Seccomp(0, null);

    /**
     * One installed filter: its program, whether its non-allow actions are logged, the filter
     * before it, and its notification listener (SECCOMP_FILTER_FLAG_NEW_LISTENER) or null.
     */
    public record Filter(ClassicBpf program, boolean log, Filter previous,
                         io.helctic.kernel.scheme.SeccompListener listener) {
        /** Linux's MAX_INSNS_PER_PATH accounting: each filter's length plus a 4-instruction penalty. */
        public int pathInstructions() {
            int n = 0;
            for (Filter f = this; f != null; f = f.previous) n += f.program.length() + 4;
            return n;
        }

        /** Whether {@code other} is this filter or one installed before it. */
        public boolean hasAncestor(Filter other) {
            for (Filter f = this; f != null; f = f.previous) if (f == other) return true;
            return false;
        }
    }

    /** Counts a thread in (+1) or out (-1) of every listener of these filters. */
    public void users(int delta) {
        for (Filter f = top; f != null; f = f.previous()) if (f.listener() != null) f.listener().user(delta);
    }

    /** Whether one of these filters already has a listener (a second is EBUSY). */
    public boolean hasListener() {
        for (Filter f = top; f != null; f = f.previous()) if (f.listener() != null) return true;
        return false;
    }

    /** How many filters are installed (/proc's Seccomp_filters). */
    public int filters() {
        int n = 0;
        for (Filter f = top; f != null; f = f.previous) n++;
        return n;
    }
}
