package io.helctic.kernel.syscall;

import static io.helctic.abi.uapi.Fs.X_OK;

import io.helctic.abi.Errno;
import io.helctic.kernel.scheme.Handle;

/** access(2)'s permission check against the mode bits, as Linux does it for the caller's ids. */
final class Access {
    private Access() {}

    static long check(Handle.Stat st, int mode, int u, int g) {
        if (mode == 0) return 0;
        if (u == 0) {
            // root: read and write always; execute if any x bit is set, or for a directory
            if ((mode & X_OK) != 0 && !st.isDirectory() && (st.mode() & 0111) == 0) return Errno.EACCES.negative();
            return 0;
        }
        int bits = st.uid() == u ? (st.mode() >> 6) & 7 : st.gid() == g ? (st.mode() >> 3) & 7 : st.mode() & 7;
        return (bits & mode) == mode ? 0 : Errno.EACCES.negative();
    }
}
