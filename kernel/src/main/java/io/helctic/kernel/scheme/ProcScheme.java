package io.helctic.kernel.scheme;

import static io.helctic.abi.uapi.Fcntl.*;
import static io.helctic.abi.uapi.Mman.*;

import io.helctic.abi.Errno;
import io.helctic.kernel.context.Context;
import io.helctic.kernel.context.Process;
import io.helctic.kernel.context.ProcessTable;
import io.helctic.kernel.memory.Grant;
import io.helctic.kernel.vfs.Namespace;
import io.helctic.kernel.vfs.PathScheme;
import io.helctic.kernel.vfs.Result;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The proc: scheme mounted at /proc, generated from the kernel's own state. "root" links
 * to the guest's "/", so /proc/self/root leads nowhere outside the guest root.
 */
public final class ProcScheme extends PathScheme {
    private static final long DEV = 0x16;
    private static final long PAGE = io.helctic.kernel.memory.AddressSpace.PAGE;
    private static final String[] TOP = {"self", "meminfo", "uptime", "mounts", "version", "cpuinfo", "filesystems", "loadavg",
            "stat", "vmstat", "cgroups", "swaps"};

    /** The reader's node or domain name, as proc_do_uts_string prints it: up to its first NUL, and a newline. */
    private static String utsName(boolean host) {
        io.helctic.kernel.context.UtsNamespace u = Context.CURRENT.isBound() ? Context.current().uts()
                : new io.helctic.kernel.context.UtsNamespace();
        byte[] f = host ? u.nodename() : u.domainname();
        int n = 0;
        while (n < f.length && f[n] != 0) n++;
        return new String(f, 0, n, java.nio.charset.StandardCharsets.ISO_8859_1) + "\n";
    }

    private static final String[] PER_PID = {"exe", "cwd", "root", "fd", "cmdline", "comm", "maps", "stat", "statm", "status", "mounts",
        "net", "environ", "auxv", "limits", "cgroup", "mountinfo", "fdinfo", "task"};
    /** A thread's directory (/proc/PID/task/TID): the process's files but its list of threads. */
    private static final String[] PER_TID = java.util.Arrays.copyOf(PER_PID, PER_PID.length - 1);

    private final ProcessTable processes;
    private final Namespace namespace;
    private final LongSupplier memTotal, memUsed;
    /** The kernel's network: /proc/net's sockets (null: /proc/net lists the host's files only). */
    private final io.helctic.kernel.net.Network network;
    private final long boot = System.nanoTime();
    /**
     * /proc/sys: each file by its path below sys/, and what it reads — the limits and facts this
     * kernel itself enforces or answers (none is the host's, but for the socket limits the guest's
     * sockets follow); every prefix of a path is a directory. Read-only: none can be written.
     */
    private final java.util.Map<String, java.util.function.Supplier<String>> sys = new java.util.TreeMap<>();
    private final java.util.Set<String> sysDirs = new java.util.TreeSet<>();
    /** kernel/random/boot_id: made at its first read, the same for the rest of this kernel's life. */
    private volatile String bootId;
    private final long bootWall = System.currentTimeMillis() * 1_000_000L;

    /** The CPUs /proc/cpuinfo describes (null: only their numbers) and /proc/stat counts. */
    private final io.helctic.kernel.arch.Arch arch;
    private final int cpus = Runtime.getRuntime().availableProcessors();

    public ProcScheme(ProcessTable processes, Namespace namespace, LongSupplier memTotal, LongSupplier memUsed) {
        this(processes, namespace, memTotal, memUsed, null, null);
    }

    public ProcScheme(ProcessTable processes, Namespace namespace, LongSupplier memTotal, LongSupplier memUsed,
                      io.helctic.kernel.net.Network network, io.helctic.kernel.arch.Arch arch) {
        this.processes = processes;
        this.namespace = namespace;
        this.memTotal = memTotal;
        this.memUsed = memUsed;
        this.network = network;
        this.arch = arch;
        sysctls();
    }

    private void sysctl(String path, java.util.function.Supplier<String> value) {
        sys.put(path, value);
        for (int i = path.indexOf('/'); i > 0; i = path.indexOf('/', i + 1)) sysDirs.add(path.substring(0, i));
    }

    private void sysctl(String path, long value) {
        String text = Long.toUnsignedString(value);
        sysctl(path, () -> text);
    }

    private void sysctls() {
        sysctl("fs/aio-max-nr", () -> Long.toString(processes.aio().maxNr()));
        sysctl("fs/aio-nr", () -> Long.toString(processes.aio().nr()));
        sysctl("fs/mqueue/msg_default", io.helctic.abi.uapi.Ipc.MQ_MSG_DEFAULT);
        sysctl("fs/mqueue/msg_max", io.helctic.abi.uapi.Ipc.MQ_MSG_MAX);
        sysctl("fs/mqueue/msgsize_default", io.helctic.abi.uapi.Ipc.MQ_MSGSIZE_DEFAULT);
        sysctl("fs/mqueue/msgsize_max", io.helctic.abi.uapi.Ipc.MQ_MSGSIZE_MAX);
        sysctl("fs/mqueue/queues_max", io.helctic.abi.uapi.Ipc.MQ_QUEUES_MAX);
        sysctl("fs/nr_open", io.helctic.kernel.context.FileTable.MAX_FDS); // the most RLIMIT_NOFILE may be
        sysctl("fs/pipe-max-size", Pipe.MAX_SIZE);
        sysctl("kernel/cap_last_cap", io.helctic.abi.uapi.Proc.CAP_LAST_CAP);
        sysctl("kernel/domainname", () -> utsName(false).stripTrailing());
        sysctl("kernel/hostname", () -> utsName(true).stripTrailing());
        sysctl("kernel/msgmax", io.helctic.abi.uapi.Ipc.MSGMAX);
        sysctl("kernel/msgmnb", io.helctic.abi.uapi.Ipc.MSGMNB);
        sysctl("kernel/msgmni", io.helctic.abi.uapi.Ipc.MSGMNI);
        sysctl("kernel/ngroups_max", io.helctic.abi.uapi.Proc.NGROUPS_MAX);
        sysctl("kernel/osrelease", () -> io.helctic.kernel.context.UtsNamespace.RELEASE);
        sysctl("kernel/ostype", () -> io.helctic.kernel.context.UtsNamespace.SYSNAME);
        sysctl("kernel/pid_max", ProcessTable.PID_MAX);
        sysctl("kernel/random/boot_id", this::bootId);
        sysctl("kernel/random/uuid", ProcScheme::uuid);
        sysctl("kernel/randomize_va_space", 0); // every mapping, the stack and a PIE's base are placed at fixed addresses
        sysctl("kernel/sem", () -> io.helctic.abi.uapi.Ipc.SEMMSL + "\t" + io.helctic.abi.uapi.Ipc.SEMMNS + "\t"
                + io.helctic.abi.uapi.Ipc.SEMOPM + "\t" + io.helctic.abi.uapi.Ipc.SEMMNI);
        sysctl("kernel/shmall", io.helctic.abi.uapi.Ipc.SHMALL);
        sysctl("kernel/shmmax", io.helctic.abi.uapi.Ipc.SHMMAX);
        sysctl("kernel/shmmni", io.helctic.abi.uapi.Ipc.SHMMNI);
        sysctl("kernel/version", () -> io.helctic.kernel.context.UtsNamespace.VERSION);
        if (network != null) sysctl("net/core/somaxconn", () -> Integer.toString(network.somaxconn()));
        sysctl("vm/mmap_min_addr", io.helctic.kernel.memory.AddressSpace.MMAP_MIN);
    }

    /** A random (version 4) UUID as Linux's kernel/random/uuid prints it: new at every read. */
    private static String uuid() {
        byte[] b = new byte[16];
        HostRandom.fill(b);
        b[6] = (byte) ((b[6] & 0x0f) | 0x40);
        b[8] = (byte) ((b[8] & 0x3f) | 0x80);
        StringBuilder s = new StringBuilder(36);
        for (int i = 0; i < 16; i++) {
            if (i == 4 || i == 6 || i == 8 || i == 10) s.append('-');
            s.append(Character.forDigit((b[i] >> 4) & 15, 16)).append(Character.forDigit(b[i] & 15, 16));
        }
        return s.toString();
    }

    private String bootId() {
        String id = bootId;
        if (id == null) {
            synchronized (this) {
                if (bootId == null) bootId = uuid();
                id = bootId;
            }
        }
        return id;
    }

    /** Clock ticks (USER_HZ, 100 a second) in {@code nanos}. */
    private static long ticks(long nanos) {
        return nanos / 10_000_000L;
    }

    /**
     * /proc/stat as Linux writes it. The CPU lines hold the kernel's processes' CPU time (user and
     * system, as getrusage counts it, ended processes included) and the rest of every CPU's time
     * since boot as idle; Helctic does not know which CPU a thread ran on, so each cpuN line holds
     * an equal share. It counts neither interrupts nor context switches (intr, ctxt, softirq: 0)
     * nor blocked threads; processes counts every pid and tid given since boot (Linux's forks).
     */
    private String stat() {
        long up = System.nanoTime() - boot;
        long[] t = processes.cpuTimes();
        long user = ticks(t[1]), system = ticks(t[0] - t[1]);
        long idle = Math.max(0, ticks(up) * cpus - user - system);
        StringBuilder s = new StringBuilder();
        s.append("cpu ");
        cpuLine(s, user, system, idle);
        for (int i = 0; i < cpus; i++) {
            s.append("cpu").append(i);
            cpuLine(s, share(user, i), share(system, i), share(idle, i));
        }
        s.append("intr 0\nctxt 0\nbtime ").append(bootWall / 1_000_000_000L).append('\n')
         .append("processes ").append(processes.lastPid()).append('\n')
         .append("procs_running ").append(Math.max(1, processes.load().running())).append('\n')
         .append("procs_blocked 0\nsoftirq 0 0 0 0 0 0 0 0 0 0 0\n");
        return s.toString();
    }

    /** CPU i's share of a total: equal parts, the remainder to the first CPUs. */
    private long share(long total, int i) {
        return total / cpus + (i < total % cpus ? 1 : 0);
    }

    private static void cpuLine(StringBuilder s, long user, long system, long idle) {
        // user nice system idle iowait irq softirq steal guest guest_nice
        s.append(' ').append(user).append(" 0 ").append(system).append(' ').append(idle).append(" 0 0 0 0 0 0\n");
    }

    /** /proc/cpuinfo: a stanza per CPU, from the architecture (the emulated CPU's CPUID). */
    private String cpuinfo() {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < cpus; i++) s.append(arch != null ? arch.cpuinfo(i, cpus) : "processor\t: " + i + "\n\n");
        return s.toString();
    }

    /** "net/NAME" (or a process's "PID/net/NAME", the same files): NAME, or null. */
    private static String netFile(String rel) {
        if (!rel.startsWith("net/")) return null;
        String name = rel.substring(4);
        return io.helctic.kernel.net.ProcNet.FILES.contains(name) ? name : null;
    }

    @Override
    public String name() { return "proc"; }

    private enum Kind { DIR, FILE, LINK }

    private Handle.Stat stat(String rel, Kind k) {
        long ino = (rel.hashCode() & 0x7fffffffL) + 2;
        int perm = switch (k) {
            case DIR -> 0555;
            case FILE -> 0444;
            case LINK -> 0777;
        };
        int uid = 0, gid = 0;
        PidPath pp = k == Kind.LINK && rel.equals("self") ? null : pidPath(rel);
        if (pp != null) { // a process's files are its own (Linux's task_dump_owner: the effective ids)
            io.helctic.kernel.context.Credentials c = pp.process().credentials();
            uid = c.euid();
            gid = c.egid();
            String name = pp.rest().substring(pp.rest().lastIndexOf('/') + 1);
            if (k == Kind.FILE && (name.equals("environ") || name.equals("auxv"))) perm = 0400;
            else if (k == Kind.DIR && (name.equals("fd") || name.equals("fdinfo") || name.equals("fdfile"))) {
                perm = 0500; // only the owner follows its links
            }
            else if (k == Kind.FILE && name.equals("comm")) perm = 0644;
        }
        int type = switch (k) {
            case DIR -> Handle.S_IFDIR;
            case FILE -> Handle.S_IFREG;
            case LINK -> Handle.S_IFLNK;
        };
        return new Handle.Stat(DEV, ino, k == Kind.DIR ? 2 : 1, type | perm, uid, gid, 0, 0, 1024, 0, bootWall, bootWall,
                bootWall);
    }

    private static int currentPid() {
        return Context.CURRENT.isBound() ? Context.current().pid() : 1;
    }

    /**
     * rel split into a process, the thread it names (null: the process as a whole) and the rest
     * within its directory. /proc/TID of a thread that is not a leader exists (unlisted, as on
     * Linux) and shows that thread; /proc/PID/task/TID is the thread's own directory.
     */
    private record PidPath(Process process, Context thread, String rest, boolean taskDir) {
        /** The thread whose own files (comm, status's Pid, stat's pid) these are: the leader's for the process. */
        int tid() { return thread != null ? thread.tid() : process.pid(); }
    }

    private PidPath pidPath(String rel) {
        int slash = rel.indexOf('/');
        String head = slash < 0 ? rel : rel.substring(0, slash);
        int id = number(head);
        if (id < 0) return null;
        String rest = slash < 0 ? "" : rel.substring(slash + 1);
        Process p = processes.get(id);
        Context thread = null;
        if (p == null) { // a thread's id, not a leader's
            thread = threadOf(id);
            if (thread == null) return null;
            p = thread.process();
        }
        if (thread == null && (rest.equals("task") || rest.startsWith("task/"))) {
            if (rest.equals("task")) return new PidPath(p, null, rest, false);
            int s2 = rest.indexOf('/', 5);
            int tid = number(s2 < 0 ? rest.substring(5) : rest.substring(5, s2));
            Context t = tid < 0 ? null : threadIn(p, tid);
            if (t == null) return null;
            return new PidPath(p, t, s2 < 0 ? "" : rest.substring(s2 + 1), true);
        }
        return new PidPath(p, thread, rest, false);
    }

    /** A decimal id of up to nine digits, or -1. */
    private static int number(String s) {
        return s.isEmpty() || s.length() > 9 || !allDigits(s) ? -1 : Integer.parseInt(s);
    }

    private static Context threadIn(Process p, int tid) {
        for (Context c : p.threads()) if (c.tid() == tid) return c;
        return null;
    }

    /** The live thread with this id in any process, or null. */
    private Context threadOf(int tid) {
        for (Process p : processes.all()) {
            Context c = threadIn(p, tid);
            if (c != null) return c;
        }
        return null;
    }

    /** A loop, not a stream: /proc/self/exe is read by every static glibc program's start-up, in a cold JVM. */
    private static boolean allDigits(String s) {
        for (int i = 0; i < s.length(); i++) if (!Character.isDigit(s.charAt(i))) return false;
        return true;
    }

    private Kind kindOf(String rel) {
        if (rel.isEmpty()) return Kind.DIR;
        if (rel.equals("self")) return Kind.LINK;
        for (String t : TOP) if (t.equals(rel)) return Kind.FILE;
        if (rel.equals("sys") || rel.equals("net")) return Kind.DIR;
        if (rel.startsWith("sys/")) {
            String name = rel.substring(4);
            return sys.containsKey(name) ? Kind.FILE : sysDirs.contains(name) ? Kind.DIR : null;
        }
        if (netFile(rel) != null) return Kind.FILE;
        PidPath pp = pidPath(rel);
        if (pp == null) return null;
        String r = pp.rest();
        if (r.isEmpty() || r.equals("fd") || r.equals("fdinfo") || r.equals("fdfile") || r.equals("net")
                || r.equals("task") && !pp.taskDir()) { // (fdfile: unlisted, see followLink)
            return Kind.DIR;
        }
        if (r.startsWith("fdinfo/")) {
            String n = r.substring(7);
            if (n.isEmpty() || n.length() > 9 || !allDigits(n)) return null;
            return pp.process().files().get(Long.parseLong(n)) != null ? Kind.FILE : null;
        }
        if (netFile(r) != null) return Kind.FILE;
        if (r.equals("exe") || r.equals("cwd") || r.equals("root")) return Kind.LINK;
        if (r.startsWith("fd/")) {
            String n = r.substring(3);
            if (n.isEmpty() || n.length() > 9 || !allDigits(n)) return null;
            return pp.process().files().get(Long.parseLong(n)) != null ? Kind.LINK : null;
        }
        for (String t : pp.taskDir() ? PER_TID : PER_PID) if (t.equals(r)) return Kind.FILE; // (its directories answered above)
        return null;
    }

    @Override
    public Result<Handle.Stat> lstat(String rel) {
        if (rel.contains("/fdfile/")) {
            Handle h = fdFile(pidPath(rel));
            if (h == null) return Result.err(Errno.ENOENT);
            Handle.Stat st = h.stat();
            return st != null ? Result.ok(st) : Result.err(Errno.ENOENT);
        }
        Kind k = kindOf(rel);
        return k == null ? Result.err(Errno.ENOENT) : Result.ok(stat(rel, k));
    }

    /**
     * A descriptor's link leads to the file itself: a file with a path by that path, as readlink
     * gives it; a pipe, a socket or an anonymous inode (a target such as "pipe:[N]", no path) to
     * PID/fdfile/N, an unlisted name that stands for that descriptor's file — its stat the file's,
     * and an open of it opens the file again as Linux's does (so /dev/stdin on a pipe, and bash's
     * process substitution's /dev/fd/63, can be opened and read).
     */
    @Override
    protected Result<String> followLink(String rel) {
        PidPath pp = pidPath(rel);
        if (pp != null && pp.rest().startsWith("fd/") && kindOf(rel) == Kind.LINK) {
            Handle h = pp.process().files().get(Long.parseLong(pp.rest().substring(3)));
            if (h != null && !absolutePath(h)) return Result.ok("../fdfile/" + pp.rest().substring(3));
        }
        return readlink(rel);
    }

    private static boolean absolutePath(Handle h) {
        String p = h.path();
        return p != null && p.startsWith("/");
    }

    /** The file behind PID/fdfile/N: descriptor N's, when it has no path; else null. */
    private static Handle fdFile(PidPath pp) {
        if (pp == null || !pp.rest().startsWith("fdfile/")) return null;
        String n = pp.rest().substring(7);
        if (n.isEmpty() || n.length() > 9 || !allDigits(n)) return null;
        Handle h = pp.process().files().get(Long.parseLong(n));
        return h == null || absolutePath(h) ? null : h;
    }

    /**
     * Opens a descriptor's pathless file again (PID/fdfile/N): a pipe as Linux's fifo_open opens
     * a pipe's inode (a new description of the same pipe, counted as a reader or a writer, with
     * no wait for a partner: that is a FIFO's); a stream of the host's console the same description again;
     * a socket or an anonymous inode cannot be opened so (ENXIO, as Linux answers for a socket).
     */
    private static Result<Handle> reopen(Handle h, int flags) {
        if (h instanceof Pipe.End e) return Result.ok(e.pipe().reopen(flags));
        if (h instanceof ConsoleHandle) return Result.ok(h);
        return Result.err(Errno.ENXIO);
    }

    @Override
    protected boolean magicLink(String rel) {
        return !rel.equals("self") && kindOf(rel) == Kind.LINK; // /proc/self is an ordinary symlink
    }

    @Override
    public Result<String> readlink(String rel) {
        if (rel.equals("self")) return Result.ok(Integer.toString(currentPid()));
        PidPath pp = pidPath(rel);
        if (pp == null || kindOf(rel) != Kind.LINK) return Result.err(kindOf(rel) == null ? Errno.ENOENT : Errno.EINVAL);
        Process p = pp.process();
        return switch (pp.rest()) {
            case "exe" -> Result.ok(p.exe());
            case "cwd" -> Result.ok(p.cwd());
            case "root" -> Result.ok("/");
            default -> {
                Handle h = p.files().get(Long.parseLong(pp.rest().substring(3)));
                if (h == null) yield Result.err(Errno.ENOENT);
                String path = h.path();
                yield Result.ok(path != null ? path : "anon_inode:[" + h.getClass().getSimpleName() + "]");
            }
        };
    }

    @Override
    public Result<Handle> open(String rel, String guestPath, int flags, int mode) {
        if (rel.contains("/fdfile/")) {
            Handle h = fdFile(pidPath(rel));
            return h == null ? Result.err(Errno.ENOENT) : reopen(h, flags);
        }
        Kind k = kindOf(rel);
        if (k == null) return Result.err((flags & O_CREAT) != 0 ? Errno.EACCES : Errno.ENOENT);
        if ((flags & O_ACCMODE) != O_RDONLY) {
            PidPath pp = k == Kind.FILE ? pidPath(rel) : null;
            if (pp != null && pp.rest().equals("comm")) { // a thread's name, which its own process may set
                Context named = pp.thread() != null ? pp.thread() : threadIn(pp.process(), pp.process().pid());
                return Result.ok(new TextHandle(contents(rel).getBytes(StandardCharsets.ISO_8859_1), stat(rel, k), guestPath,
                        flags & O_ACCMODE, b -> rename(pp.process(), named, b)));
            }
            return Result.err(k == Kind.DIR ? Errno.EISDIR : Errno.EACCES);
        }
        if (k == Kind.DIR) {
            String prefix = rel.isEmpty() ? "" : rel + "/";
            return Result.ok(new ListingHandle(guestPath, stat(rel, k), entries(rel), name -> {
                Result<Handle.Stat> s = lstat(prefix + name);
                return s.failed() ? null : s.value();
            }));
        }
        if ((flags & O_DIRECTORY) != 0) return Result.err(Errno.ENOTDIR);
        return Result.ok(new TextHandle(contents(rel).getBytes(StandardCharsets.ISO_8859_1), stat(rel, k), guestPath));
    }

    /**
     * A write to a comm file (proc_pid_set_comm): the first 15 bytes up to a NUL name the thread,
     * a newline included; only a thread of the same process may, else EINVAL.
     */
    private static long rename(Process p, Context named, byte[] b) {
        Context me = Context.CURRENT.isBound() ? Context.current() : null;
        if (me == null || me.process() != p) return Errno.EINVAL.negative();
        int n = 0;
        while (n < Math.min(15, b.length) && b[n] != 0) n++;
        String name = new String(b, 0, n, StandardCharsets.ISO_8859_1);
        if (named != null) named.setComm(name);
        else p.setComm(name); // (the leader has exited: the process's name)
        return b.length;
    }

    private String[] entries(String rel) {
        List<String> out = new ArrayList<>();
        if (rel.isEmpty()) {
            out.addAll(List.of(TOP));
            out.add("sys");
            out.add("net");
            for (Process p : processes.all()) out.add(Integer.toString(p.pid()));
        } else if (rel.equals("net")) {
            out.addAll(io.helctic.kernel.net.ProcNet.FILES);
        } else if (rel.equals("sys") || rel.startsWith("sys/")) { // the table's names one level below, in order
            String prefix = rel.equals("sys") ? "" : rel.substring(4) + "/";
            java.util.Set<String> names = new java.util.TreeSet<>();
            for (String k : sys.keySet()) {
                if (!k.startsWith(prefix)) continue;
                int slash = k.indexOf('/', prefix.length());
                names.add(slash < 0 ? k.substring(prefix.length()) : k.substring(prefix.length(), slash));
            }
            out.addAll(names);
        } else {
            PidPath pp = pidPath(rel);
            if (pp != null && pp.rest().isEmpty()) out.addAll(List.of(pp.taskDir() ? PER_TID : PER_PID));
            else if (pp != null && pp.rest().equals("net")) out.addAll(io.helctic.kernel.net.ProcNet.FILES);
            else if (pp != null && pp.rest().equals("task")) {
                for (Context c : pp.process().threads()) out.add(Integer.toString(c.tid()));
            }
            else if (pp != null) { // fd/ and fdinfo/: the open descriptors
                for (int fd = 0; fd < io.helctic.kernel.context.FileTable.MAX_FDS; fd++) {
                    if (pp.process().files().get(fd) != null) out.add(Integer.toString(fd));
                }
            }
        }
        return out.toArray(String[]::new);
    }

    private String contents(String rel) {
        if (rel.startsWith("sys/")) return sys.get(rel.substring(4)).get() + "\n";
        if (netFile(rel) != null) return net(netFile(rel));
        switch (rel) {
            case "meminfo": {
                long total = memTotal.getAsLong() >> 10, used = memUsed.getAsLong() >> 10;
                return String.format("MemTotal:       %8d kB%nMemFree:        %8d kB%nMemAvailable:   %8d kB%n", total,
                        total - used, total - used);
            }
            case "uptime": { // and the CPUs' idle time, as /proc/stat counts it
                long up = System.nanoTime() - boot;
                long idle = Math.max(0, up * cpus - processes.cpuTimes()[0]);
                return String.format("%d.%02d %d.%02d%n", up / 1_000_000_000L, up / 10_000_000L % 100,
                        idle / 1_000_000_000L, idle / 10_000_000L % 100);
            }
            case "stat": return stat();
            case "vmstat": { // the free pages; no swap, and no block I/O or paging counted: those are 0
                long free = Math.max(0, memTotal.getAsLong() - memUsed.getAsLong()) / PAGE;
                return "nr_free_pages " + free + "\npgpgin 0\npgpgout 0\npswpin 0\npswpout 0\n";
            }
            case "mounts": return mounts();
            case "loadavg": {
                long[] a = processes.load().averages();
                StringBuilder l = new StringBuilder();
                for (long x : a) {
                    long v = x + (1 << 11) / 200; // Linux's rounding for two decimals
                    l.append(v >> 11).append('.').append(String.format("%02d", ((v & ((1 << 11) - 1)) * 100) >> 11)).append(' ');
                }
                int threads = 0, last = processes.lastPid();
                for (Process p : processes.all()) threads += p.threads().size();
                return l.append(processes.load().running()).append('/').append(threads).append(' ').append(last)
                        .append('\n').toString();
            }
            case "filesystems": return String.join("\n", Filesystems.lines(namespace)) + "\n";
            case "version": return "Linux version " + io.helctic.kernel.context.UtsNamespace.RELEASE + " (helctic) "
                    + io.helctic.kernel.context.UtsNamespace.VERSION + "\n";
            case "cgroups": return "#subsys_name\thierarchy\tnum_cgroups\tenabled\n"; // no controllers
            case "swaps": return "Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n"; // no swap
            case "cpuinfo": return cpuinfo();
            default: break;
        }
        PidPath pp = pidPath(rel);
        Process p = pp.process();
        if (netFile(pp.rest()) != null) return net(netFile(pp.rest()));
        String name = pp.thread() != null ? pp.thread().comm() : comm(p);
        if (pp.rest().startsWith("fdinfo/")) return fdinfo(p, Integer.parseInt(pp.rest().substring(7)));
        return switch (pp.rest()) {
            case "cmdline" -> latin1(cmdline(p));
            case "environ" -> latin1(environ(p));
            case "auxv" -> latin1(auxv(p));
            case "limits" -> limits(p);
            case "cgroup" -> "0::/\n"; // the root of a cgroup v2 hierarchy: Helctic has no control groups
            case "mountinfo" -> mountinfo();
            case "comm" -> name + "\n";
            case "maps" -> maps(p);
            case "stat" -> stat(p, pp.tid(), name);
            case "statm" -> statm(p);
            case "mounts" -> mounts();
            default -> status(p, pp.tid(), name);
        };
    }

    /**
     * /proc/PID/fdinfo/FD: the description's position (0 where it has none: a pipe, a socket), its
     * status flags as F_GETFL gives them with O_CLOEXEC for a close-on-exec descriptor, the id of
     * the mount its path lies on as mountinfo numbers them (0 for a file of no mount: a pipe, a
     * socket, an anonymous inode), and its inode. Linux's per-type lines (an eventfd's count, an
     * epoll set's targets) are not written.
     */
    private String fdinfo(Process p, int fd) {
        Handle h = p.files().get(fd);
        if (h == null) return "";
        long pos = h.seek(0, 1);
        int flags = h.statusFlags() | (p.files().closeOnExec(fd) ? O_CLOEXEC : 0);
        String path = h.path();
        int mnt = path != null && path.startsWith("/") ? mountId(namespace.mountOrder(), namespace.mountFor(path)) : 0;
        Handle.Stat st = h.stat();
        return "pos:\t" + Math.max(0, pos) + "\nflags:\t0" + Integer.toOctalString(flags) + "\nmnt_id:\t" + mnt + "\nino:\t"
                + Long.toUnsignedString(st == null ? 0 : st.ino()) + "\n";
    }

    private static String latin1(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    /** Up to len bytes of p's memory from va, as far as it can be read (Linux's access_remote_vm); none for a zombie. */
    private static byte[] memory(Process p, long va, long len) {
        if (len <= 0 || p.zombie()) return new byte[0];
        int n = (int) Math.min(len, 4L << 20);
        byte[] out = new byte[n];
        int done = 0;
        while (done < n) {
            int chunk = (int) Math.min(n - done, PAGE - ((va + done) & (PAGE - 1)));
            if (!p.space().read(va + done, out, done, chunk)) break;
            done += chunk;
        }
        return done == n ? out : java.util.Arrays.copyOf(out, done);
    }

    /**
     * /proc/PID/cmdline as Linux's get_mm_cmdline reads it: the memory exec put the arguments in;
     * when their last byte is no longer a NUL, the program has rewritten them (setproctitle), and
     * the first string from their start is the title, running on into the environment's memory.
     */
    private static byte[] cmdline(Process p) {
        if (p.zombie()) return new byte[0];
        long[] e = p.space().execStrings();
        long argStart = e[0], argEnd = e[1], envStart = e[2], envEnd = e[3];
        if (argStart >= argEnd) return new byte[0];
        if (envStart != argEnd || envEnd < envStart) envEnd = argEnd;
        byte[] last = memory(p, argEnd - 1, 1);
        if (last.length == 1 && last[0] != 0) { // get_mm_proctitle: one page at most, the NUL included
            byte[] page = memory(p, argStart, PAGE);
            int n = 0;
            while (n < page.length && page[n] != 0) n++;
            if (n < page.length) n++;
            return java.util.Arrays.copyOf(page, (int) Math.min(n, envEnd - argStart));
        }
        return memory(p, argStart, argEnd - argStart);
    }

    /** /proc/PID/environ: the memory exec put the environment strings in, as the process has it now. */
    private static byte[] environ(Process p) {
        if (p.zombie()) return new byte[0];
        long[] e = p.space().execStrings();
        return memory(p, e[2], e[3] - e[2]);
    }

    /** /proc/PID/auxv: the auxiliary vector exec gave, AT_NULL's pair included, as the native words. */
    private static byte[] auxv(Process p) {
        if (p.zombie()) return new byte[0];
        long[] a = p.space().execAuxv();
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(a.length * 8).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (long v : a) b.putLong(v);
        return b.array();
    }

    /** Linux's names and units of the resource limits, by RLIMIT_* number (fs/proc/base.c's lnames). */
    private static final String[][] LIMITS = {
        {"Max cpu time", "seconds"}, {"Max file size", "bytes"}, {"Max data size", "bytes"},
        {"Max stack size", "bytes"}, {"Max core file size", "bytes"}, {"Max resident set", "bytes"},
        {"Max processes", "processes"}, {"Max open files", "files"}, {"Max locked memory", "bytes"},
        {"Max address space", "bytes"}, {"Max file locks", "locks"}, {"Max pending signals", "signals"},
        {"Max msgqueue size", "bytes"}, {"Max nice priority", null}, {"Max realtime priority", null},
        {"Max realtime timeout", "us"}};

    /** /proc/PID/limits: the process's soft and hard limits, laid out as proc_pid_limits prints them. */
    private static String limits(Process p) {
        StringBuilder s = new StringBuilder(String.format("%-25s %-20s %-20s %-10s%n", "Limit", "Soft Limit", "Hard Limit", "Units"));
        for (int i = 0; i < LIMITS.length; i++) {
            long[] l = p.limit(i);
            s.append(String.format("%-25s %-20s %-20s ", LIMITS[i][0], limitText(l[0]), limitText(l[1])));
            s.append(LIMITS[i][1] != null ? String.format("%-10s%n", LIMITS[i][1]) : "\n");
        }
        return s.toString();
    }

    private static String limitText(long v) {
        return v == -1 ? "unlimited" : Long.toUnsignedString(v);
    }

    /**
     * /proc/PID/mountinfo: a line per mount of the namespace, in mount order — its id, its
     * parent's (the mount the point lies in; the root's is its own), the device its root's stat
     * gives, the root within its filesystem, the point, options, "-", type, source, options.
     */
    private String mountinfo() {
        List<Namespace.Mount> all = namespace.mountOrder();
        StringBuilder s = new StringBuilder();
        for (Namespace.Mount m : all) {
            String point = m.point();
            String above = point.substring(0, Math.max(1, point.lastIndexOf('/'))); // the directory the point is in
            int parent = mountId(all, point.equals("/") ? m : namespace.mountFor(above));
            long dev = 0;
            Result<Namespace.Resolved> r = namespace.resolve("/", point, true);
            if (!r.failed()) {
                try (var res = r.value()) {
                    Result<Handle.Stat> st = res.stat();
                    if (!st.failed()) dev = st.value().dev();
                }
            }
            String type = m.scheme().name(), options = options(m);
            s.append(mountId(all, m)).append(' ').append(parent).append(' ').append(major(dev)).append(':').append(minor(dev))
             .append(" / ").append(mangle(point)).append(' ').append(options).append(" - ").append(type).append(' ')
             .append(type).append(' ').append(options, 0, 2).append('\n');
        }
        return s.toString();
    }

    /** A mount's id as mountinfo and fdinfo number them: its place in mount order, from 1. */
    private static int mountId(List<Namespace.Mount> order, Namespace.Mount m) {
        return order.indexOf(m) + 1;
    }

    /** A mount's options as /proc/mounts and mountinfo show them. */
    private static String options(Namespace.Mount m) {
        return m.scheme() instanceof FileScheme ? "rw" : m.scheme() instanceof TmpfsScheme ? "rw,nosuid,nodev" : "ro";
    }

    /** The major and minor numbers of a dev_t (Linux's new_decode_dev). */
    private static long major(long dev) {
        return ((dev >>> 8) & 0xfff) | ((dev >>> 32) & ~0xfffL);
    }

    private static long minor(long dev) {
        return (dev & 0xff) | ((dev >>> 12) & ~0xffL);
    }

    /** A path in mountinfo: space, tab, newline and backslash as octal escapes (seq_path's mangling). */
    private static String mangle(String path) {
        StringBuilder b = new StringBuilder();
        for (char ch : path.toCharArray()) {
            if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\\') b.append(String.format("\\%03o", (int) ch));
            else b.append(ch);
        }
        return b.toString();
    }

    /** /proc/net/NAME: the kernel's sockets, or the host's file (ProcNet says which). */
    private String net(String name) {
        return io.helctic.kernel.net.ProcNet.file(network, name);
    }

    private static String comm(Process p) {
        return p.comm();
    }

    private String mounts() {
        StringBuilder s = new StringBuilder();
        for (Namespace.Mount m : namespace.mountOrder()) {
            s.append(m.scheme().name()).append(' ').append(m.point()).append(' ').append(m.scheme().name())
             .append(' ').append(options(m))
             .append(" 0 0\n");
        }
        return s.toString();
    }

    /** /proc/PID/maps as Linux prints it: file mappings carry their device (major:minor) and inode. */
    String maps(Process p) {
        StringBuilder s = new StringBuilder();
        for (Grant g : p.space().grants()) {
            String perms = ((g.prot() & PROT_READ) != 0 ? "r" : "-") + ((g.prot() & PROT_WRITE) != 0 ? "w" : "-")
                    + ((g.prot() & PROT_EXEC) != 0 ? "x" : "-")
                    + (g.provider() instanceof Grant.Provider.Shared ? "s" : "p");
            long offset = 0, dev = 0, ino = 0;
            String path = null;
            if (g.provider() instanceof Grant.Provider.FileImage f) {
                offset = f.fileOffset() + (g.start() - f.origin());
                path = f.path();
            } else if (g.provider() instanceof Grant.Provider.Shared sh && sh.pages().isFile()) {
                offset = sh.index(g.start()) * io.helctic.kernel.memory.AddressSpace.PAGE;
                path = g.name();
            }
            // A name ending " (deleted)" (a SysV segment, a memfd) names no file: it is not looked up,
            // or a guest file of that very name would lend it its inode.
            if (path != null && path.startsWith("/") && !path.endsWith(" (deleted)")) {
                Result<io.helctic.kernel.vfs.Namespace.Resolved> r = namespace.resolve("/", path, true);
                if (!r.failed()) {
                    try (var res = r.value()) {
                        Result<Handle.Stat> st = res.stat();
                        if (!st.failed()) {
                            dev = st.value().dev();
                            ino = st.value().ino();
                        }
                    }
                }
            }
            String line = String.format("%08x-%08x %s %08x %02x:%02x %d", g.start(), g.end(), perms, offset, major(dev), minor(dev),
                    ino);
            String name = g.name() != null ? g.name() : "";
            if (!name.isEmpty()) line = String.format("%-73s%s", line, name);
            s.append(line).append('\n');
        }
        return s.toString();
    }

    /** /proc/PID/stat: the fields ps reads are real; the counters Helctic does not keep are 0. */
    private String stat(Process p, int tid, String name) {
        Memory mem = Memory.of(p);
        char state = state(p);
        StringBuilder s = new StringBuilder();
        s.append(tid).append(" (").append(name).append(") ").append(state).append(' ').append(p.ppid())
         .append(' ').append(p.pgid()).append(' ').append(p.sid()).append(" 0 -1 4194304");
        s.append(' ').append(p.minorFaults()).append(' ').append(p.childMinorFaults()).append(" 0 0"); // minflt cminflt majflt cmajflt
        long[] own = p.cpuTicks(), children = p.childCpuTimes();
        s.append(' ').append(own[0]).append(' ').append(own[1]).append(' ')   // utime stime cutime cstime
         .append(ticks(children[1])).append(' ').append(ticks(children[0] - children[1]));
        // priority and nice, rt_priority and policy: the leader's (the first thread's) scheduling
        io.helctic.kernel.context.Scheduling sc = null;
        for (Context c : p.threads()) {
            sc = c.schedulingResolved();
            break;
        }
        if (sc == null) sc = io.helctic.kernel.context.Scheduling.DEFAULT;
        int prio = sc.deadlineTask() ? -101 : sc.realtime() ? -1 - sc.priority() : 20 + sc.nice();
        s.append(' ').append(prio).append(' ').append(sc.nice()).append(' ')
         .append(Math.max(1, p.threads().size())).append(" 0 ")   // priority nice threads itreal starttime
         .append(ticks(Math.max(0, p.started() - boot))).append(' ');
        s.append(mem.size() * PAGE).append(' ').append(mem.resident());   // vsize in bytes, rss in pages
        for (int i = 25; i <= 52; i++) {
            s.append(' ').append(i == 40 ? sc.priority() : i == 41 ? sc.policy() : 0); // rt_priority, policy
        }
        return s.append('\n').toString();
    }

    /**
     * A process's memory as /proc counts it, in pages: its mappings' size, what is resident by
     * kind, the main program's code (text), and its private writable mappings with the stack (data).
     */
    private record Memory(long size, long anon, long file, long shmem, long text, long data, long stack) {
        long resident() { return anon + file + shmem; }

        static Memory of(Process p) {
            long size = 0, text = 0, data = 0, stack = 0;
            for (Grant g : p.space().grants()) {
                long pages = g.length() / PAGE;
                size += pages;
                if ((g.prot() & PROT_EXEC) != 0 && g.provider() instanceof Grant.Provider.FileImage f && f.path() != null
                        && f.path().equals(p.exe())) {
                    text += pages; // the program's own code
                }
                if ((g.prot() & PROT_WRITE) != 0 && !(g.provider() instanceof Grant.Provider.Shared)) data += pages;
                if ("[stack]".equals(g.name())) stack += pages;
            }
            long[] r = p.space().residentPages();
            return new Memory(size, r[0], r[1], r[2], text, data - stack, stack);
        }
    }

    /**
     * The process's state as Linux's stat and status give it, the first thread's: Z a zombie, T
     * stopped by a signal, R while its JVM thread runs (guest code, a call, host I/O) or waits for
     * a kernel monitor, S while it sleeps in the kernel (parked: a wait queue, a sleep).
     */
    private static char state(Process p) {
        if (p.zombie()) return 'Z';
        if (p.stopped()) return 'T';
        for (Context c : p.threads()) return c.running() ? 'R' : 'S';
        return 'R';
    }

    private static String stateName(char state) {
        return switch (state) {
            case 'Z' -> "Z (zombie)";
            case 'T' -> "T (stopped)";
            case 'S' -> "S (sleeping)";
            default -> "R (running)";
        };
    }

    private static long kb(long pages) {
        return pages * (PAGE / 1024);
    }

    /** /proc/PID/statm: size resident shared text lib data dt, in pages (lib and dt are 0 on Linux since 2.6). */
    private static String statm(Process p) {
        Memory m = Memory.of(p);
        return m.size() + " " + m.resident() + " " + (m.file() + m.shmem()) + " " + m.text() + " 0 " + (m.data() + m.stack())
                + " 0\n";
    }

    private static String status(Process p, int tid, String name) {
        Memory mem = p.zombie() ? null : Memory.of(p); // (a zombie's memory is gone)
        io.helctic.kernel.context.Credentials c = p.credentials();
        io.helctic.kernel.context.Seccomp seccomp = io.helctic.kernel.context.Seccomp.NONE;
        for (io.helctic.kernel.context.Context t : p.threads()) { // the first thread's, as Linux's status of the pid
            seccomp = t.seccomp();
            break;
        }
        StringBuilder groups = new StringBuilder();
        for (int g : c.groups()) groups.append(groups.isEmpty() ? "" : " ").append(Integer.toUnsignedString(g));
        groups.append(' '); // Linux's trailing space, there even with no groups
        return "Name:\t" + name + "\nUmask:\t" + String.format("%04o", p.umask())
                + "\nState:\t" + stateName(state(p)) + "\nTgid:\t"
                + p.pid() + "\nPid:\t" + tid + "\nPPid:\t" + p.ppid() + "\nTracerPid:\t0\n"
                + "Uid:\t" + ids(c.ruid(), c.euid(), c.suid(), c.fsuid()) + "Gid:\t" + ids(c.rgid(), c.egid(), c.sgid(), c.fsgid())
                + "Groups:\t" + groups + (mem == null ? "" : "\nVmSize:\t" + String.format("%8d kB", kb(mem.size()))
                + String.format("%nVmRSS:\t%8d kB%nRssAnon:\t%8d kB%nRssFile:\t%8d kB%nRssShmem:\t%8d kB%nVmData:\t%8d kB"
                        + "%nVmStk:\t%8d kB%nVmExe:\t%8d kB", kb(mem.resident()), kb(mem.anon()), kb(mem.file()),
                        kb(mem.shmem()), kb(mem.data()), kb(mem.stack()), kb(mem.text())))
                + "\nThreads:\t" + Math.max(1, p.threads().size())
                + String.format("\nCapInh:\t%016x\nCapPrm:\t%016x\nCapEff:\t%016x\nCapBnd:\t%016x\nCapAmb:\t%016x\n",
                        c.inheritable(), c.permitted(), c.effective(), c.bounding(), 0L)
                + "NoNewPrivs:\t" + (p.noNewPrivs() ? 1 : 0) + "\nSeccomp:\t" + seccomp.mode() + "\nSeccomp_filters:\t"
                + seccomp.filters() + "\n";
    }

    private static String ids(int r, int e, int s, int f) {
        return Integer.toUnsignedString(r) + "\t" + Integer.toUnsignedString(e) + "\t" + Integer.toUnsignedString(s) + "\t"
                + Integer.toUnsignedString(f) + "\n";
    }
}
