package io.helctic.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --strace} against strace itself: the AF_UNIX guest run natively under the host's strace
 * (network calls only) and under Helctic with --strace print the same lines, once addresses,
 * pids and what no tracer can share (the values of uninitialised bytes, the kernel's own
 * rounding of a timeout) are set aside. `./test` installs strace.
 */
class StraceOracleTest {
    static final List<String> ENV = List.of("PATH=/usr/bin:/bin", "LANG=C");
    static final Pattern CALL = Pattern.compile("^(socket|socketpair|bind|listen|accept|accept4|connect|getsockname"
            + "|getpeername|sendto|recvfrom|sendmsg|recvmsg|sendmmsg|recvmmsg|shutdown|getsockopt|setsockopt)\\(.*");

    /**
     * Lines that differ for reasons outside --strace: bind's sockaddr_in of uninitialised stack
     * bytes, SO_RCVTIMEO read back after Linux rounded it to jiffies, recvmmsg's time left,
     * descriptor numbers Linux chose, cmsg headers strace stops decoding differently, and a
     * 5000-iovec message strace lists in part.
     */
    static final List<Pattern> DIFFERENT = List.of(Pattern.compile("^bind\\(3, \\{sa_family=AF_INET, .*"),
            Pattern.compile(".*SO_RCVTIMEO_OLD, \"\\\\0.*"), Pattern.compile("^recvmmsg\\(.*"),
            Pattern.compile(".*msg_flags=MSG_CTRUNC.*"), Pattern.compile(".*cmsg_len=8, .*"),
            Pattern.compile(".*cmsg_type=0x4d.*"));

    static List<String> normalise(String trace) {
        List<String> out = new ArrayList<>();
        for (String raw : trace.split("\n")) {
            String line = raw.replaceFirst("^\\[pid +\\d+\\] ", "").replaceFirst("^\\d+ +", "")
                    .replaceAll("0x7ff[0-9a-f]+", "ADDR").replaceAll(" +=", " =").replaceAll("pid=\\d+", "pid=P")
                    .replaceAll("\\[\\d+ => (\\d+)\\]", "[$1]").replaceAll("@\"[0-9a-f]{5}\"", "@\"AUTO\"");
            if (!CALL.matcher(line).matches() || line.contains("resumed>") || line.contains("<unfinished")) continue;
            if (DIFFERENT.stream().anyMatch(p -> p.matcher(line).matches())) continue;
            out.add(line);
        }
        return out;
    }

    /**
     * execve's arguments as strace shows them — read on entry, since a successful call replaces
     * the memory they were in: argv as an array of strings (at most 32, each cut at 32 bytes), envp
     * counted, NULL arrays, an unreadable string, an array running into unreadable memory, and
     * one that starts there. Addresses differ between the runs and are set aside.
     */
    @Test
    void execveArgumentsTraceAsStraceTracesThem(@TempDir Path tmp) throws Exception {
        Path strace = Path.of("/usr/bin/strace");
        if (System.getenv("CI") == null) assumeThat(strace).as("strace installed").isExecutable();
        Path log = tmp.resolve("strace.log");
        List<String> cmd = new ArrayList<>(List.of(strace.toString(), "-f", "-qq", "-e", "trace=execve", "-o",
                log.toString(), Guests.path("exectrace").toString(), "/bin/true"));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().putAll(java.util.Map.of("PATH", "/usr/bin:/bin", "LANG", "C"));
        Process p = pb.start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        List<String> expected = execves(Files.readString(log, StandardCharsets.ISO_8859_1));
        Guests.Run h = Guests.helctic("exectrace", List.of("/bin/true"), ENV, true, null);
        assertThat(h.status()).isZero();
        assertThat(expected).hasSize(8).anyMatch(l -> l.contains("/* 2 vars, unterminated */"))
                .anyMatch(l -> l.startsWith("execve(\"/bin/true\", [\"/bin/true\", \"final\"], ADDR /* 2 vars */) = 0"));
        assertThat(execves(h.stderr())).containsExactlyElementsOf(expected);
    }

    /** The execve lines after the guest's own, addresses set aside. */
    static List<String> execves(String trace) {
        List<String> out = new ArrayList<>();
        for (String raw : trace.split("\n")) {
            String line = raw.replaceFirst("^\\[pid +\\d+\\] ", "").replaceFirst("^\\d+ +", "")
                    .replaceAll("0x[0-9a-f]+", "ADDR");
            if (line.startsWith("execve(\"/nonexistent/") || line.startsWith("execve(\"/bin/true\"")) out.add(line);
        }
        return out;
    }

    @Test
    void socketCallsTraceAsStraceTracesThem(@TempDir Path tmp) throws Exception {
        Path strace = Path.of("/usr/bin/strace");
        if (System.getenv("CI") == null) assumeThat(strace).as("strace installed").isExecutable();
        Path a = Files.createDirectory(tmp.resolve("d")), log = tmp.resolve("strace.log");
        // the same scratch path on both sides: the paths in the sockaddrs must print alike
        Process p = new ProcessBuilder(strace.toString(), "-f", "-qq", "-e", "trace=%network", "-o", log.toString(),
                Guests.path("unixsock").toString(), a.toString()).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        List<String> expected = normalise(Files.readString(log, StandardCharsets.ISO_8859_1));
        try (var left = Files.list(a)) {
            for (Path f : left.toList()) Files.delete(f);
        }
        Guests.Run h = Guests.helctic("unixsock", List.of(a.toString()), ENV, true, null);
        List<String> got = normalise(h.stderr());
        assertThat(expected).hasSizeGreaterThan(150);
        assertThat(got).containsExactlyElementsOf(expected);
    }
}
