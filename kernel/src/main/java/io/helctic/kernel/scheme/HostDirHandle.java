package io.helctic.kernel.scheme;

import static io.helctic.abi.uapi.Fcntl.*;

import io.helctic.abi.Errno;
import io.helctic.kernel.vfs.Result;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An open host directory: getdents64 lists "." and ".." and then the entries in the
 * host's own readdir order, so tools that print in directory order match native runs.
 */
final class HostDirHandle implements Handle {
    static final int DT_UNKNOWN = 0, DT_FIFO = 1, DT_CHR = 2, DT_DIR = 4, DT_BLK = 6, DT_REG = 8, DT_LNK = 10, DT_SOCK = 12;

    private final Path dir;
    private final Path parent;
    private final String guestPath;
    private final int flags;
    private List<String> names;
    private int next;

    /** {@code parent} is what ".." lists: the directory itself at the guest root, never a host path above it. */
    HostDirHandle(Path dir, Path parent, String guestPath, int flags) {
        this.dir = dir;
        this.parent = parent;
        this.guestPath = guestPath;
        this.flags = flags & (O_ACCMODE | O_NONBLOCK | O_DIRECTORY | O_NOFOLLOW);
    }

    @Override
    public String path() { return guestPath; }

    @Override
    public long read(byte[] buf, int off, int len) { return Errno.EISDIR.negative(); }

    @Override
    public long write(byte[] buf, int off, int len) { return Errno.EBADF.negative(); }

    @Override
    public synchronized long seek(long offset, int whence) {
        if (whence != 0 || offset < 0) return whence == 1 && offset == 0 ? next : Errno.EINVAL.negative();
        if (offset == 0) names = null; // rewinddir: list afresh
        next = (int) Math.min(offset, Integer.MAX_VALUE);
        return next;
    }

    @Override
    public synchronized long getdents(byte[] buf, int len) {
        if (names == null) {
            names = new ArrayList<>(List.of(".", ".."));
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
                for (Path p : ds) names.add(p.getFileName().toString());
            } catch (IOException e) {
                names = null;
                return HostErrors.negative(e);
            }
        }
        ByteBuffer b = ByteBuffer.wrap(buf, 0, len).order(ByteOrder.LITTLE_ENDIAN);
        int used = 0;
        while (next < names.size()) {
            String name = names.get(next);
            byte[] nb = name.getBytes(StandardCharsets.UTF_8);
            int reclen = (19 + nb.length + 1 + 7) & ~7;
            if (used + reclen > len) {
                if (used == 0) return Errno.EINVAL.negative();
                break;
            }
            Path p = name.equals(".") ? dir : name.equals("..") ? parent : dir.resolve(name);
            Result<HostStat.Identity> st = HostStat.identity(p);
            long ino = st.failed() ? 0 : st.value().ino();
            int type = st.failed() ? DT_UNKNOWN : dtype(st.value().mode());
            b.position(used);
            b.putLong(ino).putLong(next + 1).putShort((short) reclen).put((byte) type).put(nb);
            for (int i = 19 + nb.length; i < reclen; i++) b.put((byte) 0);
            used += reclen;
            next++;
        }
        return used;
    }

    static int dtype(int mode) {
        return switch (mode & S_IFMT) {
            case S_IFIFO -> DT_FIFO;
            case S_IFCHR -> DT_CHR;
            case S_IFDIR -> DT_DIR;
            case 0060000 -> DT_BLK;
            case S_IFREG -> DT_REG;
            case S_IFLNK -> DT_LNK;
            case S_IFSOCK -> DT_SOCK;
            default -> DT_UNKNOWN;
        };
    }

    @Override
    public Stat stat() {
        Result<Stat> s = HostStat.lstat(dir);
        return s.failed() ? new Stat(0, 0, 2, S_IFDIR | 0755, 0, 0, 0, 4096, 4096, 8, 0, 0, 0) : s.value();
    }

    @Override
    public int statusFlags() { return flags; }

    @Override
    public long sync() { return 0; }
}
