package io.helctic.kernel.syscall;

import static io.helctic.abi.uapi.Poll.*;
import static io.helctic.abi.uapi.Signal.*;

import io.helctic.abi.Errno;
import io.helctic.kernel.arch.SignalInfo;
import io.helctic.kernel.context.Context;
import io.helctic.kernel.context.Credentials;
import io.helctic.kernel.context.Process;
import io.helctic.kernel.context.ProcessTable;
import io.helctic.kernel.context.Spawner;
import io.helctic.kernel.scheme.Fasync;
import io.helctic.kernel.scheme.Handle;

/**
 * Who a file's signal-driven I/O signals, and sending it (Linux's f_setown, f_getown and
 * send_sigio in fs/fcntl.c): an owner is a thread, a process or a process group, named when
 * set (ESRCH when nothing has that id) and looked for again at each signal, so one that has
 * gone is not signalled and F_GETOWN reads 0 once it is reaped. Pids are not reused by this
 * kernel, so the number names the same process for as long as it lives.
 */
final class Sigio implements Fasync.Sender {
    /** Linux's band_table: what si_band says for each POLL_* reason. */
    private static final long[] BANDS = {
        POLLIN | POLLRDNORM, POLLOUT | POLLWRNORM | POLLWRBAND, POLLIN | POLLRDNORM | POLLMSG, POLLERR,
        POLLPRI | POLLRDBAND, POLLHUP | POLLERR};

    private final ProcessTable processes;
    private final Spawner spawner;

    Sigio(ProcessTable processes, Spawner spawner) {
        this.processes = processes;
        this.spawner = spawner;
    }

    /** f_setown / f_setown_ex: {@code force} false only for a lease's implicit owner. */
    long setOwner(Handle h, Fasync.Type type, int who, boolean force) {
        Object target = null;
        if (who != 0) {
            if (!exists(who)) return Errno.ESRCH.negative();
            target = switch (type) {
                case TID -> thread(who);
                case PID -> processes.get(who);
                case PGRP -> null;
            };
        }
        Credentials c = Context.current().process().credentials();
        Fasync.ownerOf(h).set(type, who, target, c.ruid(), c.euid(), this, force);
        return 0;
    }

    /** Whether any task still answers to this number (find_vpid): a thread, a process, a group or a session. */
    private boolean exists(int id) {
        if (thread(id) != null || processes.get(id) != null) return true;
        for (Process p : processes.all()) if (p.pgid() == id || p.sid() == id) return true;
        return false;
    }

    private Context thread(int tid) {
        for (Process p : processes.all()) for (Context c : p.threads()) if (c.tid() == tid) return c;
        Process p = processes.get(tid);
        return p == null || p.threads().isEmpty() ? null : p.threads().get(0);
    }

    /** The owner's id if it still has a task (pid_task), as F_GETOWN_EX gives it; 0 otherwise. */
    int ownerId(Fasync.Owner o) {
        if (o == null || o.id() == 0) return 0;
        return switch (o.type()) {
            case TID -> o.target() instanceof Context c && processes.get(c.pid()) == c.process()
                    && (c.tid() == c.pid() || c.process().threads().contains(c)) ? o.id() : 0;
            case PID -> o.target() instanceof Process p && processes.get(p.pid()) == p ? o.id() : 0;
            case PGRP -> {
                for (Process p : processes.all()) if (p.pgid() == o.id()) yield o.id();
                yield 0;
            }
        };
    }

    /** send_sigio: to the owning thread, process, or every process of the group. */
    @Override
    public void send(Fasync.Owner o, int fd, int reason) {
        if (ownerId(o) == 0) return;
        switch (o.type()) {
            case TID -> {
                Context c = (Context) o.target();
                toTask(c.process(), c, o, fd, reason);
            }
            case PID -> toTask((Process) o.target(), null, o, fd, reason);
            case PGRP -> {
                for (Process p : processes.all()) if (p.pgid() == o.id()) toTask(p, null, o, fd, reason);
            }
        }
    }

    /** send_sigio_to_task: sigio_perm with the setter's ids, then F_SETSIG's signal with its siginfo, or plain SIGIO. */
    private void toTask(Process p, Context thread, Fasync.Owner o, int fd, int reason) {
        if (p.zombie()) return;
        Credentials c = p.credentials();
        int uid = o.uid(), euid = o.euid();
        if (!(euid == 0 || euid == c.suid() || euid == c.ruid() || uid == c.suid() || uid == c.ruid())) return;
        int signum = o.signum();
        if (signum != 0) {
            int code = signum != SIGIO && specificCodes(signum) ? SI_SIGIO : reason;
            SignalInfo info = SignalInfo.poll(signum, code, BANDS[reason - POLL_IN], fd);
            if (Delivery.post(p, thread, info, spawner) != Delivery.Outcome.QUEUE_FULL) return;
        }
        Delivery.send(p, thread, SignalInfo.kernel(SIGIO), spawner);
    }

    /** sig_specific_sicodes: signals whose si_codes mean something else (there POLL_* would be ambiguous). */
    private static boolean specificCodes(int sig) {
        return sig == SIGILL || sig == SIGFPE || sig == SIGSEGV || sig == SIGBUS || sig == SIGTRAP || sig == SIGCHLD
                || sig == SIGIO || sig == SIGSYS;
    }
}
