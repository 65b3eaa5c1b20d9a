package io.helctic.kernel.syscall;

import io.helctic.abi.Errno;
import io.helctic.abi.KernelOp;
import io.helctic.abi.KernelOps;
import io.helctic.kernel.context.Context;
import io.helctic.kernel.context.FileTable;
import io.helctic.kernel.context.Process;
import io.helctic.kernel.context.ProcessTable;
import io.helctic.kernel.context.Signals;
import io.helctic.kernel.context.Spawner;
import io.helctic.kernel.context.Termination;
import io.helctic.kernel.loader.ElfLoader;
import io.helctic.kernel.loader.Exec;
import io.helctic.kernel.loader.LoadException;
import io.helctic.kernel.memory.AddressSpace;
import io.helctic.kernel.memory.FrameAllocator;
import io.helctic.kernel.vfs.Namespace;
import io.helctic.kernel.vfs.Result;
import io.helctic.machine.cpu.x86_64.X86Cpu;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** Processes come and go: clone (fork, vfork), execve, wait4, kill, process groups and sessions. */
final class LifecycleOps {
    static final long CLONE_VM = 0x100, CLONE_FS = 0x200, CLONE_FILES = 0x400, CLONE_SIGHAND = 0x800,
            CLONE_VFORK = 0x4000, CLONE_PARENT = 0x8000, CLONE_THREAD = 0x10000, CLONE_SETTLS = 0x80000,
            CLONE_PARENT_SETTID = 0x100000, CLONE_CHILD_CLEARTID = 0x200000, CLONE_CHILD_SETTID = 0x1000000;
    /** Flags a fork-like clone may carry. */
    static final long FORK_FLAGS = 0xff | CLONE_VM | CLONE_VFORK | CLONE_SETTLS | CLONE_PARENT_SETTID
            | CLONE_CHILD_CLEARTID | CLONE_CHILD_SETTID | 0x400000 /* CLONE_DETACHED */ | 0x40000 /* CLONE_SYSVSEM */;
    static final int WNOHANG = 1, WUNTRACED = 2, WCONTINUED = 8;
    static final long WAIT_KNOWN = WNOHANG | WUNTRACED | WCONTINUED | 0x20000000L | 0x40000000L | 0x80000000L;
    /** Linux's ARG_MAX for argv + envp strings. */
    static final int ARG_MAX = 2 << 20;

    private final ProcessTable processes;
    private final Spawner spawner;
    private final Namespace ns;
    private final FrameAllocator frames;
    private final Supplier<ElfLoader.AuxFacts> facts;
    private final ThreadOps threads;

    LifecycleOps(ProcessTable processes, Spawner spawner, Namespace ns, FrameAllocator frames,
                 Supplier<ElfLoader.AuxFacts> facts, ThreadOps threads) {
        this.threads = threads;
        this.processes = processes;
        this.spawner = spawner;
        this.ns = ns;
        this.frames = frames;
        this.facts = facts;
    }

    void install(KernelOps.Builder b) {
        b.set(KernelOp.CLONE, (flags, stack, ptid, ctid, tls, a6) -> clone(flags, stack, ptid, ctid, tls));
        b.set(KernelOp.EXECVE, (path, argv, envp, a4, a5, a6) -> execve(path, argv, envp));
        b.set(KernelOp.WAIT4, (pid, status, options, rusage, a5, a6) -> wait4((int) pid, status, options, rusage));
        b.set(KernelOp.WAITID, (idtype, id, infop, options, rusage, a6) -> waitid((int) idtype, (int) id, infop, options, rusage));
        b.set(KernelOp.KILL, (pid, sig, a3, a4, a5, a6) -> kill((int) pid, (int) sig));
        b.set(KernelOp.TGKILL, (tgid, tid, sig, a4, a5, a6) -> {
            if (sig < 0 || sig > Signals.NSIG || tgid <= 0 || tid <= 0) return Errno.EINVAL.negative();
            Process p = processes.get((int) tgid);
            if (p == null || p.zombie()) return Errno.ESRCH.negative();
            for (Context c : p.threads()) {
                if (c.tid() == tid) {
                    if (sig != 0) Delivery.send(p, c, (int) sig, spawner);
                    return 0;
                }
            }
            return Errno.ESRCH.negative();
        });
        b.set(KernelOp.GETPGID, (pid, a2, a3, a4, a5, a6) -> {
            Process p = pid == 0 ? Context.current().process() : processes.get((int) pid);
            return p == null ? Errno.ESRCH.negative() : p.pgid();
        });
        b.set(KernelOp.GETSID, (pid, a2, a3, a4, a5, a6) -> {
            Process p = pid == 0 ? Context.current().process() : processes.get((int) pid);
            return p == null ? Errno.ESRCH.negative() : p.sid();
        });
        b.set(KernelOp.SETPGID, (pid, pgid, a3, a4, a5, a6) -> setpgid((int) pid, (int) pgid));
        b.set(KernelOp.SETSID, (a1, a2, a3, a4, a5, a6) -> {
            Process me = Context.current().process();
            for (Process p : processes.all()) if (p.pgid() == me.pid()) return Errno.EPERM.negative();
            me.setSid(me.pid());
            me.setPgid(me.pid());
            return me.pid();
        });
    }

    // ---- clone -----------------------------------------------------------------------------

    long clone(long flags, long stack, long ptid, long ctid, long tls) {
        if ((flags & CLONE_THREAD) != 0) return threads.cloneThread(flags, stack, ptid, ctid, tls);
        if ((flags & CLONE_VM) != 0 && (flags & CLONE_VFORK) == 0) return Errno.ENOSYS.negative();
        if ((flags & ~FORK_FLAGS) != 0) return Errno.EINVAL.negative();
        Context parentCtx = Context.current();
        Process parent = parentCtx.process();
        int pid = processes.allocatePid();
        AddressSpace space = parent.space().fork();
        FileTable files = parent.files().copy();
        Process child = parent.forkChild(pid, space, files);
        X86Cpu cpu = new X86Cpu(parentCtx.cpu().memory());
        cpu.copyStateFrom(parentCtx.cpu());
        cpu.setCr3(space.cr3());
        cpu.setReg(X86Cpu.RAX, 0);
        if (stack != 0) cpu.setReg(X86Cpu.RSP, stack);
        if ((flags & CLONE_SETTLS) != 0) cpu.setFsBase(tls);
        Context c = new Context(pid, cpu, child, parentCtx.personality());
        c.setBlocked(parentCtx.blocked());
        space.addTlbListener(c.tlb());
        if ((flags & CLONE_CHILD_CLEARTID) != 0) c.setClearChildTid(ctid);
        byte[] tidBytes = {(byte) pid, (byte) (pid >> 8), (byte) (pid >> 16), (byte) (pid >> 24)};
        if ((flags & CLONE_PARENT_SETTID) != 0 && !UserAccess.put(ptid, tidBytes)) {
            space.destroy();
            return Errno.EFAULT.negative();
        }
        if ((flags & CLONE_CHILD_SETTID) != 0) space.write(ctid, tidBytes, 0, 4);
        processes.add(child);
        spawner.start(c);
        if ((flags & CLONE_VFORK) != 0) {
            synchronized (child) {
                while (!child.vforkReleased()) {
                    try {
                        child.wait(50);
                    } catch (InterruptedException e) {
                        if (parentCtx.finished()) break;
                    }
                }
            }
        }
        return pid;
    }

    // ---- execve ----------------------------------------------------------------------------

    private long execve(long pathPtr, long argvPtr, long envpPtr) {
        Result<String> path = UserAccess.path(pathPtr);
        if (path.failed()) return path.negative();
        int[] budget = {ARG_MAX};
        Result<List<String>> argv = strings(argvPtr, budget);
        if (argv.failed()) return argv.negative();
        Result<List<String>> envp = strings(envpPtr, budget);
        if (envp.failed()) return envp.negative();
        Context ctx = Context.current();
        Process p = ctx.process();
        Exec.Prepared prepared;
        try {
            prepared = Exec.prepare(ns, p.cwd(), path.value(), argv.value(), envp.value(), frames, facts.get());
        } catch (LoadException e) {
            return e.errno().negative();
        }
        AddressSpace old = p.replaceImage(prepared.space(), prepared.exe(), prepared.argv());
        old.removeTlbListener(ctx.tlb());
        prepared.space().addTlbListener(ctx.tlb());
        X86Cpu cpu = ctx.cpu();
        cpu.resetState();
        cpu.setCr3(prepared.space().cr3());
        cpu.setRip(prepared.image().entry());
        cpu.setReg(X86Cpu.RSP, prepared.image().stackPointer());
        ctx.setPersonality(prepared.image().personality());
        ctx.setClearChildTid(0);
        p.files().closeOnExec();
        p.dispositions().resetHandlers();
        old.destroy();
        p.releaseVfork();
        return 0;
    }

    /** A NULL-terminated array of string pointers (NULL itself is an empty list, as Linux allows). */
    private static Result<List<String>> strings(long array, int[] budget) {
        List<String> out = new ArrayList<>();
        if (array == 0) return Result.ok(out);
        for (int i = 0; ; i++) {
            long[] ptr = UserAccess.getLongs(array + 8L * i, 1);
            if (ptr == null) return Result.err(Errno.EFAULT);
            if (ptr[0] == 0) return Result.ok(out);
            Result<String> s = UserAccess.string(ptr[0], Math.min(budget[0], 1 << 17));
            if (s.failed()) return s.errno() == Errno.ENAMETOOLONG.number() ? Result.err(Errno.E2BIG) : s.cast();
            budget[0] -= s.value().length() + 1 + 8;
            if (budget[0] < 0) return Result.err(Errno.E2BIG);
            out.add(s.value());
        }
    }

    // ---- wait4 -----------------------------------------------------------------------------

    private static boolean matches(Process child, int pid, Process me) {
        if (pid > 0) return child.pid() == pid;
        if (pid == -1) return true;
        if (pid == 0) return child.pgid() == me.pgid();
        return child.pgid() == -pid;
    }

    /** What a wait found: the child and how it changed — ended, stopped (its signal) or continued. */
    private record Change(Process child, Termination end, int stopSignal) {}

    /**
     * The wait loop wait4 and waitid share: the first matching child that ended (when
     * {@code exits}), stopped (WUNTRACED) or continued (WCONTINUED); an ended one is reaped
     * when {@code reap}. Returns 0 with the change in out[0], 1 for WNOHANG and nothing yet,
     * or -errno (ECHILD, EINTR).
     */
    private long waitChild(int pid, long options, boolean exits, boolean reap, Change[] out) {
        Context ctx = Context.current();
        Process me = ctx.process();
        synchronized (me) {
            while (true) {
                boolean any = false;
                for (Process c : me.children()) {
                    if (!matches(c, pid, me)) continue;
                    any = true;
                    Termination t = c.termination();
                    if (t == null) {
                        int stopSig = (options & WUNTRACED) != 0 ? c.takeStopReport(reap) : 0;
                        if (stopSig != 0) {
                            out[0] = new Change(c, null, stopSig);
                            return 0;
                        }
                        if ((options & WCONTINUED) != 0 && c.takeContinueReport(reap)) {
                            out[0] = new Change(c, null, 0);
                            return 0;
                        }
                        continue;
                    }
                    if (!exits) continue;
                    if (reap) {
                        me.children().remove(c);
                        processes.remove(c.pid());
                    }
                    out[0] = new Change(c, t, 0);
                    return 0;
                }
                if (!any) return Errno.ECHILD.negative();
                if ((options & WNOHANG) != 0) return 1;
                try {
                    me.wait(50);
                } catch (InterruptedException e) {
                    return Errno.EINTR.negative();
                }
                if (ctx.finished() || ctx.pending() != 0) return Errno.EINTR.negative();
            }
        }
    }

    private long wait4(int pid, long statusPtr, long options, long rusage) {
        if ((options & ~WAIT_KNOWN) != 0) return Errno.EINVAL.negative();
        Change[] out = new Change[1];
        long r = waitChild(pid, options, true, true, out);
        if (r != 0) return r == 1 ? 0 : r;
        Change ch = out[0];
        Termination t = ch.end();
        int status = t != null ? (t.bySignal() ? t.signal() & 0x7f : (t.code() & 0xff) << 8)
                : ch.stopSignal() != 0 ? (ch.stopSignal() << 8) | 0x7f : 0xffff;
        if (statusPtr != 0 && !UserAccess.put(statusPtr,
                new byte[] {(byte) status, (byte) (status >> 8), (byte) (status >> 16), (byte) (status >> 24)})) {
            return Errno.EFAULT.negative();
        }
        if (rusage != 0 && !UserAccess.put(rusage, new byte[144])) return Errno.EFAULT.negative();
        return ch.child().pid();
    }

    static final int P_ALL = 0, P_PID = 1, P_PGID = 2, WEXITED = 4, WNOWAIT = 0x1000000;
    static final int CLD_EXITED = 1, CLD_KILLED = 2, CLD_STOPPED = 5, CLD_CONTINUED = 6;

    /** waitid: the child's fate as siginfo (CLD_EXITED / CLD_KILLED); WNOWAIT leaves it waitable. */
    private long waitid(int idtype, int id, long infop, long options, long rusage) {
        if ((options & ~(WNOHANG | WUNTRACED | WEXITED | WCONTINUED | WNOWAIT | 0x20000000L | 0x40000000L | 0x80000000L)) != 0
                || (options & (WEXITED | WUNTRACED | WCONTINUED)) == 0) {
            return Errno.EINVAL.negative();
        }
        int pid = switch (idtype) {
            case P_ALL -> -1;
            case P_PID -> id > 0 ? id : Integer.MIN_VALUE;
            case P_PGID -> id > 0 ? -id : id == 0 ? 0 : Integer.MIN_VALUE;
            default -> Integer.MIN_VALUE;
        };
        if (pid == Integer.MIN_VALUE) return Errno.EINVAL.negative();
        Change[] out = new Change[1];
        long r = waitChild(pid, options, (options & WEXITED) != 0, (options & WNOWAIT) == 0, out);
        if (r < 0) return r;
        if (r == 1) return infop == 0 || UserAccess.put(infop, new byte[128]) ? 0 : Errno.EFAULT.negative();
        Change ch = out[0];
        Termination t = ch.end();
        int code = t != null ? (t.bySignal() ? CLD_KILLED : CLD_EXITED) : ch.stopSignal() != 0 ? CLD_STOPPED : CLD_CONTINUED;
        int status = t != null ? (t.bySignal() ? t.signal() : t.code()) : ch.stopSignal() != 0 ? ch.stopSignal() : Signals.SIGCONT;
        java.nio.ByteBuffer si = java.nio.ByteBuffer.allocate(128).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        si.putInt(0, Signals.SIGCHLD).putInt(8, code).putInt(16, ch.child().pid()).putInt(20, 0).putInt(24, status);
        if (infop != 0 && !UserAccess.put(infop, si.array())) return Errno.EFAULT.negative();
        if (rusage != 0 && !UserAccess.put(rusage, new byte[144])) return Errno.EFAULT.negative();
        return 0;
    }

    // ---- signals to processes --------------------------------------------------------------

    private long kill(int pid, int sig) {
        if (sig < 0 || sig > Signals.NSIG) return Errno.EINVAL.negative();
        Process me = Context.current().process();
        List<Process> targets = new ArrayList<>();
        for (Process p : processes.all()) {
            if (p.zombie() && pid != p.pid()) continue;
            boolean hit = pid > 0 ? p.pid() == pid
                    : pid == 0 ? p.pgid() == me.pgid()
                    : pid == -1 ? p.pid() != 1 && p != me
                    : p.pgid() == -pid;
            if (hit) targets.add(p);
        }
        if (targets.isEmpty()) return Errno.ESRCH.negative();
        if (sig == 0) return 0;
        for (Process p : targets) if (!p.zombie()) Delivery.send(p, null, sig, spawner);
        return 0;
    }

    private long setpgid(int pid, int pgid) {
        Process me = Context.current().process();
        if (pgid < 0) return Errno.EINVAL.negative();
        Process target = pid == 0 ? me : processes.get(pid);
        if (target == null || (target != me && target.ppid() != me.pid())) return Errno.ESRCH.negative();
        if (target.sid() != me.sid()) return Errno.EPERM.negative();
        if (target.sid() == target.pid()) return Errno.EPERM.negative(); // a session leader
        int group = pgid == 0 ? target.pid() : pgid;
        if (group != target.pid()) {
            boolean exists = false;
            for (Process p : processes.all()) if (p.pgid() == group && p.sid() == me.sid()) exists = true;
            if (!exists) return Errno.EPERM.negative();
        }
        target.setPgid(group);
        return 0;
    }

    /** Fresh AT_RANDOM bytes for each exec. */
    static byte[] random() {
        byte[] b = new byte[16];
        io.helctic.kernel.scheme.HostRandom.fill(b);
        return b;
    }
}
