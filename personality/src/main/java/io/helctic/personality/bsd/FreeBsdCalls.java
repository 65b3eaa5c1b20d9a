package io.helctic.personality.bsd;

import static io.helctic.abi.KernelOp.*;
import static io.helctic.abi.uapi.Signal.SIGCHLD;
import static io.helctic.personality.Handler.constant;
import static io.helctic.personality.Handler.op;
import static io.helctic.personality.Handler.pass;
import static io.helctic.personality.Handler.shim;

import io.helctic.personality.Handler;
import java.util.ArrayList;
import java.util.List;

/**
 * FreeBSD's own calls (amd64 numbers from its syscalls.master), laid over the 4.4BSD ones
 * {@link BsdCalls#common} knows: enough for a program to fork, wait, send and handle signals
 * (restarted or interrupted as FreeBSD does) and talk through pipes.
 */
public final class FreeBsdCalls {
    private FreeBsdCalls() {}

    /** The calls, each with its support level; shims are named methods ({@link FreeBsdShims}). */
    static List<BsdCall> calls() {
        Handler.Arg a1 = pass(0), a2 = pass(1), a3 = pass(2), zero = constant(0);
        return List.of(
            BsdCall.full(2, "fork", "-", op(CLONE, constant("SIGCHLD", SIGCHLD), zero, zero, zero, zero))
                   .withSecond(new BsdCall.Second("0 in the parent; the child returns 0 with 1", null, 0)),
            BsdCall.full(3, "read", "fd,out2,size", op(READ, a1, a2, a3)),
            BsdCall.full(6, "close", "fd", op(CLOSE, a1)),
            BsdCall.partial(7, "wait4", "int,ptr,int,ptr", "rusage is zero-filled",
                    shim("FreeBSD's option bits; the status word's signal numbers made FreeBSD's", FreeBsdShims::wait4)),
            BsdCall.full(37, "kill", "int,int", shim("FreeBSD's signal number as the kernel's", FreeBsdShims::kill)),
            BsdCall.full(39, "getppid", "-", op(GETPPID)),
            BsdCall.partial(240, "nanosleep", "ptr,ptr", "a stop and a continue end the sleep with EINTR (FreeBSD sleeps on)",
                    op(NANOSLEEP, a1, a2)),
            BsdCall.full(340, "sigprocmask", "int,ptr,ptr",
                    shim("how 1-3 as SIG_BLOCK..SIG_SETMASK; 128-bit sets through USER_SCRATCH", FreeBsdShims::sigprocmask)),
            BsdCall.full(341, "sigsuspend", "ptr", shim("the 128-bit set through USER_SCRATCH", FreeBsdShims::sigsuspend)),
            BsdCall.full(416, "sigaction", "int,ptr,ptr",
                    shim("FreeBSD's struct sigaction and SA_ flags as the kernel's, through USER_SCRATCH",
                         FreeBsdShims::sigaction)),
            BsdCall.full(417, "sigreturn", "ptr", op(SIGRETURN, a1)),
            BsdCall.full(542, "pipe2", "ptr,int", shim("FreeBSD's O_CLOEXEC and O_NONBLOCK", FreeBsdShims::pipe2)),
            BsdCall.named(477, "mmap", "ptr,size,hex,hex,fd,size"),
            BsdCall.named(478, "lseek", "fd,size,int"));
    }

    /** The numbers of the calls that run a shim, in the order {@link #calls} declares them. */
    public static List<Integer> shimsInDeclarationOrder() {
        List<Integer> out = new ArrayList<>();
        for (BsdCall c : calls()) if (c.handler() instanceof Handler.Translated) out.add(c.number());
        return out;
    }
}
