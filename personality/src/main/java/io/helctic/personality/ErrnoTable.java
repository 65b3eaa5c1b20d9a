package io.helctic.personality;

import io.helctic.abi.Errno;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A total translation from the kernel's errno (Linux numbering) to one operating
 * system's error values (DESIGN §1 rule 7). Construction fails if any {@link Errno}
 * lacks an entry, so an incomplete table cannot exist at run time.
 */
public final class ErrnoTable {

    private final String os;
    private final EnumMap<Errno, Long> values;
    private final Map<Long, String> names;
    private final Map<String, Long> nativeNames;

    private ErrnoTable(String os, EnumMap<Errno, Long> values, Map<Long, String> names,
                       Map<String, Long> nativeNames) {
        for (Errno e : Errno.values()) {
            if (!values.containsKey(e)) {
                throw new IllegalStateException(os + " errno table has no entry for " + e);
            }
        }
        this.os = os;
        this.values = values;
        this.names = Collections.unmodifiableMap(names);
        this.nativeNames = Collections.unmodifiableMap(nativeNames);
    }

    /**
     * A BSD-style table: the OS's errno names by number ({@code byNumber[n]}, null for
     * gaps). Each Linux errno maps to, in order: an explicit {@code override}; the OS's
     * errno of the same name; the first name in {@link ErrnoFallback#closest} the OS has.
     */
    public static ErrnoTable unixLike(String os, String[] byNumber, Map<Errno, String> overrides) {
        Map<String, Long> nativeNames = new LinkedHashMap<>();
        Map<Long, String> names = new LinkedHashMap<>();
        for (int n = 1; n < byNumber.length; n++) {
            if (byNumber[n] == null) continue;
            if (nativeNames.putIfAbsent(byNumber[n], (long) n) != null) {
                throw new IllegalStateException(os + ": errno name " + byNumber[n] + " twice");
            }
            names.put((long) n, byNumber[n]);
        }
        EnumMap<Errno, Long> values = new EnumMap<>(Errno.class);
        for (Errno e : Errno.values()) {
            String target = overrides.get(e);
            if (target == null && nativeNames.containsKey(e.name())) target = e.name();
            if (target == null) {
                for (String candidate : ErrnoFallback.closest(e)) {
                    if (nativeNames.containsKey(candidate)) { target = candidate; break; }
                }
            }
            if (target == null) continue; // reported by the constructor's totality check
            Long v = nativeNames.get(target);
            if (v == null) throw new IllegalStateException(os + ": " + e + " maps to unknown " + target);
            values.put(e, v);
        }
        return new ErrnoTable(os, values, names, nativeNames);
    }

    /** A table given entry by entry (e.g. errno to NTSTATUS). */
    public static ErrnoTable explicit(String os, Map<Errno, Long> entries, Map<Long, String> names) {
        return new ErrnoTable(os, new EnumMap<>(entries), new LinkedHashMap<>(names), Map.of());
    }

    public String os() { return os; }

    /** The OS's value for a kernel errno. */
    public long translate(Errno e) {
        return values.get(e);
    }

    /** The OS's value for an op failure {@code -errno}; a number the kernel should never produce maps as EIO. */
    public long translateResult(long negative) {
        Errno e = Errno.ofResult(negative);
        // Explicit, not a silent default: the kernel only returns Errno constants; an
        // unlisted number in the error range is a kernel bug, reported as an I/O error.
        return translate(e != null ? e : Errno.EIO);
    }

    /** The OS's name for one of its values, or null. */
    public String name(long value) {
        return names.get(value);
    }

    /** Every entry, in Linux errno order. */
    public Map<Errno, Long> entries() {
        return Collections.unmodifiableMap(values);
    }

    /** For a BSD-style table: the OS's own errno names and numbers (empty otherwise). */
    public Map<String, Long> nativeNames() {
        return nativeNames;
    }

    /** The errno names of 4.4BSD, numbers 1–81, which FreeBSD, NetBSD, OpenBSD and Darwin share. */
    public static List<String> bsd44() {
        return ErrnoFallback.BSD44;
    }
}
