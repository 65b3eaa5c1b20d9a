package io.helctic.abi.uapi;

/** clone flags: Linux's {@code <linux/sched.h>}. The low byte (CSIGNAL) is the signal sent to the parent at exit. */
public final class Sched {
    private Sched() {}

    public static final long CSIGNAL = 0xff;
    public static final long CLONE_VM = 0x100;
    public static final long CLONE_FS = 0x200;
    public static final long CLONE_FILES = 0x400;
    public static final long CLONE_SIGHAND = 0x800;
    public static final long CLONE_PIDFD = 0x1000;
    public static final long CLONE_PTRACE = 0x2000;
    public static final long CLONE_VFORK = 0x4000;
    public static final long CLONE_PARENT = 0x8000;
    public static final long CLONE_THREAD = 0x10000;
    public static final long CLONE_NEWNS = 0x20000;
    public static final long CLONE_SYSVSEM = 0x40000;
    public static final long CLONE_SETTLS = 0x80000;
    public static final long CLONE_PARENT_SETTID = 0x100000;
    public static final long CLONE_CHILD_CLEARTID = 0x200000;
    public static final long CLONE_DETACHED = 0x400000;
    public static final long CLONE_UNTRACED = 0x800000;
    public static final long CLONE_CHILD_SETTID = 0x1000000;
    public static final long CLONE_CLEAR_SIGHAND = 0x100000000L;
    public static final long CLONE_INTO_CGROUP = 0x200000000L;

    /** struct clone_args: the first version's size and the largest this kernel reads. */
    public static final int CLONE_ARGS_SIZE_VER0 = 64;
    public static final int CLONE_ARGS_SIZE_VER2 = 88;

    public static final int SCHED_OTHER = 0;
    public static final int SCHED_FIFO = 1;
    public static final int SCHED_RR = 2;
    public static final int SCHED_BATCH = 3;
    public static final int SCHED_IDLE = 5;
    public static final int SCHED_RESET_ON_FORK = 0x40000000;
    public static final int PRIO_PROCESS = 0;
    public static final int PRIO_PGRP = 1;
    public static final int PRIO_USER = 2;
    public static final int PIDFD_NONBLOCK = 04000;
}
