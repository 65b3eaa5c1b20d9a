package io.helctic.kernel.scheme;

import io.helctic.abi.Errno;
import java.util.Arrays;

/** The character devices of the dev: scheme: null, zero, full, random and urandom. */
final class Devices {
    private Devices() {}

    /** Which device, with its Linux major/minor numbers. */
    enum Kind {
        NULL(1, 3), ZERO(1, 5), FULL(1, 7), RANDOM(1, 8), URANDOM(1, 9);

        final int major, minor;

        Kind(int major, int minor) {
            this.major = major;
            this.minor = minor;
        }

        long rdev() { return ((long) major << 8) | minor; }

        /** The character device numbered {@code rdev} (Linux's encoding), or null when the kernel has none such. */
        static Kind of(long rdev) {
            for (Kind k : values()) if (k.rdev() == rdev) return k;
            return null;
        }
    }

    static Handle open(Kind kind, Handle.Stat stat, int flags) {
        return new Handle() {
            @Override
            public long read(byte[] buf, int off, int len) {
                return switch (kind) {
                    case NULL -> 0;
                    case ZERO, FULL -> {
                        Arrays.fill(buf, off, off + len, (byte) 0);
                        yield len;
                    }
                    case RANDOM, URANDOM -> {
                        HostRandom.fill(buf, off, len);
                        yield len;
                    }
                };
            }

            @Override
            public long write(byte[] buf, int off, int len) {
                return kind == Kind.FULL ? Errno.ENOSPC.negative() : len;
            }

            @Override
            public long pread(byte[] buf, int off, int len, long position) { return read(buf, off, len); }

            @Override
            public long pwrite(byte[] buf, int off, int len, long position) { return write(buf, off, len); }

            @Override
            public long seek(long offset, int whence) { return 0; }

            /** Memory devices never wait: a read gets all it asks (null: nothing). */
            @Override
            public boolean readsFill() { return true; }

            @Override
            public Stat stat() { return stat; }

            private volatile int status = flags;

            @Override
            public int statusFlags() { return status; }

            @Override
            public void setStatusFlags(int f) {
                int acc = io.helctic.abi.uapi.Fcntl.O_ACCMODE;
                status = (status & acc) | (f & ~acc);
            }

            @Override
            public String path() { return "/dev/" + kind.name().toLowerCase(java.util.Locale.ROOT); }

            /** /dev/zero maps as anonymous memory: private pages read as zero (nothing to map from). */
            @Override
            public java.lang.foreign.MemorySegment mapping() {
                return kind == Kind.ZERO ? java.lang.foreign.MemorySegment.NULL : null;
            }

            /** A shared mapping of /dev/zero is fresh shared anonymous memory, as on Linux. */
            @Override
            public io.helctic.kernel.memory.SharedPages sharedPages() {
                return kind == Kind.ZERO ? io.helctic.kernel.memory.SharedPages.anonymous() : null;
            }
        };
    }
}
