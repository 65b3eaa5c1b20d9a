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
            "stat", "vmstat"};
    /** /proc/sys/fs's own files (beside mqueue/): native AIO's count and limit. */
    private static final List<String> SYS_FS = List.of("aio-max-nr", "aio-nr");
    /** /proc/sys/kernel's System V IPC limits: the ones the kernel enforces (Linux's defaults). */
    private static final java.util.Map<String, String> SYSCTL = sysctl();

    private static java.util.Map<String, String> sysctl() {
        java.util.Map<String, String> m = new java.util.LinkedHashMap<>();
        m.put("shmmax", Long.toUnsignedString(io.helctic.abi.uapi.Ipc.SHMMAX));
        m.put("shmall", Long.toUnsignedString(io.helctic.abi.uapi.Ipc.SHMALL));
        m.put("shmmni", Integer.toString(io.helctic.abi.uapi.Ipc.SHMMNI));
        m.put("sem", io.helctic.abi.uapi.Ipc.SEMMSL + "\t" + io.helctic.abi.uapi.Ipc.SEMMNS + "\t"
                + io.helctic.abi.uapi.Ipc.SEMOPM + "\t" + io.helctic.abi.uapi.Ipc.SEMMNI);
        m.put("msgmax", Integer.toString(io.helctic.abi.uapi.Ipc.MSGMAX));
        m.put("msgmnb", Integer.toString(io.helctic.abi.uapi.Ipc.MSGMNB));
        m.put("msgmni", Integer.toString(io.helctic.abi.uapi.Ipc.MSGMNI));
        return java.util.Collections.unmodifiableMap(m);
    }

    /** /proc/sys/kernel's names of the reader's UTS namespace. */
    private static final List<String> UTS = List.of("domainname", "hostname");

    /** The reader's node or domain name, as proc_do_uts_string prints it: up to its first NUL, and a newline. */
    private static String utsName(boolean host) {
        io.helctic.kernel.context.UtsNamespace u = Context.CURRENT.isBound() ? Context.current().uts()
                : new io.helctic.kernel.context.UtsNamespace();
        byte[] f = host ? u.nodename() : u.domainname();
        int n = 0;
        while (n < f.length && f[n] != 0) n++;
        return new String(f, 0, n, java.nio.charset.StandardCharsets.ISO_8859_1) + "\n";
    }

    /** /proc/sys/fs/mqueue: the POSIX message queue limits the kernel enforces (Linux's defaults). */
    private static final java.util.Map<String, String> MQUEUE = java.util.Map.of(
            "msg_max", Integer.toString(io.helctic.abi.uapi.Ipc.MQ_MSG_MAX),
            "msgsize_max", Integer.toString(io.helctic.abi.uapi.Ipc.MQ_MSGSIZE_MAX),
            "msg_default", Integer.toString(io.helctic.abi.uapi.Ipc.MQ_MSG_DEFAULT),
            "msgsize_default", Integer.toString(io.helctic.abi.uapi.Ipc.MQ_MSGSIZE_DEFAULT),
            "queues_max", Integer.toString(io.helctic.abi.uapi.Ipc.MQ_QUEUES_MAX));

    private static final String[] PER_PID = {"exe", "cwd", "root", "fd", "cmdline", "comm", "maps", "stat", "statm", "status", "mounts",
        "net"};

    private final ProcessTable processes;
    private final Namespace namespace;
    private final LongSupplier memTotal, memUsed;
    /** The kernel's network: /proc/net's sockets (null: /proc/net lists the host's files only). */
    private final io.helctic.kernel.net.Network network;
    private final long boot = System.nanoTime();
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
        int mode = switch (k) {
            case DIR -> Handle.S_IFDIR | 0555;
            case FILE -> Handle.S_IFREG | 0444;
            case LINK -> Handle.S_IFLNK | 0777;
        };
        return new Handle.Stat(DEV, ino, k == Kind.DIR ? 2 : 1, mode, 0, 0, 0, 0, 1024, 0, bootWall, bootWall, bootWall);
    }

    private static int currentPid() {
        return Context.CURRENT.isBound() ? Context.current().pid() : 1;
    }

    /** Splits rel into a process and the rest, or returns null when rel does not start with a live pid or "self". */
    private record PidPath(Process process, String rest) {}

    private PidPath pidPath(String rel) {
        int slash = rel.indexOf('/');
        String head = slash < 0 ? rel : rel.substring(0, slash);
        if (head.isEmpty() || !allDigits(head) || head.length() > 9) return null;
        Process p = processes.get(Integer.parseInt(head));
        return p == null ? null : new PidPath(p, slash < 0 ? "" : rel.substring(slash + 1));
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
        if (rel.equals("sys") || rel.equals("sys/kernel") || rel.equals("sys/fs") || rel.equals("sys/fs/mqueue")
                || rel.equals("net")) {
            return Kind.DIR;
        }
        if (netFile(rel) != null) return Kind.FILE;
        if (rel.startsWith("sys/fs/mqueue/") && MQUEUE.containsKey(rel.substring(14))) return Kind.FILE;
        if (rel.startsWith("sys/kernel/") && (SYSCTL.containsKey(rel.substring(11)) || UTS.contains(rel.substring(11)))) {
            return Kind.FILE;
        }
        if (rel.startsWith("sys/fs/") && SYS_FS.contains(rel.substring(7))) return Kind.FILE;
        PidPath pp = pidPath(rel);
        if (pp == null) return null;
        String r = pp.rest();
        if (r.isEmpty() || r.equals("fd") || r.equals("net")) return Kind.DIR;
        if (netFile(r) != null) return Kind.FILE;
        if (r.equals("exe") || r.equals("cwd") || r.equals("root")) return Kind.LINK;
        if (r.startsWith("fd/")) {
            String n = r.substring(3);
            if (n.isEmpty() || n.length() > 9 || !allDigits(n)) return null;
            return pp.process().files().get(Long.parseLong(n)) != null ? Kind.LINK : null;
        }
        for (String t : PER_PID) if (t.equals(r)) return Kind.FILE;
        return null;
    }

    @Override
    public Result<Handle.Stat> lstat(String rel) {
        Kind k = kindOf(rel);
        return k == null ? Result.err(Errno.ENOENT) : Result.ok(stat(rel, k));
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
        Kind k = kindOf(rel);
        if (k == null) return Result.err((flags & O_CREAT) != 0 ? Errno.EACCES : Errno.ENOENT);
        if ((flags & O_ACCMODE) != O_RDONLY) return Result.err(k == Kind.DIR ? Errno.EISDIR : Errno.EACCES);
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

    private String[] entries(String rel) {
        List<String> out = new ArrayList<>();
        if (rel.isEmpty()) {
            out.addAll(List.of(TOP));
            out.add("sys");
            out.add("net");
            for (Process p : processes.all()) out.add(Integer.toString(p.pid()));
        } else if (rel.equals("net")) {
            out.addAll(io.helctic.kernel.net.ProcNet.FILES);
        } else if (rel.equals("sys")) {
            out.add("kernel");
            out.add("fs");
        } else if (rel.equals("sys/fs")) {
            out.addAll(SYS_FS);
            out.add("mqueue");
        } else if (rel.equals("sys/fs/mqueue")) {
            out.addAll(new java.util.TreeSet<>(MQUEUE.keySet()));
        } else if (rel.equals("sys/kernel")) {
            out.addAll(SYSCTL.keySet());
            out.addAll(UTS);
        } else {
            PidPath pp = pidPath(rel);
            if (pp != null && pp.rest().isEmpty()) out.addAll(List.of(PER_PID));
            else if (pp != null && pp.rest().equals("net")) out.addAll(io.helctic.kernel.net.ProcNet.FILES);
            else if (pp != null) {
                for (int fd = 0; fd < 1024; fd++) if (pp.process().files().get(fd) != null) out.add(Integer.toString(fd));
            }
        }
        return out.toArray(String[]::new);
    }

    private String contents(String rel) {
        if (rel.equals("sys/kernel/hostname") || rel.equals("sys/kernel/domainname")) return utsName(rel.endsWith("hostname"));
        if (rel.startsWith("sys/kernel/")) return SYSCTL.get(rel.substring(11)) + "\n";
        if (rel.startsWith("sys/fs/mqueue/")) return MQUEUE.get(rel.substring(14)) + "\n";
        if (rel.equals("sys/fs/aio-nr")) return processes.aio().nr() + "\n";
        if (rel.equals("sys/fs/aio-max-nr")) return processes.aio().maxNr() + "\n";
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
            case "version": return "Linux version 6.1.0-helctic (helctic) #1 SMP PREEMPT_DYNAMIC Helctic 0.1\n";
            case "cpuinfo": return cpuinfo();
            default: break;
        }
        PidPath pp = pidPath(rel);
        Process p = pp.process();
        if (netFile(pp.rest()) != null) return net(netFile(pp.rest()));
        return switch (pp.rest()) {
            case "cmdline" -> String.join("\0", p.argv()) + (p.argv().isEmpty() ? "" : "\0");
            case "comm" -> comm(p) + "\n";
            case "maps" -> maps(p);
            case "stat" -> stat(p);
            case "statm" -> statm(p);
            case "mounts" -> mounts();
            default -> status(p);
        };
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
             .append(m.scheme() instanceof FileScheme ? " rw" : m.scheme() instanceof TmpfsScheme ? " rw,nosuid,nodev" : " ro")
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
            long major = ((dev >>> 8) & 0xfff) | ((dev >>> 32) & ~0xfffL), minor = (dev & 0xff) | ((dev >>> 12) & ~0xffL);
            String line = String.format("%08x-%08x %s %08x %02x:%02x %d", g.start(), g.end(), perms, offset, major, minor, ino);
            String name = g.name() != null ? g.name() : "";
            if (!name.isEmpty()) line = String.format("%-73s%s", line, name);
            s.append(line).append('\n');
        }
        return s.toString();
    }

    /** /proc/PID/stat: the fields ps reads are real; the counters Helctic does not keep are 0. */
    private String stat(Process p) {
        Memory mem = Memory.of(p);
        char state = state(p);
        StringBuilder s = new StringBuilder();
        s.append(p.pid()).append(" (").append(comm(p)).append(") ").append(state).append(' ').append(p.ppid())
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

    private static String status(Process p) {
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
        return "Name:\t" + comm(p) + "\nUmask:\t" + String.format("%04o", p.umask())
                + "\nState:\t" + stateName(state(p)) + "\nTgid:\t"
                + p.pid() + "\nPid:\t" + p.pid() + "\nPPid:\t" + p.ppid() + "\nTracerPid:\t0\n"
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
