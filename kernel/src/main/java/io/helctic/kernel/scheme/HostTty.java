package io.helctic.kernel.scheme;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The host terminal behind the console, through ioctl(2) (HostFs's host call). On a Linux x86-64 host
 * struct termios and struct winsize are the guest's own layouts, so terminal settings pass
 * straight through (raw mode, echo, window size). Elsewhere every call reports "not a tty".
 */
public final class HostTty {
    /** The host's request numbers (a Linux x86-64 host's, the only one this links on). */
    private static final int HOST_TCGETS = 0x5401, HOST_TCSETS = 0x5402, HOST_TIOCGWINSZ = 0x5413,
            HOST_TIOCSWINSZ = 0x5414;
    /** Size of the kernel's struct termios (NCCS = 19). */
    public static final int TERMIOS = 36, WINSIZE = 8;
    private HostTty() {}

    /** ioctl(2)'s number on the host (Linux x86-64, the only host HostFs makes calls on). */
    private static final int SYS_IOCTL = 16;

    /**
     * False when the host descriptor surely is not a terminal: on Linux its /proc/self/fd link
     * names a pipe, socket or file rather than a tty device. Where /proc cannot tell, true (the
     * ioctl decides).
     */
    static boolean maybeTerminal(int fd) {
        try {
            String target = java.nio.file.Files.readSymbolicLink(java.nio.file.Path.of("/proc/self/fd/" + fd)).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
        } catch (java.io.IOException | UnsupportedOperationException e) {
            return true;
        }
    }

    /** The result of ioctl(fd, request, buf) with buf of {@code size} bytes in, and out: null on failure. */
    private static byte[] call(int fd, int request, byte[] in, int size) {
        if (fd < 0 || !maybeTerminal(fd)) return null;
        if (!HostFs.available()) return null;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(size);
            if (in != null) MemorySegment.copy(in, 0, buf, ValueLayout.JAVA_BYTE, 0, Math.min(size, in.length));
            long r = HostFs.syscall(SYS_IOCTL, fd, request & 0xffff_ffffL, buf.address(), 0, 0, 0);
            return r < 0 ? null : buf.toArray(ValueLayout.JAVA_BYTE);
        }
    }

    /** The host descriptor's termios, or null when it is not a terminal. */
    public static byte[] getAttr(int fd) { return call(fd, HOST_TCGETS, null, TERMIOS); }

    /** Sets termios: {@code when} 0 now (TCSETS), 1 after output drains (TCSETSW), 2 and flush input (TCSETSF). */
    public static boolean setAttr(int fd, int when, byte[] termios) {
        return when >= 0 && when <= 2 && call(fd, HOST_TCSETS + when, termios, TERMIOS) != null;
    }

    public static byte[] windowSize(int fd) { return call(fd, HOST_TIOCGWINSZ, null, WINSIZE); }

    public static boolean setWindowSize(int fd, byte[] ws) { return call(fd, HOST_TIOCSWINSZ, ws, WINSIZE) != null; }
}
