package io.helctic.abi.uapi;

/** epoll, eventfd, signalfd and timerfd: Linux's {@code <linux/eventpoll.h>}, {@code <linux/eventfd.h>}, {@code <linux/signalfd.h>}, {@code <linux/timerfd.h>}. */
public final class Event {
    private Event() {}

    public static final int EPOLL_CLOEXEC = 02000000;
    public static final int EPOLL_CTL_ADD = 1;
    public static final int EPOLL_CTL_DEL = 2;
    public static final int EPOLL_CTL_MOD = 3;
    /** The event bits are poll's (EPOLLIN = POLLIN, ...). */
    public static final int EPOLLIN = 0x1;
    public static final int EPOLLPRI = 0x2;
    public static final int EPOLLOUT = 0x4;
    public static final int EPOLLERR = 0x8;
    public static final int EPOLLHUP = 0x10;
    public static final int EPOLLRDNORM = 0x40;
    public static final int EPOLLRDBAND = 0x80;
    public static final int EPOLLWRNORM = 0x100;
    public static final int EPOLLWRBAND = 0x200;
    public static final int EPOLLMSG = 0x400;
    public static final int EPOLLRDHUP = 0x2000;
    public static final int EPOLLEXCLUSIVE = 1 << 28;
    public static final int EPOLLWAKEUP = 1 << 29;
    public static final int EPOLLONESHOT = 1 << 30;
    public static final int EPOLLET = 1 << 31;
    /** The size of x86-64's packed struct epoll_event {u32 events; u64 data}. */
    public static final int EPOLL_EVENT_SIZE = 12;
    /** epoll_wait's limit on maxevents: INT_MAX / sizeof(struct epoll_event). */
    public static final int EP_MAX_EVENTS = Integer.MAX_VALUE / 12;

    public static final int EFD_SEMAPHORE = 1;
    public static final int EFD_CLOEXEC = 02000000;
    public static final int EFD_NONBLOCK = 04000;

    public static final int SFD_CLOEXEC = 02000000;
    public static final int SFD_NONBLOCK = 04000;

    public static final int TFD_CLOEXEC = 02000000;
    public static final int TFD_NONBLOCK = 04000;
    public static final int TFD_TIMER_ABSTIME = 1;
    public static final int TFD_TIMER_CANCEL_ON_SET = 2;

    /** inotify: <sys/inotify.h>. */
    public static final int IN_ACCESS = 0x1;
    public static final int IN_MODIFY = 0x2;
    public static final int IN_ATTRIB = 0x4;
    public static final int IN_CLOSE_WRITE = 0x8;
    public static final int IN_CLOSE_NOWRITE = 0x10;
    public static final int IN_OPEN = 0x20;
    public static final int IN_MOVED_FROM = 0x40;
    public static final int IN_MOVED_TO = 0x80;
    public static final int IN_CREATE = 0x100;
    public static final int IN_DELETE = 0x200;
    public static final int IN_DELETE_SELF = 0x400;
    public static final int IN_MOVE_SELF = 0x800;
    public static final int IN_UNMOUNT = 0x2000;
    public static final int IN_Q_OVERFLOW = 0x4000;
    public static final int IN_IGNORED = 0x8000;
    public static final int IN_ONLYDIR = 0x01000000;
    public static final int IN_DONT_FOLLOW = 0x02000000;
    public static final int IN_EXCL_UNLINK = 0x04000000;
    public static final int IN_MASK_CREATE = 0x10000000;
    public static final int IN_MASK_ADD = 0x20000000;
    public static final int IN_ISDIR = 0x40000000;
    public static final int IN_ONESHOT = 0x80000000;
    public static final int IN_ALL_EVENTS = 0xfff;
    public static final int IN_CLOEXEC = 02000000;
    public static final int IN_NONBLOCK = 04000;
}
