package io.helctic.abi.uapi;

/** wait4 and waitid options and id types: Linux's {@code <linux/wait.h>}. */
public final class Wait {
    private Wait() {}

    public static final long WNOHANG = 0x1;
    public static final long WUNTRACED = 0x2;
    public static final long WSTOPPED = 0x2;
    public static final long WEXITED = 0x4;
    public static final long WCONTINUED = 0x8;
    public static final long WNOWAIT = 0x1000000;
    public static final long __WNOTHREAD = 0x20000000L;
    public static final long __WALL = 0x40000000L;
    public static final long __WCLONE = 0x80000000L;

    public static final int P_ALL = 0;
    public static final int P_PID = 1;
    public static final int P_PGID = 2;
    public static final int P_PIDFD = 3;
}
