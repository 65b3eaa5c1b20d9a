package io.helctic.abi.uapi;

/**
 * System V IPC (shared memory, semaphores, message queues) and POSIX message queues: Linux's
 * {@code <linux/ipc.h>}, {@code <linux/shm.h>}, {@code <linux/sem.h>}, {@code <linux/msg.h>},
 * {@code <linux/mqueue.h>}, with the limits Linux enforces by default (its /proc/sys/kernel and
 * /proc/sys/fs/mqueue values).
 */
public final class Ipc {
    private Ipc() {}

    public static final int IPC_PRIVATE = 0;
    public static final int IPC_CREAT = 01000;
    public static final int IPC_EXCL = 02000;
    public static final int IPC_NOWAIT = 04000;
    public static final int IPC_RMID = 0;
    public static final int IPC_SET = 1;
    public static final int IPC_STAT = 2;
    public static final int IPC_INFO = 3;

    public static final int SHM_RDONLY = 010000;
    public static final int SHM_RND = 020000;
    public static final int SHM_REMAP = 040000;
    public static final int SHM_EXEC = 0100000;
    public static final int SHM_LOCK = 11;
    public static final int SHM_UNLOCK = 12;
    public static final int SHM_STAT = 13;
    public static final int SHM_INFO = 14;
    public static final int SHM_STAT_ANY = 15;
    /** shm_perm.mode bits: the segment is removed at its last detach; it is locked. */
    public static final int SHM_DEST = 01000;
    public static final int SHM_LOCKED = 02000;
    public static final int SHM_HUGETLB = 04000;
    /** The attach alignment: a page (glibc's is a call of __getpagesize()). */
    public static final int SHMLBA = 4096;
    public static final long SHMMIN = 1;
    public static final long SHMMAX = 0xfffffffffeffffffL;
    public static final long SHMALL = 0xfffffffffeffffffL;
    public static final int SHMMNI = 4096;

    public static final int SEM_UNDO = 0x1000;
    public static final int GETPID = 11;
    public static final int GETVAL = 12;
    public static final int GETALL = 13;
    public static final int GETNCNT = 14;
    public static final int GETZCNT = 15;
    public static final int SETVAL = 16;
    public static final int SETALL = 17;
    public static final int SEM_STAT = 18;
    public static final int SEM_INFO = 19;
    public static final int SEM_STAT_ANY = 20;
    public static final int SEMMNI = 32000;
    public static final int SEMMSL = 32000;
    public static final int SEMMNS = 1024000000;
    public static final int SEMOPM = 500;
    public static final int SEMVMX = 32767;
    public static final int SEMAEM = 32767;

    public static final int MSG_NOERROR = 010000;
    public static final int MSG_EXCEPT = 020000;
    public static final int MSG_COPY = 040000;
    public static final int MSG_STAT = 11;
    public static final int MSG_INFO = 12;
    public static final int MSG_STAT_ANY = 13;
    public static final int MSGMAX = 8192;
    public static final int MSGMNB = 16384;
    public static final int MSGMNI = 32000;
    public static final int MSGSSZ = 16;
    public static final int MSGSEG = 0xffff;
    /** msginfo.msgpool: MSGMNI * MSGMNB / 1024 (KiB of all queues). */
    public static final int MSGPOOL = MSGMNI * MSGMNB / 1024;

    public static final int MQ_PRIO_MAX = 32768;
    /** /proc/sys/fs/mqueue's msg_max, msgsize_max, msg_default, msgsize_default and queues_max. */
    public static final int MQ_MSG_MAX = 10;
    public static final int MQ_MSGSIZE_MAX = 8192;
    public static final int MQ_MSG_DEFAULT = 10;
    public static final int MQ_MSGSIZE_DEFAULT = 8192;
    public static final int MQ_QUEUES_MAX = 256;
    /** The hard ceilings a privileged caller may go to: ipc_namespace.h's HARD_MSGMAX and HARD_MSGSIZEMAX. */
    public static final int HARD_MSGMAX = 65536;
    public static final int HARD_MSGSIZEMAX = 16 * 1024 * 1024;
    /** The longest queue name (NAME_MAX). */
    public static final int MQ_NAME_MAX = 255;
    /** struct sigevent's size, as mq_notify copies it. */
    public static final int SIGEVENT_SIZE = 64;
}
