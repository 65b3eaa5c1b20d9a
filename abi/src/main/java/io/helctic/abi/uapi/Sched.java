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
    public static final long CLONE_NEWTIME = 0x80;
    public static final long CLONE_NEWCGROUP = 0x02000000;
    public static final long CLONE_NEWUTS = 0x04000000;
    public static final long CLONE_NEWIPC = 0x08000000;
    public static final long CLONE_NEWUSER = 0x10000000;
    public static final long CLONE_NEWPID = 0x20000000;
    public static final long CLONE_NEWNET = 0x40000000;
    public static final long CLONE_IO = 0x80000000L;
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
    public static final int SCHED_DEADLINE = 6;
    public static final int SCHED_RESET_ON_FORK = 0x40000000;
    public static final long SCHED_FLAG_RESET_ON_FORK = 0x01;
    public static final long SCHED_FLAG_RECLAIM = 0x02;
    public static final long SCHED_FLAG_DL_OVERRUN = 0x04;
    public static final long SCHED_FLAG_KEEP_POLICY = 0x08;
    public static final long SCHED_FLAG_KEEP_PARAMS = 0x10;
    public static final long SCHED_FLAG_UTIL_CLAMP_MIN = 0x20;
    public static final long SCHED_FLAG_UTIL_CLAMP_MAX = 0x40;
    public static final long SCHED_FLAG_UTIL_CLAMP = 0x60;
    public static final long SCHED_FLAG_ALL = 0x7f;
    /** struct sched_attr: the first published size, and the one with util_min/util_max (linux/sched/types.h). */
    public static final int SCHED_ATTR_SIZE_VER0 = 48;
    public static final int SCHED_ATTR_SIZE_VER1 = 56;
    /** linux/ioprio.h: class in the top bits, level (and hints) below. */
    public static final int IOPRIO_CLASS_SHIFT = 13;
    public static final int IOPRIO_CLASS_NONE = 0;
    public static final int IOPRIO_CLASS_RT = 1;
    public static final int IOPRIO_CLASS_BE = 2;
    public static final int IOPRIO_CLASS_IDLE = 3;
    public static final int IOPRIO_NR_LEVELS = 8;
    public static final int IOPRIO_WHO_PROCESS = 1;
    public static final int IOPRIO_WHO_PGRP = 2;
    public static final int IOPRIO_WHO_USER = 3;
    public static final int PRIO_PROCESS = 0;
    public static final int PRIO_PGRP = 1;
    public static final int PRIO_USER = 2;
    public static final int PIDFD_NONBLOCK = 04000;
}
