package io.helctic.kernel.syscall;

import static io.helctic.abi.uapi.Fcntl.*;

import io.helctic.abi.Errno;
import io.helctic.kernel.context.Context;
import io.helctic.kernel.context.Credentials;
import io.helctic.kernel.context.FileTable;
import io.helctic.kernel.scheme.Fasync;
import io.helctic.kernel.scheme.Handle;
import io.helctic.kernel.scheme.Pipe;
import io.helctic.kernel.vfs.Dnotify;
import java.util.Collections;
import java.util.Map;
import java.util.Set;

/**
 * fcntl's commands beyond descriptors, status flags and record locks (FileOps.fcntl hands them
 * here), as fs/fcntl.c's do_fcntl: the owner and signal of signal-driven I/O, leases, directory
 * notification, pipe sizes, write-life hints, and the two queries. Anything else is EINVAL.
 */
final class Fcntls {
    private Fcntls() {}

    /** Each inode's write-life hint (inode->i_write_hint), by (st_dev, st_ino). */
    private static final Map<java.util.List<Long>, Long> HINTS = new java.util.concurrent.ConcurrentHashMap<>();
    /** The descriptions whose open made their file (FMODE_CREATED). */
    private static final Set<Handle> CREATED = Collections.synchronizedSet(Collections.newSetFromMap(new java.util.WeakHashMap<>()));

    /** openat made the file it opened: F_CREATED_QUERY says so. */
    static void created(Handle h) {
        CREATED.add(h);
    }

    static long other(Sigio sigio, FileTable t, Handle h, int fd, int cmd, long arg) {
        int argi = (int) arg;
        Context me = Context.current();
        return switch (cmd) {
            case F_GETOWN -> getOwn(sigio, h);
            case F_SETOWN -> setOwn(sigio, h, argi);
            case F_GETOWN_EX -> {
                Fasync.Owner o = Fasync.owner(h);
                int type = o == null ? F_OWNER_TID : switch (o.type()) {
                    case TID -> F_OWNER_TID;
                    case PID -> F_OWNER_PID;
                    case PGRP -> F_OWNER_PGRP;
                };
                yield UserAccess.put(arg, ints(type, sigio.ownerId(o))) ? 0 : Errno.EFAULT.negative();
            }
            case F_SETOWN_EX -> {
                byte[] b = UserAccess.get(arg, 8);
                if (b == null) yield Errno.EFAULT.negative();
                java.nio.ByteBuffer v = java.nio.ByteBuffer.wrap(b).order(java.nio.ByteOrder.LITTLE_ENDIAN);
                Fasync.Type type = switch (v.getInt(0)) {
                    case F_OWNER_TID -> Fasync.Type.TID;
                    case F_OWNER_PID -> Fasync.Type.PID;
                    case F_OWNER_PGRP -> Fasync.Type.PGRP;
                    default -> null;
                };
                yield type == null ? Errno.EINVAL.negative() : sigio.setOwner(h, type, v.getInt(4), true);
            }
            case F_GETOWNER_UIDS -> {
                Fasync.Owner o = Fasync.owner(h);
                yield UserAccess.put(arg, ints(o == null ? 0 : o.uid(), o == null ? 0 : o.euid()))
                        ? 0 : Errno.EFAULT.negative();
            }
            case F_GETSIG -> {
                Fasync.Owner o = Fasync.owner(h);
                yield o == null ? 0 : o.signum();
            }
            case F_SETSIG -> {
                if (arg < 0 || arg > io.helctic.abi.uapi.Signal.NSIG) yield Errno.EINVAL.negative(); // valid_signal
                Fasync.ownerOf(h).setSignum(argi, sigio);
                yield 0;
            }
            case F_GETLEASE -> t.descriptions().leases().get(h);
            case F_SETLEASE -> {
                long r = t.descriptions().leases().set(h, fd, argi, me.process().credentials());
                if (r == 0 && argi != F_UNLCK) sigio.setOwner(h, Fasync.Type.PID, me.pid(), false); // lease_setup
                yield r;
            }
            case F_NOTIFY -> {
                long r = Dnotify.request(h, fd, argi, t);
                if (r == 0 && (argi & ~DN_MULTISHOT) != 0) sigio.setOwner(h, Fasync.Type.PID, me.pid(), false);
                yield r;
            }
            case F_GETPIPE_SZ -> h instanceof Pipe.End e ? e.size() : Errno.EBADF.negative();
            case F_SETPIPE_SZ -> h instanceof Pipe.End e
                    ? e.resize(arg, me.process().credentials().capable(io.helctic.abi.uapi.Proc.CAP_SYS_RESOURCE))
                    : Errno.EBADF.negative();
            case F_GET_RW_HINT -> {
                Long v = HINTS.get(inode(h));
                yield UserAccess.putLongs(arg, v == null ? 0 : v) ? 0 : Errno.EFAULT.negative();
            }
            case F_SET_RW_HINT -> {
                long[] v = UserAccess.getLongs(arg, 1);
                if (v == null) yield Errno.EFAULT.negative();
                if (v[0] < RWH_WRITE_LIFE_NOT_SET || v[0] > RWH_WRITE_LIFE_EXTREME) yield Errno.EINVAL.negative();
                HINTS.put(inode(h), v[0]);
                yield 0;
            }
            case F_DUPFD_QUERY -> {
                Handle other = t.get(argi);
                yield other == null ? Errno.EBADF.negative() : other == h ? 1 : 0;
            }
            case F_CREATED_QUERY -> CREATED.contains(h) ? 1 : 0;
            default -> Errno.EINVAL.negative(); // F_GET_FILE_RW_HINT and F_SET_FILE_RW_HINT went in Linux 6.9
        };
    }

    /** f_getown: the owner's pid, a group's as its negative, 0 when none or gone. */
    static int getOwn(Sigio sigio, Handle h) {
        Fasync.Owner o = Fasync.owner(h);
        int id = sigio.ownerId(o);
        return o != null && o.type() == Fasync.Type.PGRP ? -id : id;
    }

    /** f_setown: a positive pid names a process, a negative one a process group; 0 removes the owner. */
    static long setOwn(Sigio sigio, Handle h, int who) {
        if (who == Integer.MIN_VALUE) return Errno.EINVAL.negative();
        return sigio.setOwner(h, who < 0 ? Fasync.Type.PGRP : Fasync.Type.PID, Math.abs(who), true);
    }

    private static java.util.List<Long> inode(Handle h) {
        Handle.Stat st = h.stat();
        return st == null ? java.util.List.of(-1L, (long) System.identityHashCode(h)) : java.util.List.of(st.dev(), st.ino());
    }

    private static byte[] ints(int a, int b) {
        return java.nio.ByteBuffer.allocate(8).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(a).putInt(b).array();
    }
}
