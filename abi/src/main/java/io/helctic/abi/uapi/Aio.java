package io.helctic.abi.uapi;

/** Native asynchronous I/O: Linux's {@code <linux/aio_abi.h>} and the ring layout of fs/aio.c. */
public final class Aio {
    private Aio() {}

    public static final int IOCB_CMD_PREAD = 0;
    public static final int IOCB_CMD_PWRITE = 1;
    public static final int IOCB_CMD_FSYNC = 2;
    public static final int IOCB_CMD_FDSYNC = 3;
    public static final int IOCB_CMD_POLL = 5;
    public static final int IOCB_CMD_NOOP = 6;
    public static final int IOCB_CMD_PREADV = 7;
    public static final int IOCB_CMD_PWRITEV = 8;
    /** aio_flags: signal the eventfd aio_resfd on completion. */
    public static final int IOCB_FLAG_RESFD = 1;
    /** aio_flags: aio_reqprio is an I/O priority (class and level). */
    public static final int IOCB_FLAG_IOPRIO = 2;
    /** sizeof(struct iocb). */
    public static final int IOCB_SIZE = 64;
    /** sizeof(struct io_event): data, obj, res, res2. */
    public static final int IO_EVENT_SIZE = 32;
    /** fs/aio.c's struct aio_ring header: id, nr, head, tail, magic, compat and incompat features, header length. */
    public static final int AIO_RING_HEADER_SIZE = 32;
    public static final int AIO_RING_MAGIC = 0xa10a10a1;
    public static final int AIO_RING_COMPAT_FEATURES = 1;
    public static final int AIO_RING_INCOMPAT_FEATURES = 0;
    /** The default of /proc/sys/fs/aio-max-nr. */
    public static final int AIO_MAX_NR_DEFAULT = 0x10000;
}
