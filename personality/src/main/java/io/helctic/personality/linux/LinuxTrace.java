package io.helctic.personality.linux;

import static io.helctic.abi.uapi.Fcntl.AT_FDCWD;
import static io.helctic.abi.uapi.Fcntl.O_CREAT;
import static io.helctic.abi.uapi.Fcntl.O_TMPFILE;

import io.helctic.abi.Errno;
import io.helctic.abi.KernelCode;
import io.helctic.abi.KernelOps;
import io.helctic.personality.StraceText;
import java.util.List;

/**
 * strace-style lines for Linux calls: {@code write(1, "Hello\n", 6) = 6}. Strings and
 * buffers are read through USER_LOAD ({@link StraceText}); PROT_*, MAP_*, O_*, AT_*,
 * SEEK_*, CLOCK_*, F_* and ARCH_* constants are decoded; unknown numbers print as
 * {@code syscall_0x…} with six hex arguments.
 */
final class LinuxTrace {
    private LinuxTrace() {}

    static String describe(KernelOps ops, long nr, long[] a, long rax) {
        return call(ops, nr, a, rax) + " = " + result(LinuxAbi.entryFor(nr), rax);
    }

    /** A call a signal interrupted, as strace shows it: {@code read(0, 0x1000, 10) = ? ERESTARTSYS (To be restarted if SA_RESTART is set)}. */
    static String interrupted(KernelOps ops, long nr, long[] a, KernelCode code) {
        return call(ops, nr, a, -1) + " = ? " + code.name() + " (" + code.description() + ")";
    }

    /** A call that never returned (exit, exit_group): {@code exit_group(0) = ?}. */
    static String unfinished(KernelOps ops, long nr, long[] a) {
        return call(ops, nr, a, -1) + " = ?";
    }

    private static String call(KernelOps ops, long nr, long[] a, long rax) {
        SyscallEntry e = LinuxAbi.entryFor(nr);
        if (e == null || !e.assigned()) return StraceText.unknown(nr, a);
        return e.name() + "(" + arguments(ops, e, a, rax) + ")";
    }

    static String result(SyscallEntry e, long rax) {
        if (Errno.ofResult(rax) != null || (rax < 0 && rax >= -4095)) return LinuxErrnoText.failure(rax);
        Ret ret = e == null ? Ret.DECIMAL : e.ret();
        return switch (ret) {
            case HEX -> StraceText.hex(rax);
            case OCTAL -> LinuxFlags.mode(rax);
            case NORETURN -> "?";
            case DECIMAL -> Long.toString(rax);
        };
    }

    private static String arguments(KernelOps ops, SyscallEntry e, long[] a, long rax) {
        List<ArgKind> kinds = e.args();
        int shown = kinds.size();
        // strace omits arguments the call ignores.
        if ((e.name().equals("open") || e.name().equals("openat") || e.name().equals("mq_open"))) {
            int flagsAt = e.name().equals("openat") ? 2 : 1;
            long flags = a[flagsAt];
            if ((flags & O_CREAT) == 0 && (flags & O_TMPFILE) != O_TMPFILE) {
                shown = flagsAt + 1;
            }
        } else if (e.name().equals("fcntl") && LinuxFlags.fcntlHasNoArg(ArgKind.normalize(kinds.get(1), a[1]))) {
            shown = 2;
        }
        boolean failed = rax < 0 && rax >= -4095;
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < shown; i++) {
            if (i > 0) s.append(", ");
            s.append(argument(ops, kinds.get(i), a, i, failed ? -1 : rax));
        }
        return s.toString();
    }

    static String argument(KernelOps ops, ArgKind kind, long[] a, int i, long okResult) {
        long raw = a[i];
        long v = ArgKind.normalize(kind, raw);
        return switch (kind) {
            case ArgKind.BufIn in -> StraceText.buffer(ops, raw, a[in.lenArg()]);
            case ArgKind.BufOut out -> okResult >= 0 ? StraceText.buffer(ops, raw, okResult) : StraceText.pointer(raw);
            case ArgKind.SockaddrIn in -> SocketTrace.sockaddr(ops, raw, (int) a[in.lenArg()]);
            case ArgKind.SockaddrOut out -> okResult >= 0 ? SocketTrace.sockaddrOut(ops, raw, a[out.lenPtrArg()])
                    : StraceText.pointer(raw);
            case ArgKind.OptName o -> SocketTrace.optionName((int) a[o.levelArg()], (int) v);
            case ArgKind.OptValue o -> o.out() ? (okResult >= 0 ? SocketTrace.optionOut(ops, raw, a[o.lenArg()], (int) a[1],
                    (int) a[2]) : StraceText.pointer(raw)) : SocketTrace.optionIn(ops, raw, (int) a[o.lenArg()], (int) a[1], (int) a[2]);
            case ArgKind.Basic b -> switch (b) {
                case FD, INT, PID, SIGNAL -> Long.toString(v);
                case UINT, UID -> Long.toString(v);
                case LONG, OFFSET -> Long.toString(v);
                case ULONG, SIZE -> Long.toUnsignedString(v);
                case PTR -> StraceText.pointer(v);
                case STRING -> StraceText.cString(ops, v);
                case ARGV -> StraceText.stringArray(ops, v);
                case ENVP -> StraceText.countedArray(ops, v);
                case FLAGS -> v == 0 ? "0" : StraceText.hex(v);
                case MODE -> LinuxFlags.mode(v);
                case DIRFD -> v == AT_FDCWD ? "AT_FDCWD" : Long.toString(v);
                case OPEN_FLAGS -> LinuxFlags.openFlags(v);
                case AT_FLAGS -> LinuxFlags.bits(v, LinuxFlags.AT, "0");
                case ACCESS_MODE -> LinuxFlags.bits(v, LinuxFlags.ACCESS, "F_OK");
                case PROT -> LinuxFlags.prot(v);
                case MAP_FLAGS -> LinuxFlags.mapFlags(v);
                case WHENCE -> LinuxFlags.named(v, LinuxFlags.WHENCE);
                case CLOCK -> LinuxFlags.named(v, LinuxFlags.CLOCKS);
                case ARCH_PRCTL_CODE -> LinuxFlags.archPrctl(v);
                case FCNTL_CMD -> LinuxFlags.fcntlCmd(v);
                case HEX -> StraceText.hex(v);
                case FAMILY -> SocketTrace.family((int) v);
                case SOCK_TYPE -> SocketTrace.type((int) v);
                case SOCK_FLAGS -> SocketTrace.sockFlags((int) v);
                case MSG_FLAGS -> SocketTrace.msgFlags(v);
                case SHUT_HOW -> SocketTrace.shutHow((int) v);
                case SOL_LEVEL -> SocketTrace.level((int) v);
                case LEN_PTR -> SocketTrace.intBox(ops, v);
                case FD_PAIR -> okResult >= 0 ? SocketTrace.fdPair(ops, v) : StraceText.pointer(v);
                case MSGHDR_IN -> SocketTrace.msghdr(ops, v, -1, true);
                case MSGHDR_OUT -> okResult >= 0 ? SocketTrace.msghdr(ops, v, okResult, false) : StraceText.pointer(v);
                case MMSGHDR_IN -> okResult > 0 ? SocketTrace.mmsghdrs(ops, v, okResult, true) : StraceText.pointer(v);
                case MMSGHDR_OUT -> okResult > 0 ? SocketTrace.mmsghdrs(ops, v, okResult, false) : StraceText.pointer(v);
                case TIMESPEC_PTR -> SocketTrace.timespec(ops, v);
            };
        };
    }
}
