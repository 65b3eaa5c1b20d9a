package io.helctic.kernel.scheme;

import static io.helctic.abi.uapi.Fcntl.*;

import io.helctic.abi.Errno;
import io.helctic.kernel.vfs.Result;
import io.helctic.kernel.vfs.Scheme;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The file: scheme: a host directory served as the guest's filesystem. Paths arrive
 * resolved and confined by the namespace; every host call here uses NOFOLLOW_LINKS for
 * the last component, so a symlink is never followed by the host.
 */
public final class FileScheme implements Scheme {
    private final Path root;
    private final PageCache pageCache = new PageCache();

    public FileScheme(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() { return root; }

    @Override
    public String name() { return "file"; }

    /** The host path of a resolved relative path. */
    public Path host(String rel) {
        return rel.isEmpty() ? root : root.resolve(rel);
    }

    @Override
    public Result<Handle.Stat> lstat(String rel) {
        return HostStat.lstat(host(rel));
    }

    /** Through the JDK's own lstat: no FFM link on the path of every lookup (see {@link HostStat}). */
    @Override
    public Result<Integer> lmode(String rel) {
        return HostStat.lmode(host(rel));
    }

    /** dev, ino and type of rel: what the operations below need (the exact stat is for the guest's stat calls). */
    private Result<HostStat.Identity> id(String rel) {
        return HostStat.identity(host(rel));
    }

    @Override
    public Result<String> readlink(String rel) {
        try {
            return Result.ok(Files.readSymbolicLink(host(rel)).toString());
        } catch (IOException e) {
            return Result.err(HostErrors.errno(e));
        } catch (UnsupportedOperationException e) {
            return Result.err(Errno.EINVAL);
        }
    }

    @Override
    public Result<Handle> open(String rel, String guestPath, int flags, int mode) {
        Path p = host(rel);
        Result<HostStat.Identity> before = id(rel);
        int acc = flags & O_ACCMODE;
        if (!before.failed()) {
            HostStat.Identity st = before.value();
            if (st.type() == Handle.S_IFDIR) {
                if (acc != O_RDONLY || (flags & O_TRUNC) != 0) return Result.err(Errno.EISDIR);
                return Result.ok(new HostDirHandle(p, rel.isEmpty() ? p : p.getParent(), guestPath, flags));
            }
            if ((flags & O_DIRECTORY) != 0) return Result.err(Errno.ENOTDIR);
            if (st.type() == Handle.S_IFSOCK) return Result.err(Errno.ENXIO);
            if (st.type() == Handle.S_IFCHR || st.type() == 0060000) return Result.err(Errno.EACCES);
        } else if (before.errno() != Errno.ENOENT.number() || (flags & O_CREAT) == 0) {
            return before.cast();
        }
        Set<OpenOption> opts = new HashSet<>();
        opts.add(LinkOption.NOFOLLOW_LINKS);
        if (acc == O_RDONLY || acc == O_RDWR) opts.add(StandardOpenOption.READ);
        if (acc == O_WRONLY || acc == O_RDWR) opts.add(StandardOpenOption.WRITE);
        if ((flags & O_CREAT) != 0) {
            opts.add((flags & O_EXCL) != 0 ? StandardOpenOption.CREATE_NEW : StandardOpenOption.CREATE);
        }
        if ((flags & O_TRUNC) != 0 && acc != O_RDONLY) opts.add(StandardOpenOption.TRUNCATE_EXISTING);
        if (!opts.contains(StandardOpenOption.READ) && !opts.contains(StandardOpenOption.WRITE)) {
            opts.add(StandardOpenOption.READ); // access mode 3: Linux's "no access" open, used for ioctls
        }
        try {
            FileChannel ch = FileChannel.open(p, opts);
            if (before.failed()) setMode(p, mode); // created: the exact mode, not the host's umask
            Result<HostStat.Identity> st = before.failed() ? id(rel) : before;
            PageCache.FileKey key = !st.failed() && st.value().type() == Handle.S_IFREG
                    ? new PageCache.FileKey(st.value().dev(), st.value().ino()) : null;
            io.helctic.kernel.memory.SharedPages cached = pageCache.find(key);
            if ((flags & O_TRUNC) != 0 && acc != O_RDONLY && cached != null) cached.truncated(0);
            return Result.ok(new HostFileHandle(ch, p, guestPath, flags, pageCache, key));
        } catch (IOException e) {
            return Result.err(HostErrors.errno(e));
        }
    }

    private static void setMode(Path p, int mode) throws IOException {
        Files.setAttribute(p, "unix:mode", mode & 07777, LinkOption.NOFOLLOW_LINKS);
    }

    private static long run(IoAction a) {
        try {
            a.run();
            return 0;
        } catch (IOException e) {
            return HostErrors.negative(e);
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            return Errno.EPERM.negative();
        }
    }

    @FunctionalInterface
    private interface IoAction {
        void run() throws IOException;
    }

    @Override
    public long mkdir(String rel, int mode) {
        return run(() -> {
            Files.createDirectory(host(rel));
            setMode(host(rel), mode);
        });
    }

    @Override
    public long unlink(String rel) {
        Result<HostStat.Identity> st = id(rel);
        if (st.failed()) return st.negative();
        if (st.value().isDirectory()) return Errno.EISDIR.negative();
        return run(() -> Files.delete(host(rel)));
    }

    @Override
    public long rmdir(String rel) {
        Result<HostStat.Identity> st = id(rel);
        if (st.failed()) return st.negative();
        if (!st.value().isDirectory()) return Errno.ENOTDIR.negative();
        if (rel.isEmpty()) return Errno.EBUSY.negative();
        return run(() -> Files.delete(host(rel)));
    }

    @Override
    public long rename(String from, String to, boolean noReplace) {
        Path a = host(from), b = host(to);
        Result<HostStat.Identity> src = id(from), dst = id(to);
        if (src.failed()) return src.negative();
        if (!dst.failed()) {
            if (noReplace) return Errno.EEXIST.negative();
            if (src.value().ino() == dst.value().ino() && src.value().dev() == dst.value().dev()) return 0;
            if (src.value().isDirectory() && !dst.value().isDirectory()) return Errno.ENOTDIR.negative();
            if (!src.value().isDirectory() && dst.value().isDirectory()) return Errno.EISDIR.negative();
        }
        if (src.value().isDirectory() && (to + "/").startsWith(from + "/")) return Errno.EINVAL.negative();
        return run(() -> {
            try {
                Files.move(a, b, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                throw new java.nio.file.FileSystemException(a.toString(), b.toString(), "Invalid cross-device link");
            }
        });
    }

    @Override
    public long link(String from, String to) {
        Result<HostStat.Identity> src = id(from);
        if (src.failed()) return src.negative();
        if (src.value().isDirectory()) return Errno.EPERM.negative();
        return run(() -> Files.createLink(host(to), host(from)));
    }

    @Override
    public long symlink(String target, String rel) {
        return run(() -> Files.createSymbolicLink(host(rel), Path.of(target)));
    }

    @Override
    public long chmod(String rel, int mode) {
        return run(() -> setMode(host(rel), mode));
    }

    @Override
    public long chown(String rel, int uid, int gid) {
        return run(() -> {
            if (uid != -1) Files.setAttribute(host(rel), "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
            if (gid != -1) Files.setAttribute(host(rel), "unix:gid", gid, LinkOption.NOFOLLOW_LINKS);
        });
    }

    @Override
    public long utimens(String rel, long atimeNanos, long mtimeNanos) {
        return run(() -> Files.getFileAttributeView(host(rel), BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                .setTimes(mtimeNanos == -1 ? null : FileTime.from(mtimeNanos, TimeUnit.NANOSECONDS),
                          atimeNanos == -1 ? null : FileTime.from(atimeNanos, TimeUnit.NANOSECONDS), null));
    }

    @Override
    public long truncate(String rel, long length) {
        if (length < 0) return Errno.EINVAL.negative();
        Result<HostStat.Identity> st = id(rel);
        if (st.failed()) return st.negative();
        if (st.value().isDirectory()) return Errno.EISDIR.negative();
        try (FileChannel ch = FileChannel.open(host(rel), StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
            PageCache.FileKey key = new PageCache.FileKey(st.value().dev(), st.value().ino());
            return HostFileHandle.resize(ch, length, pageCache.find(key));
        } catch (IOException e) {
            return HostErrors.negative(e);
        }
    }

    /** user.* attributes live on the host file (NIO's user-defined view); other namespaces hold nothing here. */
    private java.nio.file.attribute.UserDefinedFileAttributeView xattrs(String rel) {
        return Files.getFileAttributeView(host(rel), java.nio.file.attribute.UserDefinedFileAttributeView.class);
    }

    @Override
    public Result<byte[]> getxattr(String rel, String name) {
        if (!name.startsWith("user.")) return Result.err(Errno.ENODATA);
        var view = xattrs(rel);
        if (view == null) return Result.err(Errno.ENODATA);
        try {
            String n = name.substring(5);
            if (!view.list().contains(n)) return Result.err(Errno.ENODATA);
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(view.size(n));
            view.read(n, b);
            return Result.ok(java.util.Arrays.copyOf(b.array(), b.position()));
        } catch (IOException e) {
            return Result.err(HostErrors.errno(e));
        } catch (UnsupportedOperationException e) {
            return Result.err(Errno.ENODATA);
        }
    }

    @Override
    public Result<java.util.List<String>> listxattr(String rel) {
        var view = xattrs(rel);
        if (view == null) return Result.ok(java.util.List.of());
        try {
            return Result.ok(view.list().stream().map(n -> "user." + n).toList());
        } catch (IOException e) {
            return Result.err(HostErrors.errno(e));
        } catch (UnsupportedOperationException e) {
            return Result.ok(java.util.List.of());
        }
    }

    @Override
    public long setxattr(String rel, String name, byte[] value, int flags) {
        if (!name.startsWith("user.")) return Errno.EOPNOTSUPP.negative();
        var view = xattrs(rel);
        if (view == null) return Errno.EOPNOTSUPP.negative();
        try {
            String n = name.substring(5);
            boolean exists = view.list().contains(n);
            if ((flags & 1) != 0 && exists) return Errno.EEXIST.negative();
            if ((flags & 2) != 0 && !exists) return Errno.ENODATA.negative();
            view.write(n, java.nio.ByteBuffer.wrap(value));
            return 0;
        } catch (IOException e) {
            return HostErrors.negative(e);
        } catch (UnsupportedOperationException e) {
            return Errno.EOPNOTSUPP.negative();
        }
    }

    @Override
    public long removexattr(String rel, String name) {
        if (!name.startsWith("user.")) return Errno.ENODATA.negative();
        var view = xattrs(rel);
        if (view == null) return Errno.ENODATA.negative();
        try {
            String n = name.substring(5);
            if (!view.list().contains(n)) return Errno.ENODATA.negative();
            view.delete(n);
            return 0;
        } catch (IOException e) {
            return HostErrors.negative(e);
        } catch (UnsupportedOperationException e) {
            return Errno.ENODATA.negative();
        }
    }

    @Override
    public Result<byte[]> statfs(String rel) {
        try {
            return Result.ok(statfs(Files.getFileStore(host(rel))));
        } catch (IOException e) {
            return Result.err(HostErrors.errno(e));
        }
    }

    /** struct statfs for a host file store. */
    static byte[] statfs(FileStore fs) throws IOException {
        long bsize = Math.max(512, fs.getBlockSize());
        ByteBuffer b = ByteBuffer.allocate(120).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(magic(fs.type())).putLong(bsize).putLong(fs.getTotalSpace() / bsize)
         .putLong(fs.getUnallocatedSpace() / bsize).putLong(fs.getUsableSpace() / bsize)
         .putLong(0).putLong(0) // f_files, f_ffree: not known through the JDK
         .putInt(0).putInt(0).putLong(255).putLong(bsize).putLong(fs.isReadOnly() ? 1 : 0);
        return b.array();
    }

    /** The f_type magic Linux reports for a filesystem type name. */
    static long magic(String type) {
        return switch (type.toLowerCase(Locale.ROOT)) {
            case "ext2", "ext3", "ext4" -> 0xEF53L;
            case "tmpfs" -> 0x01021994L;
            case "btrfs" -> 0x9123683EL;
            case "xfs" -> 0x58465342L;
            case "overlay" -> 0x794C7630L;
            case "proc" -> 0x9FA0L;
            case "nfs", "nfs4" -> 0x6969L;
            case "zfs" -> 0x2FC12FC1L;
            case "vfat" -> 0x4d44L;
            case "fuse" -> 0x65735546L;
            case "9p" -> 0x01021997L;
            default -> 0xEF53L;
        };
    }
}
