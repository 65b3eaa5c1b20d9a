package io.helctic.btrfs;

import java.lang.foreign.MemorySegment;
import java.time.Instant;

/** An INODE_ITEM: size, links, owner, mode, device number, flags and nanosecond times. */
public record Inode(Node node, long generation, long size, long nbytes, int nlink, int uid, int gid, int mode,
                    long rdev, long flags, Instant atime, Instant ctime, Instant mtime, Instant otime) {
    static final int SIZE = 160;
    static final long FLAG_NODATASUM = 1;

    static Inode parse(Node node, MemorySegment d) throws BtrfsException {
        if (d.byteSize() < SIZE) throw new BtrfsException("inode " + node + ": item of " + d.byteSize() + " bytes, need " + SIZE);
        return new Inode(node, Le.u64(d, 0), Le.u64(d, 16), Le.u64(d, 24), Le.i32(d, 40), Le.i32(d, 44), Le.i32(d, 48),
                Le.i32(d, 52), Le.u64(d, 56), Le.u64(d, 64), time(d, 112), time(d, 124), time(d, 136), time(d, 148));
    }

    /**
     * A btrfs_timespec (s64 seconds, u32 nanoseconds). Seconds beyond what an Instant holds
     * (±10⁹ years) are clamped: the kernel accepts any s64, so they are odd, not corrupt.
     */
    static Instant time(MemorySegment d, long off) {
        long sec = Math.clamp(Le.u64(d, off), Instant.MIN.getEpochSecond(), Instant.MAX.getEpochSecond());
        return Instant.ofEpochSecond(sec, Math.min(Le.u32(d, off + 8), 999_999_999L));
    }

    public FileType type() { return FileType.ofMode(mode); }

    /** Permission and set-id bits (07777). */
    public int permissions() { return mode & 07777; }

    /** The device's major number; btrfs stores the kernel's dev_t (major << 20 | minor). */
    public long major() { return rdev >>> 20; }

    public long minor() { return rdev & 0xFFFFF; }
}
