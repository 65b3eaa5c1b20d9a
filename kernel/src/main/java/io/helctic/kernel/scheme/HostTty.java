package io.helctic.kernel.scheme;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Optional;

/**
 * The host terminal behind the console, through ioctl(2) by FFM. On a Linux x86-64 host
 * struct termios and struct winsize are the guest's own layouts, so terminal settings pass
 * straight through (raw mode, echo, window size). Elsewhere every call reports "not a tty".
 */
public final class HostTty {
    /** The host's request numbers (a Linux x86-64 host's, the only one this links on). */
    private static final int HOST_TCGETS = 0x5401, HOST_TCSETS = 0x5402, HOST_TIOCGWINSZ = 0x5413,
            HOST_TIOCSWINSZ = 0x5414;
    /** Size of the kernel's struct termios (NCCS = 19). */
    public static final int TERMIOS = 36, WINSIZE = 8;
    /** Linked on first use: making an FFM downcall costs start-up time a run without a terminal need not pay. */
    private static final class Ioctl {
        static final MethodHandle HANDLE = link();
    }

    private HostTty() {}

    private static MethodHandle link() {
        if (!"Linux".equals(System.getProperty("os.name")) || !"amd64".equals(System.getProperty("os.arch"))) return null;
        try {
            Linker linker = Linker.nativeLinker();
            Optional<MemorySegment> sym = linker.defaultLookup().find("ioctl");
            if (sym.isEmpty()) return null;
            return linker.downcallHandle(sym.get(), FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
                    ValueLayout.JAVA_LONG, ValueLayout.ADDRESS), Linker.Option.firstVariadicArg(2));
        } catch (RuntimeException | LinkageError e) {
            return null;
        }
    }

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
        MethodHandle ioctl = Ioctl.HANDLE;
        if (ioctl == null) return null;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(size);
            if (in != null) MemorySegment.copy(in, 0, buf, ValueLayout.JAVA_BYTE, 0, Math.min(size, in.length));
            int r = (int) ioctl.invokeExact(fd, (long) request, buf);
            return r < 0 ? null : buf.toArray(ValueLayout.JAVA_BYTE);
        } catch (Throwable t) {
            return null;
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
