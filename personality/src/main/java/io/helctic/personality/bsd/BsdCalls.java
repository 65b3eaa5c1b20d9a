package io.helctic.personality.bsd;

import static io.helctic.personality.Handler.op;
import static io.helctic.personality.Handler.pass;

import io.helctic.abi.KernelOp;
import io.helctic.abi.KernelOps;
import io.helctic.abi.SyscallResult;
import io.helctic.personality.ErrnoTable;
import io.helctic.personality.Handler;
import io.helctic.personality.StraceText;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The BSD calling convention shared by FreeBSD, NetBSD, OpenBSD and Darwin's Unix class:
 * success is carry clear with the value in rax (and a second value in rdx where the call
 * has one); failure is carry set with the OS's positive errno in rax.
 */
public final class BsdCalls {
    private BsdCalls() {}

    /**
     * The calls whose 4.4BSD numbers are the same on FreeBSD, NetBSD, OpenBSD and Darwin.
     * exit, write and getpid are implemented; the others are known by name only. With
     * {@code getpidPpidInRdx}, getpid also answers the parent's id in rdx (NetBSD).
     */
    public static List<BsdCall> common(boolean getpidPpidInRdx) {
        BsdCall getpid = BsdCall.full(20, "getpid", "-", op(KernelOp.GETPID));
        if (getpidPpidInRdx) getpid = getpid.withSecond(new BsdCall.Second("the parent's id", KernelOp.GETPPID, 0));
        List<BsdCall> c = new ArrayList<>(List.of(
            BsdCall.full(1, "exit", "int", op(KernelOp.EXIT_GROUP, pass(0))),
            BsdCall.named(2, "fork", "-"),
            BsdCall.named(3, "read", "fd,out2,size"),
            BsdCall.full(4, "write", "fd,in2,size", op(KernelOp.WRITE, pass(0), pass(1), pass(2))),
            BsdCall.named(5, "open", "str,hex,mode"),
            BsdCall.named(6, "close", "fd"),
            BsdCall.named(9, "link", "str,str"),
            BsdCall.named(10, "unlink", "str"),
            BsdCall.named(12, "chdir", "str"),
            BsdCall.named(13, "fchdir", "fd"),
            BsdCall.named(15, "chmod", "str,mode"),
            BsdCall.named(16, "chown", "str,int,int"),
            getpid,
            BsdCall.named(24, "getuid", "-"),
            BsdCall.named(25, "geteuid", "-"),
            BsdCall.named(33, "access", "str,int"),
            BsdCall.named(37, "kill", "int,int"),
            BsdCall.named(39, "getppid", "-"),
            BsdCall.named(41, "dup", "fd"),
            BsdCall.named(43, "getegid", "-"),
            BsdCall.named(47, "getgid", "-"),
            BsdCall.named(54, "ioctl", "fd,hex,hex"),
            BsdCall.named(59, "execve", "str,ptr,ptr"),
            BsdCall.named(60, "umask", "mode"),
            BsdCall.named(73, "munmap", "ptr,size"),
            BsdCall.named(74, "mprotect", "ptr,size,hex"),
            BsdCall.named(90, "dup2", "fd,fd"),
            BsdCall.named(92, "fcntl", "fd,int,hex"),
            BsdCall.named(95, "fsync", "fd"),
            BsdCall.named(97, "socket", "int,int,int"),
            BsdCall.named(98, "connect", "fd,ptr,int"),
            BsdCall.named(128, "rename", "str,str"),
            BsdCall.named(136, "mkdir", "str,mode"),
            BsdCall.named(137, "rmdir", "str")));
        return c;
    }

    /** Indexes calls by number; a number twice is an error. */
    public static Map<Integer, BsdCall> index(List<BsdCall> calls) {
        Map<Integer, BsdCall> m = new TreeMap<>();
        for (BsdCall c : calls) {
            if (m.put(c.number(), c) != null) throw new IllegalStateException("number " + c.number() + " twice");
        }
        return Collections.unmodifiableMap(m);
    }

    /**
     * Runs a call and encodes the result in the BSD convention. A guest pointer a shim could not
     * follow ends the call with its errno (EFAULT), whichever shim met it.
     */
    public static SyscallResult run(KernelOps ops, BsdCall call, ErrnoTable errno, long[] a) {
        long r;
        try {
            r = Handler.run(call.handler(), ops, call, a);
        } catch (io.helctic.personality.GuestFault f) {
            r = f.result();
        }
        if (call.second() == null || r < 0) return SyscallResult.encode(r, v -> encode(v, errno));
        long second = call.second().value(ops);
        return second < 0 && second >= -4095 ? SyscallResult.carryClear(r) : SyscallResult.carryClear(r, second);
    }

    /** A kernel op's value in the BSD convention. */
    public static SyscallResult encode(long value, ErrnoTable errno) {
        if (value < 0 && value >= -4095) return SyscallResult.carrySet(errno.translateResult(value));
        return SyscallResult.carryClear(value);
    }

    /** {@code write(1, "hi\n", 3) = 3} or {@code … = -1 errno 78 (ENOSYS)}. */
    public static String describe(KernelOps ops, BsdCall call, long nr, long[] a, SyscallResult r, ErrnoTable errno) {
        boolean failed = r == null || r.carry() == SyscallResult.Carry.SET;
        String head;
        if (call == null) {
            head = StraceText.unknown(nr, a);
        } else {
            StringBuilder s = new StringBuilder(call.name()).append('(');
            for (int i = 0; i < call.args().size(); i++) {
                if (i > 0) s.append(", ");
                s.append(call.args().get(i).show(ops, a, i, failed ? -1 : r.value()));
            }
            head = s.append(')').toString();
        }
        if (r == null) return head + " = ?";
        if (r.interrupted()) return head + " = ? " + r.code().name() + " (" + r.code().description() + ")";
        if (failed) {
            String name = errno.name(r.value());
            return head + " = -1 errno " + r.value() + " (" + (name != null ? name : "unknown") + ")";
        }
        return head + " = " + r.value();
    }
}
