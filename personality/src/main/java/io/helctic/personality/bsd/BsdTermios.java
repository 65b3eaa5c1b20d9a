package io.helctic.personality.bsd;

import static io.helctic.abi.KernelOp.IOCTL;
import static io.helctic.abi.KernelOp.USER_SCRATCH;

import io.helctic.abi.Errno;
import io.helctic.abi.KernelOps;
import io.helctic.personality.GuestMemory;

/**
 * The 4.4BSD struct termios FreeBSD and NetBSD share (sys/sys/_termios.h, termios.h: four
 * 32-bit flag words, c_cc[20], then c_ispeed and c_ospeed as baud numbers; 44 bytes) and the
 * kernel's (Linux's: four flag words, c_line, c_cc[19], the speed a code in c_cflag's CBAUD
 * bits; 36 bytes). Each flag both sides have is carried over; ones the other side lacks are
 * dropped (Linux's IUCLC, OLCUC, XCASE; the BSDs' ALTWERASE, NOKERNINFO, ONOEOT, CIGNORE).
 * Disabled control characters are 0xff (_POSIX_VDISABLE) on the BSDs, 0 on Linux.
 */
final class BsdTermios {
    private BsdTermios() {}

    static final int SIZE = 44, KERNEL_SIZE = 36;
    static final int TCGETS = 0x5401, TCSETS = 0x5402;

    /** {BSD bit, Linux bit} pairs per flag word. */
    private static final int[][] IFLAG = {
        {0x1, 01}, {0x2, 02}, {0x4, 04}, {0x8, 010}, {0x10, 020}, {0x20, 040}, {0x40, 0100}, {0x80, 0200},
        {0x100, 0400}, {0x200, 02000}, {0x400, 010000}, {0x800, 04000}, {0x2000, 020000}};
    private static final int[][] OFLAG = {{0x1, 01}, {0x2, 04}, {0x10, 010}, {0x20, 020}, {0x40, 040}, {0x4, 014000}};
    private static final int[][] CFLAG = {
        {0x400, 0100}, {0x800, 0200}, {0x1000, 0400}, {0x2000, 01000}, {0x4000, 02000}, {0x8000, 04000},
        {0x30000, 0x80000000}};
    private static final int[][] LFLAG = {
        {0x1, 04000}, {0x2, 020}, {0x4, 040}, {0x8, 010}, {0x10, 0100}, {0x20, 02000}, {0x40, 01000}, {0x80, 01},
        {0x100, 02}, {0x400, 0100000}, {0x800, 0200000}, {0x400000, 0400}, {0x800000, 010000}, {0x20000000, 040000},
        {0x80000000, 0200}};
    /** {BSD index, Linux index} of each control character both have. */
    private static final int[][] CC = {
        {0, 4}, {1, 11}, {2, 16}, {3, 2}, {4, 14}, {5, 3}, {6, 12}, {8, 0}, {9, 1}, {10, 10}, {12, 8}, {13, 9},
        {14, 15}, {15, 13}, {16, 6}, {17, 5}};
    /** Linux's CBAUD codes 0..15 and 010001..010017 as baud rates. */
    private static final int[] SPEEDS = {0, 50, 75, 110, 134, 150, 200, 300, 600, 1200, 1800, 2400, 4800, 9600, 19200, 38400};
    private static final int[] HIGH_SPEEDS = {57600, 115200, 230400, 460800, 500000, 576000, 921600, 1000000, 1152000,
        1500000, 2000000, 2500000, 3000000, 3500000, 4000000};
    private static final int CBAUD = 010017, CBAUDEX = 010000, CSIZE_LINUX = 060, CSIZE_BSD = 0x300;

    static int toBsd(int linux, int[][] map) {
        int out = 0;
        for (int[] m : map) if ((linux & m[1]) == m[1]) out |= m[0];
        return out;
    }

    static int toLinux(int bsd, int[][] map) {
        int out = 0;
        for (int[] m : map) if ((bsd & m[0]) == m[0]) out |= m[1];
        return out;
    }

    static int baud(int code) {
        if ((code & CBAUDEX) == 0) return SPEEDS[code & 15];
        int i = (code & 15) - 1;
        return i >= 0 && i < HIGH_SPEEDS.length ? HIGH_SPEEDS[i] : 0;
    }

    /** The CBAUD code of a baud rate: the nearest not above it (as cfsetspeed would be refused otherwise, an exact one). */
    static int code(int baud) {
        for (int i = 0; i < SPEEDS.length; i++) if (SPEEDS[i] == baud) return i;
        for (int i = 0; i < HIGH_SPEEDS.length; i++) if (HIGH_SPEEDS[i] == baud) return CBAUDEX | (i + 1);
        return -1;
    }

    /** The kernel's termios (36 bytes) as the BSDs' (44 bytes). */
    static byte[] toBsd(byte[] k) {
        java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(k).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        java.nio.ByteBuffer out = java.nio.ByteBuffer.allocate(SIZE).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        int c = in.getInt(8);
        out.putInt(0, toBsd(in.getInt(0), IFLAG)).putInt(4, toBsd(in.getInt(4), OFLAG))
           .putInt(8, toBsd(c, CFLAG) | ((c & CSIZE_LINUX) >> 4) << 8).putInt(12, toBsd(in.getInt(12), LFLAG));
        for (int i = 0; i < 20; i++) out.put(16 + i, (byte) 0xff);
        for (int[] m : CC) {
            byte v = in.get(17 + m[1]);
            boolean timing = m[0] == 16 || m[0] == 17; // VMIN and VTIME are counts, not characters
            out.put(16 + m[0], v == 0 && !timing ? (byte) 0xff : v);
        }
        int speed = baud(c & CBAUD);
        out.putInt(36, speed).putInt(40, speed);
        return out.array();
    }

    /** The BSDs' termios as the kernel's; null when its speed has no CBAUD code. */
    static byte[] toKernel(byte[] b) {
        java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(b).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        java.nio.ByteBuffer out = java.nio.ByteBuffer.allocate(KERNEL_SIZE).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        int c = in.getInt(8);
        int speed = code(in.getInt(40));
        if (speed < 0) return null;
        out.putInt(0, toLinux(in.getInt(0), IFLAG)).putInt(4, toLinux(in.getInt(4), OFLAG))
           .putInt(8, toLinux(c, CFLAG) | ((c & CSIZE_BSD) >> 8) << 4 | speed).putInt(12, toLinux(in.getInt(12), LFLAG));
        for (int[] m : CC) {
            byte v = in.get(16 + m[0]);
            boolean timing = m[0] == 16 || m[0] == 17;
            out.put(17 + m[1], v == (byte) 0xff && !timing ? 0 : v);
        }
        return out.array();
    }

    /** TIOCGETA: the terminal's attributes as the BSDs' struct termios. */
    static long get(KernelOps ops, int fd, long arg) {
        long k = ops.call(USER_SCRATCH, KERNEL_SIZE);
        if (k < 0) return k;
        long r = ops.call(IOCTL, fd, TCGETS, k);
        if (r < 0) return r;
        byte[] bsd = toBsd(GuestMemory.readUpTo(ops, k, KERNEL_SIZE));
        for (int i = 0; i < SIZE; i++) GuestMemory.store(ops, arg + i, bsd[i] & 0xff, 1);
        return 0;
    }

    /** TIOCSETA, TIOCSETAW, TIOCSETAF (when 0, 1, 2): TCSETS, TCSETSW, TCSETSF with the translated struct. */
    static long set(KernelOps ops, int fd, int when, long arg) {
        byte[] bsd = GuestMemory.readUpTo(ops, arg, SIZE);
        if (bsd.length < SIZE) return Errno.EFAULT.negative();
        byte[] k = toKernel(bsd);
        if (k == null) return Errno.EINVAL.negative();
        long scratch = ops.call(USER_SCRATCH, KERNEL_SIZE);
        if (scratch < 0) return scratch;
        for (int i = 0; i < KERNEL_SIZE; i++) GuestMemory.store(ops, scratch + i, k[i] & 0xff, 1);
        return ops.call(IOCTL, fd, TCSETS + when, scratch);
    }
}
