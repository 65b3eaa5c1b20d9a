package io.helctic.kernel.syscall;

import static io.helctic.abi.uapi.Fcntl.AT_EMPTY_PATH;
import static io.helctic.abi.uapi.Fcntl.AT_FDCWD;
import static io.helctic.abi.uapi.Fcntl.AT_SYMLINK_NOFOLLOW;
import static io.helctic.abi.uapi.Sched.*;
import static io.helctic.abi.uapi.Signal.*;
import static io.helctic.abi.uapi.Wait.*;

import io.helctic.abi.Conventions;
import io.helctic.abi.Errno;
import io.helctic.abi.KernelCode;
import io.helctic.abi.Personality;
import io.helctic.abi.PersonalityId;
import io.helctic.kernel.arch.Arch;
import io.helctic.kernel.arch.GuestCpu;
import io.helctic.kernel.context.Context;
import io.helctic.kernel.context.FileTable;
import io.helctic.kernel.context.Process;
import io.helctic.kernel.context.ProcessTable;
import io.helctic.kernel.context.Spawner;
import io.helctic.kernel.context.Termination;
import io.helctic.kernel.loader.ElfLoader;
import io.helctic.kernel.loader.Exec;
import io.helctic.kernel.loader.LoadException;
import io.helctic.kernel.memory.AddressSpace;
import io.helctic.kernel.memory.FrameAllocator;
import io.helctic.kernel.scheme.Handle;
import io.helctic.kernel.vfs.Namespace;
import io.helctic.kernel.vfs.Result;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** Processes come and go: clone (fork, vfork), execve, wait4, kill, process groups and sessions. */
final class LifecycleOps {
    /** Flags a fork-like clone may carry. */
    static final long FORK_FLAGS = CSIGNAL | CLONE_VM | CLONE_VFORK | CLONE_SETTLS | CLONE_PARENT_SETTID
            | CLONE_CHILD_CLEARTID | CLONE_CHILD_SETTID | CLONE_DETACHED | CLONE_SYSVSEM;
    static final long WAIT_KNOWN = WNOHANG | WUNTRACED | WCONTINUED | __WNOTHREAD | __WALL | __WCLONE;
    /**
     * The most bytes of argv and envp (strings and their pointers) execve takes: 2 MiB, Linux's
     * bound (a quarter of the stack limit) under the default 8 MiB stack limit.
     */
    static final int ARG_MAX = 2 << 20;

    private final Personality layer;
    private final Arch arch;
    private final ProcessTable processes;
    private final Spawner spawner;
    private final Namespace ns;
    private final FrameAllocator frames;
    private final Supplier<ElfLoader.AuxFacts> facts;
    private final ThreadOps threads;

    LifecycleOps(Personality layer, Arch arch, ProcessTable processes, Spawner spawner, Namespace ns, FrameAllocator frames,
                 Supplier<ElfLoader.AuxFacts> facts, ThreadOps threads) {
        this.layer = layer;
        this.arch = arch;
        this.threads = threads;
        this.processes = processes;
        this.spawner = spawner;
        this.ns = ns;
        this.frames = frames;
        this.facts = facts;
    }

    /** tgkill; tgid -1 is tkill's: the thread tid of whichever process has it. */
    long tgkill(long tgid, long tid, long sig) {
        if (sig < 0 || sig > NSIG || (tgid <= 0 && tgid != -1) || tid <= 0) return Errno.EINVAL.negative();
        for (Process p : tgid == -1 ? processes.all() : java.util.Collections.singletonList(processes.get((int) tgid))) {
            if (p == null || p.zombie()) continue;
            for (Context c : p.threads()) {
                if (c.tid() == tid) {
                    if (!mayKill(p, (int) sig)) return Errno.EPERM.negative();
                    if (sig != 0) Delivery.send(p, c, Delivery.sent((int) sig, SI_TKILL), spawner);
                    return 0;
                }
            }
        }
        return Errno.ESRCH.negative();
    }

    /**
     * rt_sigqueueinfo (tid 0) and rt_tgsigqueueinfo: queues a signal with the siginfo the caller
     * wrote. Only to itself may a process claim a kernel's or kill's si_code (0 and up, or SI_TKILL).
     */
    long sigqueue(long tgid, long tid, long sig, long uinfo) {
        if (tid != 0 && (tid <= 0 || tgid <= 0)) return Errno.EINVAL.negative();
        byte[] raw = UserAccess.get(uinfo, SIGINFO_SIZE);
        if (raw == null) return Errno.EFAULT.negative();
        int code = java.nio.ByteBuffer.wrap(raw).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt(8);
        Context me = Context.current();
        int target = (int) (tid != 0 ? tid : tgid);
        int self = tid != 0 ? me.tid() : me.pid();
        if ((code >= 0 || code == SI_TKILL) && target != self) return Errno.EPERM.negative();
        if (sig < 0 || sig > NSIG) return Errno.EINVAL.negative();
        Process p = processes.get((int) tgid);
        if (p == null || p.zombie()) return Errno.ESRCH.negative();
        Context thread = null;
        if (tid != 0) {
            for (Context c : p.threads()) if (c.tid() == tid) thread = c;
            if (thread == null) return Errno.ESRCH.negative();
        }
        if (!mayKill(p, (int) sig)) return Errno.EPERM.negative();
        if (sig == 0) return 0;
        return Delivery.send(p, thread, io.helctic.kernel.arch.SignalInfo.fromUser((int) sig, raw), spawner)
                ? 0 : Errno.EAGAIN.negative();
    }

    // ---- pidfds -------------------------------------------------------------------------------

    /** pidfd_open: a descriptor for process pid (a thread group leader), close-on-exec; PIDFD_NONBLOCK. */
    long pidfdOpen(long pid, long flags) {
        if ((flags & ~(long) PIDFD_NONBLOCK) != 0 || pid <= 0 || pid > Integer.MAX_VALUE) return Errno.EINVAL.negative();
        Process p = processes.get((int) pid);
        if (p == null) {
            for (Process q : processes.all()) for (Context c : q.threads()) if (c.tid() == pid) return Errno.EINVAL.negative();
            return Errno.ESRCH.negative();
        }
        io.helctic.kernel.scheme.PidFd fd = new io.helctic.kernel.scheme.PidFd(p, p.pid(), () -> p.termination() != null,
                p.exitWaiters(), (flags & PIDFD_NONBLOCK) != 0);
        long r = Context.current().files().install(fd, 0, true);
        if (r < 0) fd.close();
        return r;
    }

    private Process pidfdProcess(long fd, long[] error) {
        io.helctic.kernel.scheme.Handle h = Context.current().files().get(fd);
        if (h instanceof io.helctic.kernel.scheme.PidFd p) return (Process) p.process();
        error[0] = Errno.EBADF.negative();
        return null;
    }

    /**
     * The wait status of the pidfd's process once it has ended, as wait4 stores it, without reaping
     * it (a parent, or anyone, may still wait for it): EAGAIN while it runs. Any process's pidfd,
     * not only a child's, and still after the process was reaped.
     */
    long pidfdStatus(long pidfd) {
        long[] error = new long[1];
        Process p = pidfdProcess(pidfd, error);
        if (p == null) return error[0];
        Termination t = p.termination();
        return t == null ? Errno.EAGAIN.negative() : waitStatus(t);
    }

    /** A process's end as wait4's status word: the exit code in bits 8-15, or the killing signal in bits 0-6. */
    static int waitStatus(Termination t) {
        return t.bySignal() ? t.signal() & 0x7f : (t.code() & 0xff) << 8;
    }

    /** pidfd_send_signal: as kill (info NULL) or rt_sigqueueinfo (info given) to the pidfd's process. */
    long pidfdSendSignal(long pidfd, long sig, long info, long flags) {
        if (flags != 0) return Errno.EINVAL.negative();
        long[] error = new long[1];
        Process p = pidfdProcess(pidfd, error);
        if (p == null) return error[0];
        if (sig < 0 || sig > NSIG) return Errno.EINVAL.negative();
        if (p.termination() != null) return Errno.ESRCH.negative();
        if (!mayKill(p, (int) sig)) return Errno.EPERM.negative();
        if (info == 0) {
            if (sig != 0) Delivery.send(p, null, (int) sig, spawner);
            return 0;
        }
        byte[] raw = UserAccess.get(info, SIGINFO_SIZE);
        if (raw == null) return Errno.EFAULT.negative();
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(raw).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        if (b.getInt(0) != sig) return Errno.EINVAL.negative();
        int code = b.getInt(8);
        if ((code >= 0 || code == SI_TKILL) && p != Context.current().process()) return Errno.EPERM.negative();
        if (sig == 0) return 0;
        return Delivery.send(p, null, io.helctic.kernel.arch.SignalInfo.fromUser((int) sig, raw), spawner)
                ? 0 : Errno.EAGAIN.negative();
    }

    /** pidfd_getfd: a duplicate, close-on-exec, of descriptor targetfd of the pidfd's process. */
    long pidfdGetfd(long pidfd, long targetfd, long flags) {
        if (flags != 0) return Errno.EINVAL.negative();
        long[] error = new long[1];
        Process p = pidfdProcess(pidfd, error);
        if (p == null) return error[0];
        if (p.termination() != null) return Errno.ESRCH.negative();
        io.helctic.kernel.scheme.Handle h = p.files().get(targetfd);
        if (h == null) return Errno.EBADF.negative();
        return Context.current().files().install(h, 0, true);
    }

    long getpgid(long pid) {
        Process p = pid == 0 ? Context.current().process() : processes.get((int) pid);
        return p == null ? Errno.ESRCH.negative() : p.pgid();
    }

    long getsid(long pid) {
        Process p = pid == 0 ? Context.current().process() : processes.get((int) pid);
        return p == null ? Errno.ESRCH.negative() : p.sid();
    }

    long setsid() {
        Process me = Context.current().process();
        for (Process p : processes.all()) if (p.pgid() == me.pid()) return Errno.EPERM.negative();
        me.setSid(me.pid());
        me.setPgid(me.pid());
        return me.pid();
    }

    // ---- unshare ---------------------------------------------------------------------------

    /** What unshare(2) knows (check_unshare_flags). */
    static final long UNSHARE_KNOWN = CLONE_THREAD | CLONE_FS | CLONE_NEWNS | CLONE_SIGHAND | CLONE_VM | CLONE_FILES
            | CLONE_SYSVSEM | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWNET | CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWCGROUP
            | CLONE_NEWTIME;
    /** The namespaces that need CAP_SYS_ADMIN to unshare. */
    static final long UNSHARE_NAMESPACES = CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWNET | CLONE_NEWPID
            | CLONE_NEWCGROUP | CLONE_NEWTIME;

    /**
     * unshare (ksys_unshare): CLONE_NEWUTS gives the caller a copy of its UTS namespace
     * (CAP_SYS_ADMIN); CLONE_THREAD, CLONE_SIGHAND and CLONE_VM succeed only for a single-threaded
     * process (EINVAL otherwise, as Linux); CLONE_FS and CLONE_FILES have nothing to unshare in a
     * single-threaded process (a process's cwd and descriptors are never shared with another
     * process here) and answer EINVAL in a multi-threaded one, whose threads cannot have their own;
     * CLONE_SYSVSEM applies and drops a single-threaded process's SEM_UNDO adjustments (EINVAL with
     * threads). The other namespaces are not implemented: EPERM without CAP_SYS_ADMIN, then EINVAL,
     * as a Linux built without them (CLONE_NEWUSER: EINVAL).
     */
    long unshare(long flagsArg) {
        long flags = flagsArg;
        if ((flags & CLONE_NEWUSER) != 0) flags |= CLONE_THREAD | CLONE_FS;
        if ((flags & CLONE_VM) != 0) flags |= CLONE_SIGHAND;
        if ((flags & CLONE_SIGHAND) != 0) flags |= CLONE_THREAD;
        if ((flags & CLONE_NEWNS) != 0) flags |= CLONE_FS;
        if ((flags & ~UNSHARE_KNOWN) != 0) return Errno.EINVAL.negative();
        Context me = Context.current();
        Process p = me.process();
        int live = 0;
        for (Context t : p.threads()) if (!t.finished()) live++;
        boolean alone = live <= 1;
        if ((flags & (CLONE_THREAD | CLONE_SIGHAND | CLONE_VM)) != 0 && !alone) return Errno.EINVAL.negative();
        if ((flags & (CLONE_FS | CLONE_FILES | CLONE_SYSVSEM)) != 0 && !alone) return Errno.EINVAL.negative();
        if ((flags & CLONE_NEWUSER) != 0) return Errno.EINVAL.negative();
        if ((flags & UNSHARE_NAMESPACES) != 0) {
            if (!p.credentials().capable(io.helctic.abi.uapi.Proc.CAP_SYS_ADMIN)) return Errno.EPERM.negative();
            if ((flags & UNSHARE_NAMESPACES & ~CLONE_NEWUTS) != 0) return Errno.EINVAL.negative();
        }
        if ((flags & CLONE_SYSVSEM) != 0) p.ipc().undoNow(p.pid());
        if ((flags & CLONE_NEWUTS) != 0) me.setUts(me.uts().copy());
        return 0;
    }

    // ---- clone -----------------------------------------------------------------------------

    long clone(long flags, long stack, long ptid, long ctid, long tls) {
        if ((flags & CLONE_THREAD) != 0) return threads.cloneThread(flags, stack, ptid, ctid, tls);
        if ((flags & CLONE_VM) != 0 && (flags & CLONE_VFORK) == 0) return Errno.ENOSYS.negative();
        if ((flags & ~FORK_FLAGS) != 0) return Errno.EINVAL.negative();
        Context parentCtx = Context.current();
        io.helctic.kernel.context.Scheduling sched = parentCtx.scheduling(); // null: the host thread's, never set
        if (sched != null && sched.forked().deadlineTask()) return Errno.EAGAIN.negative(); // sched_fork
        Process parent = parentCtx.process();
        int pid = processes.allocatePid();
        if (pid < 0) return Errno.EAGAIN.negative(); // every id taken
        AddressSpace space = parent.space().fork();
        FileTable files = parent.files().copy();
        Process child = parent.forkChild(pid, space, files);
        GuestCpu cpu = parentCtx.cpu().forkChild(parentCtx.conventions().forkChild(), space.cr3(), stack,
                (flags & CLONE_SETTLS) != 0, tls);
        Context c = new Context(pid, cpu, child, parentCtx.personality(), parentCtx.conventions());
        child.setComm(parentCtx.comm()); // the forking thread's name
        c.setBlocked(parentCtx.blocked());
        c.setSeccomp(parentCtx.seccomp());
        c.setMemPolicy(parentCtx.memPolicy());
        c.setScheduling(sched == null ? null : sched.forked());
        c.setUts(parentCtx.uts());
        c.setIoprio(SchedOps.inheritedIoprio(parentCtx));
        space.addTlbListener(c.tlb());
        if ((flags & CLONE_CHILD_CLEARTID) != 0) c.setClearChildTid(ctid);
        byte[] tidBytes = {(byte) pid, (byte) (pid >> 8), (byte) (pid >> 16), (byte) (pid >> 24)};
        if ((flags & CLONE_PARENT_SETTID) != 0 && !UserAccess.put(ptid, tidBytes)) {
            space.destroy();
            return Errno.EFAULT.negative();
        }
        if ((flags & CLONE_CHILD_SETTID) != 0) space.write(ctid, tidBytes, 0, 4);
        processes.add(child);
        if (!spawner.start(c)) { // threads-max, or the host's own limit: no child after all
            processes.remove(child.pid());
            parent.children().remove(child);
            space.removeTlbListener(c.tlb());
            cpu.dispose();
            files.closeAll();
            child.releaseCwd();
            space.destroy();
            return Errno.EAGAIN.negative();
        }
        if ((flags & CLONE_VFORK) != 0) {
            synchronized (child) {
                while (!child.vforkReleased()) {
                    try {
                        child.wait(); // woken by its exec or its end
                    } catch (InterruptedException e) {
                        if (parentCtx.finished()) break;
                    }
                }
            }
        }
        return pid;
    }

    /** clone3(struct clone_args *, size): the same as clone, with the stack given as base and size. */
    long clone3(long args, long size) {
        if (size < CLONE_ARGS_SIZE_VER0) return Errno.EINVAL.negative();
        if (size > AddressSpace.PAGE) return Errno.E2BIG.negative();
        int n = (int) Math.min(size, CLONE_ARGS_SIZE_VER2);
        byte[] raw = UserAccess.get(args, (int) size);
        if (raw == null) return Errno.EFAULT.negative();
        for (int i = n; i < size; i++) if (raw[i] != 0) return Errno.E2BIG.negative(); // a newer struct's fields
        long[] a = new long[CLONE_ARGS_SIZE_VER2 / 8];
        for (int i = 0; i < n / 8; i++) {
            long v = 0;
            for (int k = 7; k >= 0; k--) v = (v << 8) | (raw[i * 8 + k] & 0xff);
            a[i] = v;
        }
        long flags = a[0], childTid = a[2], parentTid = a[3], exitSignal = a[4], stack = a[5], stackSize = a[6],
                tls = a[7], setTidSize = a[9];
        if ((flags & CSIGNAL) != 0 || (exitSignal & ~CSIGNAL) != 0 || exitSignal > 64) return Errno.EINVAL.negative();
        if ((flags & CLONE_THREAD) != 0 && exitSignal != 0) return Errno.EINVAL.negative();
        if ((stack == 0) != (stackSize == 0)) return Errno.EINVAL.negative();
        if ((flags & (CLONE_PIDFD | CLONE_INTO_CGROUP)) != 0 || setTidSize != 0) {
            return Errno.ENOSYS.negative(); // no pidfds, cgroups or chosen tids
        }
        long sp = stack == 0 ? 0 : stack + stackSize;
        if ((flags & CLONE_THREAD) != 0) return threads.cloneThread(flags, sp, parentTid, childTid, tls);
        return clone(flags | exitSignal, sp, parentTid, childTid, tls);
    }

    // ---- execve ----------------------------------------------------------------------------

    long execve(long pathPtr, long argvPtr, long envpPtr) {
        Result<String> path = UserAccess.path(pathPtr);
        if (path.failed()) return path.negative();
        Process p = Context.current().process();
        Exec.Prepared prepared;
        try {
            prepared = Exec.prepare(ns, p.workingDir(), path.value(), arguments(argvPtr, envpPtr), frames, facts.get());
        } catch (LoadException e) {
            return e.errno().negative();
        }
        return commit(prepared);
    }

    /**
     * execveat(dirfd, path, argv, envp, flags): path against dirfd (an absolute path ignores it),
     * AT_SYMLINK_NOFOLLOW (a last symlink: ELOOP), AT_EMPTY_PATH with an empty path (the open file
     * dirfd itself, an O_PATH or memfd descriptor included: fexecve). As Linux's bprm, the program
     * is told (AT_EXECFN, a script's interpreter) the path, or /dev/fd/N/path or /dev/fd/N when it
     * was reached through dirfd; its name (comm) is that name's last component, or for
     * AT_EMPTY_PATH the file's own name; a script reached through a close-on-exec descriptor is
     * ENOENT (its interpreter could not open /dev/fd/N).
     */
    long execveat(long dirfd, long pathPtr, long argvPtr, long envpPtr, long flagsArg) {
        int flags = (int) flagsArg, fd = (int) dirfd;
        Result<String> path = UserAccess.path(pathPtr);
        if (path.failed()) return path.negative();
        if (path.value().isEmpty() && (flags & AT_EMPTY_PATH) == 0) return Errno.ENOENT.negative();
        if ((flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH)) != 0) return Errno.EINVAL.negative();
        Exec.ArgsSource args = arguments(argvPtr, envpPtr);
        Process p = Context.current().process();
        String name = path.value();
        boolean viaFd = fd != AT_FDCWD && !name.startsWith("/");
        Exec.Naming naming = !viaFd ? new Exec.Naming(name, false, false)
                : new Exec.Naming(name.isEmpty() ? "/dev/fd/" + fd : "/dev/fd/" + fd + "/" + name, name.isEmpty(),
                                  p.files().get(fd) != null && p.files().closeOnExec(fd));
        Exec.Prepared prepared;
        try {
            if (name.isEmpty() && fd != AT_FDCWD) {
                Handle h = p.files().get(fd);
                if (h == null) return Errno.EBADF.negative();
                String exe = h.path();
                if (h.mapping() != null || h.path() == null) {
                    String dentry = h instanceof io.helctic.kernel.scheme.MemFd && exe.endsWith(" (deleted)")
                            ? exe.substring(1, exe.length() - " (deleted)".length())
                            : exe == null ? "" : exe.substring(exe.lastIndexOf('/') + 1);
                    // an open file since unlinked: /proc/PID/exe shows it as Linux's d_path does
                    if (exe != null && !(h instanceof io.helctic.kernel.scheme.MemFd) && h.stat().nlink() == 0) {
                        exe += " (deleted)";
                    }
                    prepared = Exec.prepareOpen(ns, p.workingDir(), h, exe == null ? naming.filename() : exe, dentry,
                            args, frames, facts.get(), naming);
                } else { // an O_PATH descriptor (no contents of its own) or a directory: the file it names
                    prepared = Exec.prepareAt(ns, p.workingDir(), p.workingDir(), exe, true, args, frames, facts.get(),
                            naming);
                }
            } else if (name.isEmpty()) {
                return Errno.EACCES.negative(); // AT_FDCWD itself: the working directory, never a regular file
            } else {
                Result<Namespace.Location> base = PathOps.base(dirfd);
                if (base.failed() && !name.startsWith("/")) return base.negative();
                prepared = Exec.prepareAt(ns, p.workingDir(), name.startsWith("/") ? p.workingDir() : base.value(), name,
                        (flags & AT_SYMLINK_NOFOLLOW) != 0, args, frames, facts.get(), naming);
            }
        } catch (LoadException e) {
            return e.errno().negative();
        }
        return commit(prepared);
    }

    /** The exec's point of no return: the prepared image replaces the caller's. */
    private long commit(Exec.Prepared prepared) {
        Context ctx = Context.current();
        Process p = ctx.process();
        AddressSpace old = p.replaceImage(prepared.space(), prepared.exe(), prepared.argv(), prepared.comm());
        ctx.inheritComm(null);
        old.removeTlbListener(ctx.tlb());
        prepared.space().addTlbListener(ctx.tlb());
        ctx.cpu().startProgram(prepared.space().cr3(), prepared.image().entry(), prepared.image().stackPointer(),
                prepared.image().firstArgument());
        PersonalityId id = prepared.image().personality();
        Conventions conventions = layer.conventions(id, ctx.cpu().isa());
        arch.mapSignalTrampoline(prepared.space(), conventions);
        ctx.setPersonality(id, conventions);
        ctx.setClearChildTid(0);
        p.files().closeOnExec();
        p.dispositions().resetHandlers();
        p.timers().execed();
        p.ipc().execed(p.pid());
        old.destroy();
        p.releaseVfork();
        return KernelCode.EJUSTRETURN.negative(); // the registers are the new program's
    }

    /**
     * argv and envp, read from the caller's memory when the loader asks (once the file is found
     * and checked, see {@link Exec.ArgsSource}), within ARG_MAX together.
     */
    private static Exec.ArgsSource arguments(long argvPtr, long envpPtr) {
        return () -> {
            int[] budget = {ARG_MAX};
            Result<List<String>> argv = strings(argvPtr, budget);
            if (argv.failed()) throw argumentsFailed(argv.negative());
            Result<List<String>> envp = strings(envpPtr, budget);
            if (envp.failed()) throw argumentsFailed(envp.negative());
            return new Exec.Args(argv.value(), envp.value());
        };
    }

    private static LoadException argumentsFailed(long negativeErrno) {
        Errno e = Errno.of(-negativeErrno);
        return new LoadException(LoadException.CANNOT_EXECUTE, e.name(), e);
    }

    /**
     * A waited-for child's struct rusage as wait4 and waitid give it (Linux's RUSAGE_BOTH): its CPU
     * times, peaks and minor faults with its own waited-for children's.
     */
    private static byte[] childUsage(Process child) {
        return TimerOps.rusage(child.cpuTimesWithChildren(), child.peakResidentPagesWithChildren(), child.minorFaultsWithChildren());
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
     * or -errno (ECHILD), or ERESTARTSYS when a signal interrupts the wait.
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
                        me.addChildTimes(c);
                    }
                    out[0] = new Change(c, t, 0);
                    return 0;
                }
                if (!any) return Errno.ECHILD.negative();
                if ((options & WNOHANG) != 0) return 1;
                // as Linux's do_wait: the children are looked at again after every wake-up, and only
                // then does a signal the thread can take end the wait (a child that is ready wins)
                if (ctx.finished() || (ctx.pending() & ~ctx.blocked()) != 0) return KernelCode.ERESTARTSYS.negative();
                try {
                    me.wait(); // woken by a child's change (Scheduler, Delivery) or a signal (interrupt)
                } catch (InterruptedException e) {
                    // looked at again above
                }
            }
        }
    }

    long wait4(long pidArg, long statusPtr, long options, long rusage) {
        int pid = (int) pidArg;
        if ((options & ~WAIT_KNOWN) != 0) return Errno.EINVAL.negative();
        Change[] out = new Change[1];
        long r = waitChild(pid, options, true, true, out);
        if (r != 0) return r == 1 ? 0 : r;
        Change ch = out[0];
        Termination t = ch.end();
        int status = t != null ? waitStatus(t)
                : ch.stopSignal() != 0 ? (ch.stopSignal() << 8) | 0x7f : 0xffff;
        if (statusPtr != 0 && !UserAccess.put(statusPtr,
                new byte[] {(byte) status, (byte) (status >> 8), (byte) (status >> 16), (byte) (status >> 24)})) {
            return Errno.EFAULT.negative();
        }
        if (rusage != 0 && !UserAccess.put(rusage, childUsage(ch.child()))) return Errno.EFAULT.negative();
        return ch.child().pid();
    }

    /** waitid: the child's fate as siginfo (CLD_EXITED / CLD_KILLED); WNOWAIT leaves it waitable. */
    long waitid(long idtypeArg, long idArg, long infop, long options, long rusage) {
        int idtype = (int) idtypeArg, id = (int) idArg;
        if ((options & ~(WNOHANG | WUNTRACED | WEXITED | WCONTINUED | WNOWAIT | __WNOTHREAD | __WALL | __WCLONE)) != 0
                || (options & (WEXITED | WUNTRACED | WCONTINUED)) == 0) {
            return Errno.EINVAL.negative();
        }
        int pid = switch (idtype) {
            case P_ALL -> -1;
            case P_PID -> id > 0 ? id : Integer.MIN_VALUE;
            case P_PGID -> id > 0 ? -id : id == 0 ? 0 : Integer.MIN_VALUE;
            case P_PIDFD -> {
                long[] error = new long[1];
                Process p = pidfdProcess(id, error);
                if (p == null) yield Integer.MIN_VALUE + 1;
                yield p.ppid() == Context.current().pid() ? p.pid() : Integer.MIN_VALUE + 2;
            }
            default -> Integer.MIN_VALUE;
        };
        if (pid == Integer.MIN_VALUE) return Errno.EINVAL.negative();
        if (pid == Integer.MIN_VALUE + 1) return Errno.EBADF.negative();
        if (pid == Integer.MIN_VALUE + 2) return Errno.ECHILD.negative();
        Change[] out = new Change[1];
        long r = waitChild(pid, options, (options & WEXITED) != 0, (options & WNOWAIT) == 0, out);
        if (r < 0) return r;
        if (r == 1) return infop == 0 || UserAccess.put(infop, new byte[128]) ? 0 : Errno.EFAULT.negative();
        Change ch = out[0];
        Termination t = ch.end();
        int code = t != null ? (t.bySignal() ? CLD_KILLED : CLD_EXITED) : ch.stopSignal() != 0 ? CLD_STOPPED : CLD_CONTINUED;
        int status = t != null ? (t.bySignal() ? t.signal() : t.code()) : ch.stopSignal() != 0 ? ch.stopSignal() : SIGCONT;
        java.nio.ByteBuffer si = java.nio.ByteBuffer.allocate(128).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        si.putInt(0, SIGCHLD).putInt(8, code).putInt(16, ch.child().pid()).putInt(20, 0).putInt(24, status);
        if (infop != 0 && !UserAccess.put(infop, si.array())) return Errno.EFAULT.negative();
        if (rusage != 0 && !UserAccess.put(rusage, childUsage(ch.child()))) return Errno.EFAULT.negative();
        return 0;
    }

    // ---- signals to processes --------------------------------------------------------------

    long kill(long pidArg, long sigArg) {
        int pid = (int) pidArg, sig = (int) sigArg;
        if (sig < 0 || sig > NSIG) return Errno.EINVAL.negative();
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
        // Linux: to one process, EPERM when it may not be signalled; to a group, EPERM when none may;
        // to every process (-1), 0 even when none may
        boolean any = false;
        for (Process p : targets) {
            if (!mayKill(p, sig)) continue;
            any = true;
            if (sig != 0 && !p.zombie()) Delivery.send(p, null, sig, spawner);
        }
        return any || pid == -1 ? 0 : Errno.EPERM.negative();
    }

    /**
     * Linux's check_kill_permission: a process may signal itself, a process whose real or saved
     * uid is its real or effective uid, any with CAP_KILL, and with SIGCONT any of its session.
     */
    static boolean mayKill(Process target, int sig) {
        Process me = Context.current().process();
        if (target == me) return true;
        io.helctic.kernel.context.Credentials s = me.credentials(), t = target.credentials();
        if (s.euid() == t.suid() || s.euid() == t.ruid() || s.ruid() == t.suid() || s.ruid() == t.ruid()) return true;
        if (s.capable(io.helctic.abi.uapi.Proc.CAP_KILL)) return true;
        return sig == SIGCONT && target.sid() == me.sid();
    }

    long setpgid(long pidArg, long pgidArg) {
        int pid = (int) pidArg, pgid = (int) pgidArg;
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
