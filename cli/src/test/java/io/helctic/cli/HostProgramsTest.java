package io.helctic.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.helctic.kernel.boot.BootConfig;
import io.helctic.kernel.boot.Kernel;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The host's own dynamically linked programs — dash, coreutils, CPython — loaded by the
 * host's ld.so, natively and under Helctic: stdout and exit status identical.
 */
class HostProgramsTest {
    @TempDir Path tmp;

    record Run(String out, int status) {}

    static final List<String> ENV = List.of("PATH=/usr/bin:/bin", "LANG=C", "LC_ALL=C", "TZ=UTC", "HOME=/nonexistent");

    /** Runs argv on the host with the fixed environment; stdout and the exit status. */
    static Run natively(Path cwd, String... argv) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(argv).directory(cwd.toFile());
        pb.environment().clear();
        for (String kv : ENV) pb.environment().put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).redirectError(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
        return new Run(out, p.exitValue());
    }

    Run helctic(Path cwd, String... argv) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            BootConfig c = BootConfig.of(Path.of(argv[0]), new ArrayList<>(List.of(argv)), ENV).withMemory(1L << 30)
                    .withConsole(new ByteArrayInputStream(new byte[0]), o, e).withCwd(cwd);
            int status = Kernel.run(c);
            return new Run(out.toString(StandardCharsets.UTF_8), status);
        }
    }

    void same(Path cwd, String... argv) throws Exception {
        Run n = natively(cwd, argv), h = helctic(cwd, argv);
        assertThat(n.out()).as("native output of %s", List.of(argv)).isNotEmpty();
        assertThat(h.out()).as("stdout of %s", List.of(argv)).isEqualTo(n.out());
        assertThat(h.status()).as("status of %s", List.of(argv)).isEqualTo(n.status());
    }

    /**
     * Three sqlite3 processes write one database at once, 100 transactions each: its locks (fcntl
     * record locks on the database file) must really exclude, or rows are lost and the file is
     * damaged (issue 15).
     */
    @Test
    void sqliteWritersInThreeProcessesLoseNothing() throws Exception {
        StringBuilder sql = new StringBuilder(".timeout 60000\n");
        for (int i = 1; i <= 100; i++) sql.append("BEGIN IMMEDIATE; INSERT INTO t VALUES(").append(i).append("); COMMIT;\n");
        Files.writeString(tmp.resolve("w.sql"), sql);
        same(tmp, "/bin/sh", "-c", "rm -f db db-journal; sqlite3 db 'create table t(x)'; "
                + "for i in 1 2 3; do sqlite3 db < w.sql & done; wait; "
                + "sqlite3 db 'select count(*), sum(x) from t; pragma integrity_check;'");
    }

    @Test
    void dashRunsAPipeline() throws Exception {
        same(tmp, "/bin/sh", "-c", "echo $((6 * 7)); printf 'b\\na\\nc\\n' | sort | tr a-z A-Z; exit 3");
    }

    /**
     * A descriptor's pipe opened again through its /proc link: bash's process substitution
     * (/dev/fd/63), /dev/stdin of a pipeline, and ls -L of a pipe's link (they failed with ENOENT:
     * the link's target "pipe:[N]" was walked as a path).
     */
    @Test
    void bashProcessSubstitutionAndDevStdinOfAPipe() throws Exception {
        same(tmp, "/bin/bash", "-c", "cat <(echo one) <(echo two); diff <(printf 'a\\nb\\n') <(printf 'a\\nc\\n'); "
                + "echo three | cat /dev/stdin; echo four | wc -c /dev/stdin; ls -lL /dev/stdin </dev/null | cut -c1-10; "
                + "true | ls -lL /dev/stdin | cut -c1-10");
    }

    @Test
    void coreutilsListAndSum() throws Exception {
        Path d = Files.createDirectory(tmp.resolve("d"));
        for (String n : List.of("alpha", "beta", "gamma")) {
            Path f = Files.writeString(d.resolve(n), n.repeat(100));
            Files.setLastModifiedTime(f, FileTime.fromMillis(1_000_000_000_000L));
        }
        Files.setLastModifiedTime(d, FileTime.fromMillis(1_000_000_000_000L));
        same(tmp, "/bin/ls", "-l", "--time-style=+%Y-%m-%d", "d");
        same(tmp, "/usr/bin/sha256sum", "d/alpha", "d/beta");
        same(tmp, "/usr/bin/stat", "-c", "%n %s %a %F", "d/alpha", "d");
    }

    /**
     * The host's ip(8) lists interfaces, addresses and routes through NETLINK_ROUTE (issue 16). The
     * routes print identically. The interfaces print without their "qdisc NAME": no file of the
     * host names an interface's queueing discipline (only rtnetlink itself does), so the kernel
     * leaves IFLA_QDISC out rather than guess it, and the native output is compared with it removed.
     */
    @Test
    void ipShowsTheHostsInterfacesAndRoutes() throws Exception {
        Path ip = Path.of("/usr/sbin/ip").toRealPath();
        assertThat(ip).as("ip (./test installs iproute2)").isExecutable();
        String cmd = ip.toString();
        same(tmp, cmd, "route");
        same(tmp, cmd, "-6", "route");
        same(tmp, cmd, "route", "show", "table", "all");
        same(tmp, cmd, "-6", "route", "show", "table", "all");
        for (List<String> args : List.of(List.of("addr"), List.of("link"), List.of("-4", "addr", "show", "dev", "lo"))) {
            List<String> argv = new ArrayList<>(List.of(cmd));
            argv.addAll(args);
            String[] a = argv.toArray(String[]::new);
            Run n = natively(tmp, a), h = helctic(tmp, a);
            assertThat(n.out()).as("native output of %s", argv).contains("lo: <LOOPBACK,UP,LOWER_UP>");
            assertThat(h.out()).as("stdout of %s", argv).isEqualTo(n.out().replaceAll(" qdisc [^ ]+", ""));
            assertThat(h.status()).as("status of %s", argv).isEqualTo(n.status());
        }
    }

    @Test
    void cpythonRuns() throws Exception {
        Path py = Path.of("/usr/bin/python3").toRealPath();
        assertThat(py).as("python3 (./test installs python3-minimal)").isExecutable();
        same(tmp, py.toString(), "-S", "-c",
                "import sys, hashlib, json; print(json.dumps({'a': [1, 2.5, None]}), hashlib.sha256(b'helctic').hexdigest(),"
                + " sum(i * i for i in range(20000)), sys.byteorder); sys.exit(4)");
    }
}
