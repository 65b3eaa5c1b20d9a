package io.helctic.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.helctic.kernel.boot.BootConfig;
import io.helctic.kernel.boot.Kernel;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runtimes people run (issue 15), natively and under Helctic with the same arguments: stdout
 * and exit status identical. A Go program built here with Debian's golang-go (goroutines,
 * tickers, signal.Notify, os.Pipe, files, os/exec); esbuild's Linux build from the npm registry
 * (a Go program) bundling a TypeScript project; the host's Node.js event loop (timers,
 * immediates, promises, fs promises, crypto) and its child processes; python3's asyncio with
 * subprocesses and unix-socket streams; the host's JVM (`java -version`, and a thread pool,
 * CompletableFuture and a scheduled executor); what they and procps read of /proc (Node's
 * os.cpus(), vmstat, a process's CPU ticks and resident size). `./test` installs golang-go,
 * Node.js, a JDK and procps; in CI a missing one fails the test instead of skipping it.
 */
class RuntimesTest {
    static final boolean CI = System.getenv("CI") != null;
    static final List<String> ENV = List.of("HOME=/tmp", "LANG=C", "PATH=/usr/bin:/bin", "TMPDIR=/tmp");
    /** The esbuild release fetched from the npm registry (pinned: the same bytes every run). */
    static final String ESBUILD = "0.28.2";

    @TempDir Path tmp;

    record Run(String out, int status) {}

    static Path tool(String... candidates) {
        for (String c : candidates) {
            Path p = Path.of(c);
            if (Files.isExecutable(p)) return p;
        }
        if (CI) throw new AssertionError("missing in CI: " + String.join(" or ", candidates) + " (./test installs it)");
        assumeThat(false).as("%s present", candidates[0]).isTrue();
        return null;
    }

    static Run natively(Path cwd, List<String> argv) throws Exception {
        HostProgramsTest.Run r = HostProgramsTest.natively(cwd, argv.toArray(String[]::new));
        return new Run(r.out(), r.status());
    }

    static Run helctic(Path cwd, List<String> argv) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            BootConfig c = BootConfig.of(Path.of(argv.getFirst()), argv, ENV).withMemory(2L << 30)
                    .withConsole(new ByteArrayInputStream(new byte[0]), o, e).withCwd(cwd);
            int status = Kernel.run(c);
            assertThat(err.toString(StandardCharsets.UTF_8)).as("stderr").doesNotContain("helctic: pid").doesNotContain("panic");
            return new Run(out.toString(StandardCharsets.UTF_8), status);
        }
    }

    static void same(Path cwd, String expected, String... argv) throws Exception {
        Run n = natively(cwd, List.of(argv)), h = helctic(cwd, List.of(argv));
        assertThat(n.out()).as("native output of %s", List.of(argv)).contains(expected);
        assertThat(h.out()).as("stdout of %s", List.of(argv)).isEqualTo(n.out());
        assertThat(h.status()).as("status of %s", List.of(argv)).isEqualTo(n.status());
    }

    static void run(Path cwd, List<String> cmd, List<String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile()).redirectErrorStream(true);
        for (String kv : env) pb.environment().put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(600, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("%s:%n%s", cmd, out).isZero();
    }

    static Path resource(String name, Path dir) throws IOException {
        Path to = dir.resolve(name);
        try (InputStream in = RuntimesTest.class.getResourceAsStream("/runtimes/" + name)) {
            Files.copy(in, to, StandardCopyOption.REPLACE_EXISTING);
        }
        return to;
    }

    @Test
    void aGoProgramRunsAsNatively() throws Exception {
        Path go = tool("/usr/bin/go", "/usr/lib/go/bin/go");
        Path src = Rule2ModuleBoundariesTest.root().resolve("guests/go/runtime");
        Path exe = tmp.resolve("go-runtime");
        run(src, List.of(go.toString(), "build", "-buildvcs=false", "-o", exe.toString(), "."),
                List.of("CGO_ENABLED=0", "GOCACHE=" + tmp.resolve("gocache"), "GOPATH=" + tmp.resolve("gopath"),
                        "GOFLAGS=-mod=mod"));
        same(tmp, "exec: \"from a child\" <nil>", exe.toString(), "/bin/echo");
    }

    /** esbuild's linux-x64 package from the npm registry (cached under target/), unpacked. */
    static Path esbuild() throws Exception {
        return esbuild("linux-x64");
    }

    /** esbuild's package for {@code platform} (linux-x64, freebsd-x64, netbsd-x64) from the npm registry, cached under target/. */
    static synchronized Path esbuild(String platform) throws Exception {
        Path cache = Rule2ModuleBoundariesTest.root().resolve("cli/target/npm");
        Path exe = cache.resolve(platform.equals("linux-x64") ? "esbuild-" + ESBUILD : "esbuild-" + platform + "-" + ESBUILD);
        if (Files.isExecutable(exe)) return exe;
        Files.createDirectories(cache);
        URI uri = URI.create("https://registry.npmjs.org/@esbuild/" + platform + "/-/" + platform + "-" + ESBUILD + ".tgz");
        byte[] tar;
        try (InputStream in = new GZIPInputStream(uri.toURL().openStream())) {
            tar = in.readAllBytes();
        }
        for (int at = 0; at + 512 <= tar.length; ) { // ustar: 512-byte headers, size in octal at 124
            String name = new String(tar, at, 100, StandardCharsets.US_ASCII).replace("\0", "");
            if (name.isEmpty()) break;
            long size = Long.parseLong(new String(tar, at + 124, 11, StandardCharsets.US_ASCII).trim(), 8);
            if (name.equals("package/bin/esbuild")) {
                Path part = cache.resolve("esbuild.part");
                Files.write(part, java.util.Arrays.copyOfRange(tar, at + 512, at + 512 + (int) size));
                part.toFile().setExecutable(true);
                Files.move(part, exe, StandardCopyOption.REPLACE_EXISTING);
                return exe;
            }
            at += 512 + (int) ((size + 511) / 512 * 512);
        }
        throw new AssertionError("no package/bin/esbuild in " + uri);
    }

    @Test
    void esbuildBundlesATypeScriptProjectAsNatively() throws Exception {
        Path exe = esbuild();
        Path src = Files.createDirectories(tmp.resolve("src"));
        Files.writeString(src.resolve("util.ts"), """
                export interface Point { x: number; y: number }
                export const add = (a: Point, b: Point): Point => ({ x: a.x + b.x, y: a.y + b.y });
                export enum Colour { Red = 'red', Green = 'green' }
                """);
        Files.writeString(src.resolve("main.ts"), """
                import { add, Colour, Point } from "./util";
                const p: Point = add({ x: 1, y: 2 }, { x: 3, y: 4 });
                console.log(`sum ${p.x},${p.y} ${Colour.Green}`);
                """);
        same(tmp, "console.log(", exe.toString(), "src/main.ts", "--bundle", "--format=esm", "--minify-syntax");
    }

    @Test
    void nodesEventLoopRunsAsNatively() throws Exception {
        Path node = tool("/usr/bin/node", "/usr/bin/nodejs");
        Path script = resource("events.js", tmp);
        same(tmp, "intervals 5 timeouts 1,4,9", node.toString(), script.toString());
    }

    /** Node's os.cpus(): a CPU per /proc/stat line, each with a model from /proc/cpuinfo and its times (it was empty). */
    @Test
    void nodesCpusAreTheHostsCount() throws Exception {
        Path node = tool("/usr/bin/node", "/usr/bin/nodejs");
        Path script = resource("cpus.js", tmp);
        same(tmp, "cpus " + Runtime.getRuntime().availableProcessors() + " true true true true 3", node.toString(),
                script.toString());
    }

    /**
     * /proc/stat has the host's lines (cpu, a cpuN per CPU with ten counters each, intr, ctxt,
     * btime, processes, procs_running, procs_blocked, softirq), its CPU time adds up with the idle
     * time to the CPUs' time since boot, /proc/cpuinfo has a stanza per CPU whose flags are the
     * emulated CPU's, and a busy shell's /proc/PID/stat utime and stime are what times(2) says.
     */
    @Test
    void procStatCountsTheKernelsCpuTime() throws Exception {
        Path sh = tool("/bin/sh");
        // /proc/stat and /proc/uptime read by one cat, back to back: their times must agree
        String script = "i=0; while [ $i -lt 20000 ]; do i=$((i+1)); done; times; cat /proc/$$/stat; echo ==; "
                + "cat /proc/stat /proc/uptime; echo ==; cat /proc/cpuinfo";
        Run h = helctic(tmp, List.of(sh.toString(), "-c", script));
        assertThat(h.status()).isZero();
        String[] part = h.out().split("==\n");
        String[] times = part[0].lines().toList().get(0).split(" ");
        String[] pidStat = part[0].lines().toList().get(2).split(" ");
        long utime = Long.parseLong(pidStat[13]), stime = Long.parseLong(pidStat[14]);
        assertThat(utime + stime).as("the shell's CPU time in ticks").isGreaterThan(10);
        // times prints the shell's user and system time: "0m1.230000s 0m0.010000s"
        assertThat(Math.abs(utime - ticks(times[0]))).as("utime against times(2)").isLessThanOrEqualTo(5);
        assertThat(Math.abs(stime - ticks(times[1]))).as("stime against times(2)").isLessThanOrEqualTo(5);
        List<String> keys = new java.util.ArrayList<>(), hostKeys = new java.util.ArrayList<>();
        List<String> statLines = part[1].lines().toList();
        String uptime = statLines.getLast();
        statLines = statLines.subList(0, statLines.size() - 1);
        for (String l : statLines) keys.add(shape(l));
        for (String l : Files.readAllLines(Path.of("/proc/stat"))) hostKeys.add(shape(l));
        int cpus = Runtime.getRuntime().availableProcessors();
        assertThat(keys.stream().filter(k -> k.equals("cpuN 11")).count()).isEqualTo(cpus);
        assertThat(keys.stream().distinct().map(k -> k.split(" ")[0]).toList())
                .isEqualTo(hostKeys.stream().distinct().map(k -> k.split(" ")[0]).toList());
        String[] total = part[1].lines().findFirst().orElseThrow().split(" +");
        long busy = Long.parseLong(total[1]) + Long.parseLong(total[3]), idle = Long.parseLong(total[4]);
        double up = Double.parseDouble(uptime.split(" ")[0]);
        assertThat((double) (busy + idle)).as("user + system + idle against uptime x CPUs")
                .isCloseTo(up * 100 * cpus, org.assertj.core.data.Offset.offset(10.0 * cpus + 10));
        assertThat(busy).isGreaterThanOrEqualTo(utime + stime);
        List<String> info = part[2].lines().toList();
        assertThat(info.stream().filter(l -> l.startsWith("processor\t: ")).count()).isEqualTo(cpus);
        assertThat(info).contains("vendor_id\t: GenuineIntel", "model name\t: Helctic emulated x86-64",
                "flags\t\t: fpu tsc cx8 cmov clflush mmx fxsr sse sse2 syscall nx lm pni ssse3 cx16 sse4_1 sse4_2 popcnt lahf_lm");
    }

    /**
     * procps' tools on /proc: vmstat starts (it needs /proc/vmstat) with the native run's header,
     * and a process's resident size is there, alike in statm, status and ps.
     */
    @Test
    void procpsReadsMemoryAndVmstat() throws Exception {
        Path vmstat = tool("/usr/bin/vmstat"), sh = tool("/bin/sh");
        Run n = natively(tmp, List.of(vmstat.toString())), h = helctic(tmp, List.of(vmstat.toString()));
        assertThat(h.status()).isZero();
        assertThat(h.out().lines().limit(2).toList()).isEqualTo(n.out().lines().limit(2).toList());
        // the shell reads both of its own files with builtins: one process, nothing between but a read
        Run m = helctic(tmp, List.of(sh.toString(), "-c", "read s < /proc/$$/statm; echo \"$s\"; "
                + "while read -r k v u; do case $k in VmSize:|VmRSS:) echo \"$k $v\";; esac; done < /proc/$$/status"));
        List<String> lines = m.out().lines().toList();
        String[] statm = lines.get(0).split(" ");
        long size = Long.parseLong(statm[0]), resident = Long.parseLong(statm[1]);
        long vmSize = Long.parseLong(lines.get(1).replaceAll("[^0-9]", "")), vmRss = Long.parseLong(lines.get(2).replaceAll("[^0-9]", ""));
        assertThat(statm).hasSize(7);
        assertThat(resident).isPositive().isLessThan(size);
        assertThat(vmRss).isCloseTo(resident * 4, org.assertj.core.data.Offset.offset(16L));
        assertThat(vmSize).isCloseTo(size * 4, org.assertj.core.data.Offset.offset(16L));
    }

    /** ru_maxrss from getrusage (self and children) and wait4, as natively: the peak of the pages a process had resident. */
    @Test
    void maxRssIsThePeakResidentSize() throws Exception {
        Path py = tool("/usr/bin/python3");
        same(tmp, "self True child True children True", py.toString(), resource("rusage.py", tmp).toString());
    }

    /** A zombie's /proc/PID/{stat,statm,status} as natively (status said "R (running)" with an empty VmSize). */
    @Test
    void aZombiesProcFilesAreLinuxs() throws Exception {
        Path py = tool("/usr/bin/python3");
        same(tmp, "status ['State:\\tZ (zombie)']", py.toString(), resource("zombie.py", tmp).toString());
    }

    /** Process states in /proc (S sleeping, R running, T stopped) as natively; every process said R. */
    @Test
    void processStatesAreLinuxs() throws Exception {
        Path sh = tool("/bin/sh");
        same(tmp, "stopped T State:\tT (stopped)", sh.toString(), resource("states.sh", tmp).toString());
    }

    /** Minor page faults in getrusage, wait4 and /proc/PID/stat, as natively (all were 0). */
    @Test
    void minorFaultsAreCounted() throws Exception {
        Path py = tool("/usr/bin/python3");
        same(tmp, "self True child True children True stat True", py.toString(), resource("faults.py", tmp).toString());
    }

    private static long ticks(String shellTime) { // "1m2.345000s"
        int m = shellTime.indexOf('m');
        return Math.round((Long.parseLong(shellTime.substring(0, m)) * 60
                + Double.parseDouble(shellTime.substring(m + 1, shellTime.length() - 1))) * 100);
    }

    /** A /proc/stat line's key (cpuN for each CPU) and field count. */
    private static String shape(String line) {
        String[] f = line.trim().split(" +");
        return f[0].replaceFirst("^cpu\\d+$", "cpuN") + " " + (f[0].equals("intr") ? 2 : f.length);
    }

    /** Node's child_process: execFile, spawn with a piped stdin, execSync, an exit status (its pipes are socketpairs). */
    @Test
    void nodesChildProcessesRunAsNatively() throws Exception {
        Path node = tool("/usr/bin/node", "/usr/bin/nodejs");
        Path script = resource("child.js", tmp);
        same(tmp, "spawn cat 0 \"piped through cat\\n\"", node.toString(), script.toString());
    }

    /** python3's asyncio: subprocesses (exec and shell, communicate, return codes), unix-socket streams, gather. */
    @Test
    void pythonAsyncioWithSubprocessesRunsAsNatively() throws Exception {
        Path py = tool("/usr/bin/python3");
        Path script = resource("aio.py", tmp);
        same(tmp, "unix stream b'echo: ping\\n'", py.toString(), script.toString());
    }

    /** Go's net/http server and client in one process, UDP, a refused dial, HTTP over a unix socket (issue 16). */
    @Test
    void goNetHttpRunsAsNatively() throws Exception {
        Path go = tool("/usr/bin/go", "/usr/lib/go/bin/go");
        Path src = Rule2ModuleBoundariesTest.root().resolve("guests/go/nethttp");
        Path exe = tmp.resolve("go-nethttp");
        run(src, List.of(go.toString(), "build", "-buildvcs=false", "-o", exe.toString(), "."),
                List.of("CGO_ENABLED=0", "GOCACHE=" + tmp.resolve("gocache"), "GOPATH=" + tmp.resolve("gopath"),
                        "GOFLAGS=-mod=mod"));
        same(tmp, "unix 200 hello unix via GET", exe.toString());
    }

    /** Node's http and net modules: a server and clients in one process, a refused connection (issue 16). */
    @Test
    void nodesHttpRunsAsNatively() throws Exception {
        Path node = tool("/usr/bin/node", "/usr/bin/nodejs");
        Path script = resource("http.js", tmp);
        same(tmp, "net echoed through net", node.toString(), script.toString());
    }

    /** python3's asyncio streams over TCP: a server and eight clients in one process (issue 16). */
    @Test
    void pythonAsyncioStreamsRunAsNatively() throws Exception {
        Path py = tool("/usr/bin/python3");
        Path script = resource("netaio.py", tmp);
        same(tmp, "b'CLIENT 7\\n'", py.toString(), script.toString());
    }

    @Test
    void theJvmRunsAThreadPoolAsNatively() throws Exception {
        Path java = tool("/usr/lib/jvm/java-17-openjdk-amd64/bin/java", "/usr/bin/java");
        Path javac = tool(java.getParent().resolve("javac").toString());
        Path src = resource("Pool.java", tmp);
        run(tmp, List.of(javac.toString(), "-d", tmp.toString(), src.toString()), List.of());
        // -version prints to stderr: its status is what must match; the pool program's stdout too
        assertThat(helctic(tmp, List.of(java.toString(), "-version")).status()).isZero();
        same(tmp, "pool: true 3499986", java.toString(), "-XX:-UsePerfData", "-cp", tmp.toString(), "Pool");
    }
}
