package io.helctic.personality.linux;

import static io.helctic.abi.uapi.Fcntl.AT_FDCWD;
import static io.helctic.abi.uapi.Fcntl.AT_SYMLINK_NOFOLLOW;

import io.helctic.abi.KernelOp;
import io.helctic.abi.KernelOps;

/** Extended-attribute calls that need more than a direct op call. */
final class XattrShims {
    private XattrShims() {}

    /** lsetxattr: SETXATTR on the path itself, with the caller's flags and AT_SYMLINK_NOFOLLOW. */
    static long lsetxattr(KernelOps ops, long path, long name, long value, long size, long flags) {
        return ops.call(KernelOp.SETXATTR, AT_FDCWD, path, name, value, size, (int) flags | AT_SYMLINK_NOFOLLOW);
    }
}
