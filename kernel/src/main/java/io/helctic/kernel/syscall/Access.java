package io.helctic.kernel.syscall;

import io.helctic.abi.Errno;
import io.helctic.kernel.context.Context;
import io.helctic.kernel.context.Credentials;
import io.helctic.kernel.scheme.Handle;

/** Permission checks against a file's mode bits, as Linux's generic_permission makes them for given credentials. */
final class Access {
    private Access() {}

    static final int MAY_EXEC = 1, MAY_WRITE = 2, MAY_READ = 4;

    static long check(Handle.Stat st, int mode, Credentials c) {
        return c.may(st.uid(), st.gid(), st.mode(), st.isDirectory(), mode) ? 0 : Errno.EACCES.negative();
    }

    /**
     * Whether the caller may search a directory of a path walk: always with CAP_DAC_READ_SEARCH or
     * CAP_DAC_OVERRIDE (the directory is not even looked at), else by its x bits; outside a guest
     * call (the kernel loading the first program) always.
     */
    static boolean maySearch(java.util.function.Supplier<Handle.Stat> dir) {
        if (searchesAll()) return true;
        Credentials c = current();
        Handle.Stat st = dir.get();
        return st == null || c.may(st.uid(), st.gid(), st.mode(), true, MAY_EXEC);
    }

    /** Whether {@link #maySearch} allows every directory without looking at it. */
    static boolean searchesAll() {
        if (!Context.CURRENT.isBound()) return true;
        Credentials c = current();
        return c.capable(io.helctic.abi.uapi.Proc.CAP_DAC_READ_SEARCH) || c.capable(io.helctic.abi.uapi.Proc.CAP_DAC_OVERRIDE);
    }

    /** The calling process's credentials (the first process's before any runs). */
    static Credentials current() {
        return Context.current().process().credentials();
    }
}
