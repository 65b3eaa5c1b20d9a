package io.helctic.kernel.syscall;

import static io.helctic.abi.uapi.Proc.CAP_SYS_ADMIN;
import static io.helctic.abi.uapi.Proc.CAP_SYS_NICE;
import static io.helctic.abi.uapi.Proc.RLIMIT_NICE;
import static io.helctic.abi.uapi.Proc.RLIMIT_RTPRIO;
import static io.helctic.abi.uapi.Sched.*;

import io.helctic.abi.Errno;
import io.helctic.kernel.context.Context;
import io.helctic.kernel.context.Credentials;
import io.helctic.kernel.context.Process;
import io.helctic.kernel.context.ProcessTable;
import io.helctic.kernel.context.Scheduling;
import io.helctic.kernel.host.HostSched;
import io.helctic.kernel.scheme.HostFs;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Scheduling: nice values (getpriority, setpriority), policies and their parameters
 * (sched_setscheduler, sched_setparam, sched_setattr and their getters, sched_rr_get_interval), CPU
 * affinity and getcpu, and io priorities (ioprio_set, ioprio_get).
 *
 * <p>A guest thread runs on one host thread for its whole life, so the kernel applies what it
 * allows to that host thread (by its host tid, {@link HostSched}): the host's scheduler then really
 * runs the guest thread at that nice value, policy, CPU mask and io priority. Every permission is the
 * kernel's decision with the guest's credentials and limits (kernel/sched/syscalls.c, kernel/sys.c,
 * block/ioprio.c); the host is asked only to do it. What the host alone knows — a deadline task's
 * admission (EBUSY), the util clamps it may lack (EOPNOTSUPP), the CPUs it has — is the host's
 * answer. Values are read back from the kernel's record ({@link Scheduling}), the CPU mask and a
 * fair task's slice from the host. Should the host refuse (an unprivileged host process) what the
 * kernel allowed, the kernel keeps its record of the guest's value all the same.
 */
final class SchedOps {
    /** The largest real-time priority (MAX_RT_PRIO - 1). */
    static final int MAX_RT_PRIO = 99;
    static final int MIN_NICE = -20, MAX_NICE = 19;
    /** sysctl_sched_dl_period_min/max, in microseconds: Linux's defaults. */
    static final long DL_PERIOD_MIN_US = 100, DL_PERIOD_MAX_US = 1L << 22;
    /** SCHED_FLAG_SUGOV: the cpufreq governor's own, never a user's. */
    static final long SCHED_FLAG_SUGOV = 0x10000000L;
    static final long DL_FLAGS = SCHED_FLAG_RECLAIM | SCHED_FLAG_DL_OVERRUN | SCHED_FLAG_SUGOV;
    static final int PAGE_SIZE = 4096;

    private final ProcessTable processes;

    SchedOps(ProcessTable processes) {
        this.processes = processes;
        Context.schedulingFromHost(SchedOps::fill);
    }

    // ---- a thread's start --------------------------------------------------------------------

    /**
     * On the host thread that will run ctx, before its first instruction: the host tid is taken
     * (from /proc, no host call), and a record the guest set is applied to it. A thread whose
     * scheduling was never set keeps its host thread's, read from the host when first asked
     * ({@link #fill}): a program that never asks never pays for the host calls' linking.
     */
    static void started(Context ctx) {
        // the host's gettid once the host calls are linked (a fork's child: /proc/thread-self's
        // link, read through NIO, cost ~5 % of a fork-and-wait loop's guest thread), the link before
        int tid = !HostFs.possible() ? 0 : HostFs.linked() ? HostSched.gettid() : HostSched.currentTid();
        if (tid <= 0) { // no host calls: the kernel's record only
            if (ctx.scheduling() == null) ctx.setScheduling(Scheduling.DEFAULT);
            ctx.setHostTid(0);
            return;
        }
        ctx.setHostTid(tid);
        if (ctx.scheduling() == null) return;
        apply(tid, ctx.scheduling(), true);
        if (ctx.ioprio() != 0) HostSched.setIoprio(tid, ctx.ioprio());
    }

    /** A thread's record when the guest never set one: its host thread's policy, priority, nice, flags and io priority. */
    static void fill(Context c) {
        int tid = c.awaitHostTid();
        Scheduling s = tid > 0 ? fromHost(tid) : Scheduling.DEFAULT;
        if (tid > 0 && c.ioprio() == 0) c.setIoprio(Math.max(HostSched.ioprio(tid), 0));
        synchronized (c) {
            if (c.scheduling() == null) c.setScheduling(s);
        }
    }

    /** An exited leader's mask when no host call was ever made: the one every thread starts with (read when asked). */
    private static final byte[] STARTING_MASK = new byte[0];

    /** copy_io: a child keeps its parent's io priority when its class is a valid one (RT, BE, IDLE). */
    static int inheritedIoprio(Context parent) {
        int p = parent.ioprio(), cls = (p >> IOPRIO_CLASS_SHIFT) & 7;
        return cls >= IOPRIO_CLASS_RT && cls <= IOPRIO_CLASS_IDLE ? p : 0;
    }

    /**
     * The host thread is about to end: its tid is no longer the guest thread's. A leader stays
     * findable by its pid, with its last CPU mask, until its process is reaped (as Linux's task).
     */
    static void ended(Context ctx) {
        if (ctx.tid() == ctx.process().pid()) {
            int tid = ctx.hostTid();
            // a thread of a program that never made a host call still has the mask it started with
            if (tid > 0) ctx.setLastAffinity(HostFs.linked() ? HostSched.affinity(tid) : STARTING_MASK);
            ctx.setIoprio(0); // exit_io_context: an exited task has none (IOPRIO_DEFAULT), and setting one keeps none
            ctx.process().leaderExited(ctx);
        }
        ctx.setHostTid(0);
    }

    /** What the host thread of a first guest thread has: its policy, priority, nice and flags. */
    private static Scheduling fromHost(int tid) {
        byte[] a = HostSched.getattr(tid);
        if (a == null) return Scheduling.DEFAULT;
        ByteBuffer b = ByteBuffer.wrap(a).order(ByteOrder.LITTLE_ENDIAN);
        int policy = b.getInt(4);
        long flags = b.getLong(8);
        boolean dl = policy == SCHED_DEADLINE;
        return new Scheduling(policy, b.getInt(20), dl || !fairPolicy(policy) ? Math.max(MIN_NICE, HostSched.nice(tid)) : b.getInt(16),
                (flags & SCHED_FLAG_RESET_ON_FORK) != 0, dl ? b.getLong(24) : 0, dl ? b.getLong(32) : 0,
                dl ? b.getLong(40) : 0, dl ? flags & DL_FLAGS : 0);
    }

    /**
     * The record onto the host thread: the policy with its parameters (sched_setattr), and the nice
     * value (which a real-time or deadline policy keeps aside). Answers the host's error, if any.
     */
    private static int apply(int tid, Scheduling s, boolean nice) {
        byte[] attr = attr(s, 0, 0, 0);
        if (s.fair()) { // the slice the host thread has (its creator's, as fork keeps a custom one)
            byte[] h = HostSched.getattr(tid);
            if (h != null) System.arraycopy(h, 24, attr, 24, 8);
        }
        int r = HostSched.setattr(tid, attr);
        if (r < 0) return r;
        if (nice && !s.fair()) HostSched.setNice(tid, s.nice());
        return 0;
    }

    /** A struct sched_attr (SCHED_ATTR_SIZE_VER1 bytes) for the record, plus these flags and clamps. */
    private static byte[] attr(Scheduling s, long extraFlags, int utilMin, int utilMax) {
        ByteBuffer b = ByteBuffer.allocate(SCHED_ATTR_SIZE_VER1).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0, SCHED_ATTR_SIZE_VER1).putInt(4, s.policy());
        b.putLong(8, (s.resetOnFork() ? SCHED_FLAG_RESET_ON_FORK : 0) | s.dlFlags() | extraFlags);
        b.putInt(16, s.nice()).putInt(20, s.priority());
        b.putLong(24, s.runtime()).putLong(32, s.deadline()).putLong(40, s.period());
        b.putInt(48, utilMin).putInt(52, utilMax);
        return b.array();
    }

    private static boolean fairPolicy(int policy) {
        return policy == SCHED_OTHER || policy == SCHED_BATCH || policy == SCHED_IDLE;
    }

    // ---- finding threads ---------------------------------------------------------------------

    /** The thread a scheduling call names: 0 the caller, else a live tid; null when none. */
    private Context target(long pid) {
        if (pid == 0) return Context.current();
        if (pid < 0 || pid > Integer.MAX_VALUE) return null;
        return thread((int) pid);
    }

    /** The thread with this tid: a live one, or an exited leader not yet reaped (find_task_by_vpid); null when none. */
    private Context thread(int tid) {
        for (Process q : processes.all()) {
            for (Context c : q.threads()) if (c.tid() == tid && !c.finished()) return c;
        }
        Process p = processes.get(tid);
        return p != null ? p.exitedLeader() : null;
    }

    /** The threads (live ones, and an exited leader not yet reaped) of the processes that match (a group, a real uid). */
    private List<Context> threadsWhere(java.util.function.Predicate<Process> which) {
        List<Context> out = new ArrayList<>();
        for (Process p : processes.all()) {
            if (!which.test(p)) continue;
            Context leader = p.exitedLeader();
            if (leader != null) out.add(leader);
            for (Context c : p.threads()) if (!c.finished() && c != leader) out.add(c);
        }
        return out;
    }

    private static Credentials creds(Context c) {
        return c.process().credentials();
    }

    private static Credentials me() {
        return Context.current().process().credentials();
    }

    /** check_same_owner: the caller's euid is the target's euid or uid. */
    private static boolean sameOwner(Context target) {
        Credentials m = me(), t = creds(target);
        return m.euid() == t.euid() || m.euid() == t.ruid();
    }

    /** The target's soft limit (unsigned), compared as Linux's rlimit with a nice value's 20 - nice. */
    private static boolean withinLimit(Context target, int resource, long value) {
        return Long.compareUnsigned(value, target.process().limit(resource)[0]) <= 0;
    }

    /** can_nice / is_nice_reduction's limit half: RLIMIT_NICE allows 20 - nice. */
    private static boolean niceAllowed(Context target, int nice) {
        return withinLimit(target, RLIMIT_NICE, 20 - nice);
    }

    /** A host refusal the guest must not see: the host process is not privileged, the kernel allowed it. */
    private static boolean hostUnprivileged(int r) {
        return (r == Errno.EPERM.negative() || r == Errno.EACCES.negative()) && !HostSched.privileged();
    }

    // ---- nice values -------------------------------------------------------------------------

    /** The threads a PRIO_* (which, who) names; null for EINVAL. */
    private List<Context> priorityTargets(long which, long whoArg) {
        int who = (int) whoArg;
        Context me = Context.current();
        switch ((int) which) {
            case PRIO_PROCESS -> {
                Context c = target(who);
                return c == null ? List.of() : List.of(c);
            }
            case PRIO_PGRP -> {
                int g = who == 0 ? me.process().pgid() : who;
                return threadsWhere(p -> p.pgid() == g);
            }
            case PRIO_USER -> {
                int u = who == 0 ? me.process().uid() : who;
                return threadsWhere(p -> p.uid() == u);
            }
            default -> {
                return null;
            }
        }
    }

    /** getpriority as the syscall answers: 20 - nice of the highest-priority thread named (1..40). */
    long getpriority(long which, long who) {
        List<Context> t = priorityTargets(which, who);
        if (t == null) return Errno.EINVAL.negative();
        if (t.isEmpty()) return Errno.ESRCH.negative();
        int best = MAX_NICE;
        for (Context c : t) best = Math.min(best, c.schedulingResolved().nice());
        return 20 - best;
    }

    /**
     * setpriority (set_one_prio for each thread named): the nice value clamped to -20..19; another
     * user's thread needs CAP_SYS_NICE (EPERM), a lower nice RLIMIT_NICE or CAP_SYS_NICE (EACCES);
     * every thread is tried, and the last error stays.
     */
    long setpriority(long which, long who, long prioArg) {
        List<Context> t = priorityTargets(which, who);
        if (t == null) return Errno.EINVAL.negative();
        int nice = (int) Math.max(MIN_NICE, Math.min(MAX_NICE, (int) prioArg));
        long error = Errno.ESRCH.negative();
        boolean nicer = me().capable(CAP_SYS_NICE);
        for (Context c : t) {
            if (!sameOwnerOrUid(c) && !nicer) {
                error = Errno.EPERM.negative();
                continue;
            }
            if (nice < c.schedulingResolved().nice() && !niceAllowed(c, nice) && !nicer) {
                error = Errno.EACCES.negative();
                continue;
            }
            if (error == Errno.ESRCH.negative()) error = 0;
            setNice(c, nice);
        }
        return error;
    }

    /** set_one_prio_perm: the target's uid or euid is the caller's euid. */
    private static boolean sameOwnerOrUid(Context target) {
        Credentials m = me(), t = creds(target);
        return t.ruid() == m.euid() || t.euid() == m.euid();
    }

    private static void setNice(Context c, int nice) {
        synchronized (c) {
            c.setScheduling(c.schedulingResolved().withNice(nice));
            int tid = c.awaitHostTid();
            if (tid > 0) HostSched.setNice(tid, nice); // a refusal leaves the guest's value in the record
        }
    }

    // ---- policies ----------------------------------------------------------------------------

    long schedGetscheduler(long pidArg) {
        int pid = (int) pidArg;
        if (pid < 0) return Errno.EINVAL.negative();
        Context c = target(pid);
        if (c == null) return Errno.ESRCH.negative();
        Scheduling s = c.schedulingResolved();
        return s.policy() | (s.resetOnFork() ? SCHED_RESET_ON_FORK : 0);
    }

    long schedGetparam(long pidArg, long param) {
        int pid = (int) pidArg;
        if (param == 0 || pid < 0) return Errno.EINVAL.negative();
        Context c = target(pid);
        if (c == null) return Errno.ESRCH.negative();
        Scheduling s = c.schedulingResolved();
        int p = s.realtime() ? s.priority() : 0;
        return UserAccess.put(param, le32(p)) ? 0 : Errno.EFAULT.negative();
    }

    /**
     * sched_setscheduler (policy -1: sched_setparam, the thread's own policy) with an int priority
     * at param; SCHED_RESET_ON_FORK in the policy sets the flag.
     */
    long schedSetscheduler(long pidArg, long policyArg, long param) {
        int pid = (int) pidArg, policy = (int) policyArg;
        boolean setparam = policyArg == -1;
        if (!setparam && policy < 0) return Errno.EINVAL.negative();
        if (param == 0 || pid < 0) return Errno.EINVAL.negative();
        byte[] b = UserAccess.get(param, 4);
        if (b == null) return Errno.EFAULT.negative();
        Context c = target(pid);
        if (c == null) return Errno.ESRCH.negative();
        long flags = 0;
        if (!setparam && (policy & SCHED_RESET_ON_FORK) != 0) {
            flags = SCHED_FLAG_RESET_ON_FORK;
            policy &= ~SCHED_RESET_ON_FORK;
        }
        synchronized (c) {
            Scheduling cur = c.schedulingResolved();
            Attr a = new Attr(setparam ? -1 : policy, flags, cur.nice(), Integer.toUnsignedLong(le32(b, 0)), 0, 0, 0, 0, 0);
            return setscheduler(c, a);
        }
    }

    /** A struct sched_attr as the calls give it (policy -1: keep the thread's). */
    record Attr(int policy, long flags, int nice, long priority, long runtime, long deadline, long period,
                int utilMin, int utilMax) {}

    /** __checkparam_dl: a deadline, runtime at least 1024 ns, runtime <= deadline <= period, a period in range. */
    private static boolean dlParamsValid(Attr a) {
        if ((a.flags() & SCHED_FLAG_SUGOV) != 0) return true;
        if (a.deadline() == 0 || Long.compareUnsigned(a.runtime(), 1 << 10) < 0) return false;
        if (a.deadline() < 0 || a.period() < 0) return false;
        long period = a.period() == 0 ? a.deadline() : a.period();
        if (Long.compareUnsigned(period, a.deadline()) < 0 || Long.compareUnsigned(a.deadline(), a.runtime()) < 0) {
            return false;
        }
        return period >= DL_PERIOD_MIN_US * 1000 && period <= DL_PERIOD_MAX_US * 1000;
    }

    /**
     * __sched_setscheduler for a user's call: validation (EINVAL), user_check_sched_setscheduler with
     * the caller's credentials and the target's limits (EPERM), then the host applies it (its
     * admission control, util clamp support and CPUs answer EBUSY, EOPNOTSUPP, EPERM as Linux's do),
     * and the kernel's record takes the new attributes. Called holding c.
     */
    private long setscheduler(Context c, Attr a) {
        Scheduling cur = c.schedulingResolved();
        int policy = a.policy();
        boolean reset;
        if (policy < 0) {
            reset = cur.resetOnFork();
            policy = cur.policy();
        } else {
            reset = (a.flags() & SCHED_FLAG_RESET_ON_FORK) != 0;
            if (!validPolicy(policy)) return Errno.EINVAL.negative();
        }
        if ((a.flags() & ~(SCHED_FLAG_ALL | SCHED_FLAG_SUGOV)) != 0) return Errno.EINVAL.negative();
        if (Long.compareUnsigned(a.priority(), MAX_RT_PRIO) > 0) return Errno.EINVAL.negative();
        boolean rt = policy == SCHED_FIFO || policy == SCHED_RR, dl = policy == SCHED_DEADLINE;
        if (dl && !dlParamsValid(a) || rt != (a.priority() != 0)) return Errno.EINVAL.negative();
        long perm = userCheck(c, cur, a, policy, reset);
        if (perm != 0) return perm;
        if ((a.flags() & SCHED_FLAG_SUGOV) != 0) return Errno.EINVAL.negative();
        int prio = (int) a.priority();
        // __setparam_dl: a period of 0 is the deadline; KEEP_PARAMS changes only reset-on-fork (and the clamps)
        Scheduling next = (a.flags() & SCHED_FLAG_KEEP_PARAMS) != 0
                ? new Scheduling(cur.policy(), cur.priority(), cur.nice(), reset, cur.runtime(), cur.deadline(),
                        cur.period(), cur.dlFlags())
                : new Scheduling(policy, rt ? prio : 0, fairPolicy(policy) ? a.nice() : cur.nice(), reset,
                        dl ? a.runtime() : 0, dl ? a.deadline() : 0, dl ? (a.period() == 0 ? a.deadline() : a.period()) : 0,
                        dl ? a.flags() & DL_FLAGS : 0);
        int tid = c.awaitHostTid();
        if (tid > 0) {
            long clampFlags = a.flags() & SCHED_FLAG_UTIL_CLAMP;
            byte[] hostAttr = attr(next, clampFlags | a.flags() & SCHED_FLAG_KEEP_PARAMS, a.utilMin(), a.utilMax());
            if (fairPolicy(next.policy())) ByteBuffer.wrap(hostAttr).order(ByteOrder.LITTLE_ENDIAN).putLong(24, a.runtime());
            int r = HostSched.setattr(tid, hostAttr);
            if (r < 0 && !hostUnprivileged(r)) return r;
            if (r == 0 && !fairPolicy(policy) && next.nice() != cur.nice()) HostSched.setNice(tid, next.nice());
        } else if ((a.flags() & SCHED_FLAG_UTIL_CLAMP) != 0) {
            return Errno.EOPNOTSUPP.negative(); // no host to keep the clamps
        }
        c.setScheduling(next);
        return 0;
    }

    private static boolean validPolicy(int p) {
        return p == SCHED_OTHER || p == SCHED_FIFO || p == SCHED_RR || p == SCHED_BATCH || p == SCHED_IDLE
                || p == SCHED_DEADLINE;
    }

    /** user_check_sched_setscheduler: what needs CAP_SYS_NICE (EPERM without it). */
    private static long userCheck(Context c, Scheduling cur, Attr a, int policy, boolean reset) {
        boolean privileged = false;
        if (fairPolicy(policy) && a.nice() < cur.nice() && !niceAllowed(c, a.nice())) privileged = true;
        if (policy == SCHED_FIFO || policy == SCHED_RR) {
            long rlim = c.process().limit(RLIMIT_RTPRIO)[0];
            if (policy != cur.policy() && rlim == 0) privileged = true;
            if (Long.compareUnsigned(a.priority(), cur.priority()) > 0 && Long.compareUnsigned(a.priority(), rlim) > 0) {
                privileged = true;
            }
        }
        if (policy == SCHED_DEADLINE) privileged = true;
        if (cur.policy() == SCHED_IDLE && policy != SCHED_IDLE && !niceAllowed(c, cur.nice())) privileged = true;
        if (!sameOwner(c)) privileged = true;
        if (cur.resetOnFork() && !reset) privileged = true;
        return privileged && !me().capable(CAP_SYS_NICE) ? Errno.EPERM.negative() : 0;
    }

    /**
     * sched_setattr: a struct sched_attr of its own size (0: the first version's 48 bytes; up to a page,
     * bytes past the 56 this kernel knows must be zero, else E2BIG with 56 written to its size), the
     * keep-policy and keep-params flags, the rest as sched_setscheduler.
     */
    long schedSetattr(long pidArg, long uattr, long flagsArg) {
        int pid = (int) pidArg;
        if (uattr == 0 || pid < 0 || (int) flagsArg != 0) return Errno.EINVAL.negative();
        byte[] sz = UserAccess.get(uattr, 4);
        if (sz == null) return Errno.EFAULT.negative();
        long size = Integer.toUnsignedLong(le32(sz, 0));
        if (size == 0) size = SCHED_ATTR_SIZE_VER0;
        if (size < SCHED_ATTR_SIZE_VER0 || size > PAGE_SIZE) return e2big(uattr);
        byte[] raw = UserAccess.get(uattr, (int) size);
        if (raw == null) return Errno.EFAULT.negative();
        for (int i = SCHED_ATTR_SIZE_VER1; i < raw.length; i++) if (raw[i] != 0) return e2big(uattr);
        ByteBuffer b = ByteBuffer.wrap(java.util.Arrays.copyOf(raw, SCHED_ATTR_SIZE_VER1)).order(ByteOrder.LITTLE_ENDIAN);
        long flags = b.getLong(8);
        if ((flags & SCHED_FLAG_UTIL_CLAMP) != 0 && size < SCHED_ATTR_SIZE_VER1) return Errno.EINVAL.negative();
        int nice = Math.max(MIN_NICE, Math.min(MAX_NICE, b.getInt(16)));
        int policy = b.getInt(4);
        if (policy < 0) return Errno.EINVAL.negative();
        if ((flags & SCHED_FLAG_KEEP_POLICY) != 0) policy = -1;
        Context c = target(pid);
        if (c == null) return Errno.ESRCH.negative();
        synchronized (c) {
            long prio = Integer.toUnsignedLong(b.getInt(20));
            long runtime = b.getLong(24), deadline = b.getLong(32), period = b.getLong(40);
            if ((flags & SCHED_FLAG_KEEP_PARAMS) != 0) { // get_params
                Scheduling s = c.schedulingResolved();
                if (s.deadlineTask()) {
                    prio = s.priority();
                    runtime = s.runtime();
                    deadline = s.deadline();
                    period = s.period();
                    flags = flags & ~DL_FLAGS | s.dlFlags();
                } else if (s.realtime()) {
                    prio = s.priority();
                } else {
                    nice = s.nice();
                    runtime = hostSlice(c);
                }
            }
            return setscheduler(c, new Attr(policy, flags, nice, prio, runtime, deadline, period, b.getInt(48), b.getInt(52)));
        }
    }

    private static long e2big(long uattr) {
        UserAccess.put(uattr, le32(SCHED_ATTR_SIZE_VER1));
        return Errno.E2BIG.negative();
    }

    /** A fair thread's slice: the host's (sched_getattr's runtime), 0 without a host. */
    private static long hostSlice(Context c) {
        int tid = c.awaitHostTid();
        byte[] h = tid > 0 ? HostSched.getattr(tid) : null;
        return h == null ? 0 : ByteBuffer.wrap(h).order(ByteOrder.LITTLE_ENDIAN).getLong(24);
    }

    /**
     * sched_getattr: the thread's policy, reset-on-fork and its parameters (a deadline task's, a
     * real-time priority, or a fair task's nice and slice) and util clamps, in usize bytes (at least
     * the first version's 48; what is past 56 zeroed), size set to what was written.
     */
    long schedGetattr(long pidArg, long uattr, long usizeArg, long flagsArg) {
        int pid = (int) pidArg;
        long usize = Integer.toUnsignedLong((int) usizeArg);
        if (uattr == 0 || pid < 0 || usize > PAGE_SIZE || usize < SCHED_ATTR_SIZE_VER0 || (int) flagsArg != 0) {
            return Errno.EINVAL.negative();
        }
        Context c = target(pid);
        if (c == null) return Errno.ESRCH.negative();
        Scheduling s = c.schedulingResolved();
        int tid = c.awaitHostTid();
        byte[] host = tid > 0 ? HostSched.getattr(tid) : null;
        ByteBuffer h = host == null ? null : ByteBuffer.wrap(host).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer b = ByteBuffer.allocate((int) Math.max(usize, SCHED_ATTR_SIZE_VER1)).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0, (int) Math.min(usize, SCHED_ATTR_SIZE_VER1)).putInt(4, s.policy());
        long flags = s.resetOnFork() ? SCHED_FLAG_RESET_ON_FORK : 0;
        if (s.deadlineTask()) {
            b.putInt(20, s.priority()).putLong(24, s.runtime()).putLong(32, s.deadline()).putLong(40, s.period());
            flags |= s.dlFlags();
        } else if (s.realtime()) {
            b.putInt(20, s.priority());
        } else {
            b.putInt(16, s.nice()).putLong(24, h == null ? 0 : h.getLong(24));
        }
        b.putLong(8, flags & SCHED_FLAG_ALL);
        if (h != null) b.putInt(48, h.getInt(48)).putInt(52, h.getInt(52));
        byte[] out = java.util.Arrays.copyOf(b.array(), (int) usize);
        return UserAccess.put(uattr, out) ? 0 : Errno.EFAULT.negative();
    }

    /**
     * sched_rr_get_interval: the thread's time slice as the host's scheduler gives its host thread
     * (SCHED_RR's round-robin slice, 0 for FIFO and deadline, a fair thread's slice in jiffies).
     */
    long schedRrGetInterval(long pidArg, long tp) {
        int pid = (int) pidArg;
        if (pid < 0) return Errno.EINVAL.negative();
        Context c = target(pid);
        if (c == null) return Errno.ESRCH.negative();
        int tid = c.awaitHostTid();
        long ns = tid > 0 ? HostSched.rrInterval(tid) : Errno.ENOSYS.negative();
        if (ns < 0) return ns;
        return UserAccess.putLongs(tp, ns / 1_000_000_000L, ns % 1_000_000_000L) ? 0 : Errno.EFAULT.negative();
    }

    // ---- CPUs --------------------------------------------------------------------------------

    /** The host's cpumask size in bytes (what sched_getaffinity answers with a large buffer). */
    private static int cpumaskSize() {
        byte[] m = HostSched.affinity(0);
        return m == null ? 8 : m.length;
    }

    /**
     * sched_getaffinity: the host thread's CPU mask, as many bytes as the host's cpumask (at most
     * len, which must hold nr_cpu_ids bits and be a multiple of 8); returns the bytes written.
     */
    long schedGetaffinity(long pidArg, long sizeArg, long mask) {
        int pid = (int) pidArg;
        long len = Integer.toUnsignedLong((int) sizeArg);
        if (len * 8 < nrCpuIds()) return Errno.EINVAL.negative();
        if ((len & 7) != 0) return Errno.EINVAL.negative();
        Context c = target(pid);
        if (c == null) return Errno.ESRCH.negative();
        int tid = c.awaitHostTid();
        byte[] last = c.lastAffinity();
        byte[] m = tid > 0 ? HostSched.affinity(tid) : last != null && last != STARTING_MASK ? last : HostSched.affinity(0);
        if (m == null) return Errno.ESRCH.negative();
        int n = (int) Math.min(len, m.length);
        return UserAccess.put(mask, java.util.Arrays.copyOf(m, n)) ? n : Errno.EFAULT.negative();
    }

    /** nr_cpu_ids: one more than the highest possible CPU (/sys/devices/system/cpu/possible), else the CPUs the JVM sees. */
    private static int nrCpuIds() {
        try {
            String s = java.nio.file.Files.readString(java.nio.file.Path.of("/sys/devices/system/cpu/possible")).trim();
            int dash = Math.max(s.lastIndexOf('-'), s.lastIndexOf(','));
            return Integer.parseInt(s.substring(dash + 1)) + 1;
        } catch (java.io.IOException | RuntimeException e) {
            return Runtime.getRuntime().availableProcessors();
        }
    }

    /**
     * sched_setaffinity: the mask (len bytes, at most the host's cpumask size read) is applied to
     * the thread's host thread; another user's thread needs CAP_SYS_NICE; a mask without an allowed
     * CPU is the host's EINVAL.
     */
    long schedSetaffinity(long pidArg, long sizeArg, long mask) {
        int pid = (int) pidArg;
        long len = Integer.toUnsignedLong((int) sizeArg);
        int size = cpumaskSize();
        byte[] m = new byte[size];
        if (len > 0) {
            byte[] got = UserAccess.get(mask, (int) Math.min(len, size));
            if (got == null) return Errno.EFAULT.negative();
            System.arraycopy(got, 0, m, 0, got.length);
        }
        Context c = target(pid);
        if (c == null) return Errno.ESRCH.negative();
        if (!sameOwner(c) && !me().capable(CAP_SYS_NICE)) return Errno.EPERM.negative();
        int tid = c.awaitHostTid();
        if (tid <= 0) { // an exited leader: no host thread runs it any more; its mask is only recorded
            byte[] last = c.lastAffinity();
            if (last == null) return Errno.ESRCH.negative();
            c.setLastAffinity(java.util.Arrays.copyOf(m, last == STARTING_MASK ? m.length : last.length));
            return 0;
        }
        int r = HostSched.setAffinity(tid, m);
        return r < 0 && !hostUnprivileged(r) ? r : 0;
    }

    /** getcpu: the host CPU the calling thread's host thread runs on, and that CPU's NUMA node. */
    long getcpu(long cpu, long node) {
        long r = HostSched.cpuAndNode();
        if (r < 0) return r;
        if (cpu != 0 && !UserAccess.put(cpu, le32((int) r))) return Errno.EFAULT.negative();
        if (node != 0 && !UserAccess.put(node, le32((int) (r >>> 32)))) return Errno.EFAULT.negative();
        return 0;
    }

    // ---- io priorities -----------------------------------------------------------------------

    /** ioprio_check_cap: a valid class and level; the real-time class needs CAP_SYS_ADMIN or CAP_SYS_NICE. */
    private static long ioprioCheck(int ioprio) {
        int cls = (ioprio >> IOPRIO_CLASS_SHIFT) & 7, level = ioprio & 7;
        switch (cls) {
            case IOPRIO_CLASS_RT -> {
                if (!me().capable(CAP_SYS_ADMIN) && !me().capable(CAP_SYS_NICE)) return Errno.EPERM.negative();
            }
            case IOPRIO_CLASS_BE, IOPRIO_CLASS_IDLE -> { }
            case IOPRIO_CLASS_NONE -> {
                if (level != 0) return Errno.EINVAL.negative();
            }
            default -> {
                return Errno.EINVAL.negative();
            }
        }
        return 0;
    }

    /** The threads an IOPRIO_WHO_* (which, who) names; null for EINVAL. */
    private List<Context> ioprioTargets(int which, int who) {
        Context me = Context.current();
        return switch (which) {
            case IOPRIO_WHO_PROCESS -> {
                Context c = target(who);
                yield c == null ? List.of() : List.of(c);
            }
            case IOPRIO_WHO_PGRP -> {
                int g = who == 0 ? me.process().pgid() : who;
                yield threadsWhere(p -> p.pgid() == g);
            }
            case IOPRIO_WHO_USER -> {
                int u = who == 0 ? me.process().uid() : who;
                yield who == -1 ? List.of() : threadsWhere(p -> p.uid() == u);
            }
            default -> null;
        };
    }

    /**
     * ioprio_set: checked (EINVAL, EPERM), then set on each thread named until one refuses (another
     * user's thread without CAP_SYS_NICE: EPERM); applied to each one's host thread.
     */
    long ioprioSet(long whichArg, long whoArg, long ioprioArg) {
        int ioprio = (int) ioprioArg;
        long r = ioprioCheck(ioprio);
        if (r != 0) return r;
        List<Context> t = ioprioTargets((int) whichArg, (int) whoArg);
        if (t == null) return Errno.EINVAL.negative();
        long ret = Errno.ESRCH.negative();
        Credentials m = me();
        for (Context c : t) {
            Credentials tc = creds(c);
            if (tc.ruid() != m.euid() && tc.ruid() != m.ruid() && !m.capable(CAP_SYS_NICE)) return Errno.EPERM.negative();
            int value = ioprio & 0xffff; // io_context's ioprio is an unsigned short
            ret = 0;
            if (c.finished()) continue; // an exited leader: set_task_ioprio gives it no io context, and succeeds
            c.setIoprio(value);
            int tid = c.awaitHostTid();
            if (tid > 0) HostSched.setIoprio(tid, value);
        }
        return ret;
    }

    /**
     * ioprio_get: a thread's own value as set (IOPRIO_WHO_PROCESS); for a group or a user the best
     * (lowest) of their effective ones, where a thread without one has its nice value's: the class of
     * its policy (IDLE, RT, else BE) and level (nice + 20) / 5.
     */
    long ioprioGet(long whichArg, long whoArg) {
        int which = (int) whichArg;
        List<Context> t = ioprioTargets(which, (int) whoArg);
        if (t == null) return Errno.EINVAL.negative();
        if (t.isEmpty()) return Errno.ESRCH.negative();
        if (which == IOPRIO_WHO_PROCESS) {
            Context c = t.get(0);
            c.schedulingResolved(); // a thread never set takes its host thread's io priority with its scheduling
            return c.ioprio();
        }
        int best = Integer.MAX_VALUE;
        for (Context c : t) best = Math.min(best, effectiveIoprio(c));
        return best;
    }

    private static int effectiveIoprio(Context c) {
        Scheduling s = c.schedulingResolved();
        int p = c.ioprio();
        if (((p >> IOPRIO_CLASS_SHIFT) & 7) != IOPRIO_CLASS_NONE) return p;
        int cls = s.policy() == SCHED_IDLE ? IOPRIO_CLASS_IDLE : s.realtime() || s.deadlineTask() ? IOPRIO_CLASS_RT
                : IOPRIO_CLASS_BE;
        return cls << IOPRIO_CLASS_SHIFT | (s.nice() + 20) / 5;
    }

    // ---- bytes -------------------------------------------------------------------------------

    private static byte[] le32(int v) {
        return new byte[] {(byte) v, (byte) (v >> 8), (byte) (v >> 16), (byte) (v >> 24)};
    }

    private static int le32(byte[] b, int at) {
        return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8 | (b[at + 2] & 0xff) << 16 | b[at + 3] << 24;
    }
}
