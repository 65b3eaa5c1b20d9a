package io.helctic.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.helctic.kernel.boot.BootConfig;
import io.helctic.kernel.boot.Kernel;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 20: the guest root holds against a guest that attacks it. A guest (guests/libc/attack.c)
 * runs with --root JAIL and races its own processes against path resolution: a child swaps the
 * directory "dir" with a symlink to a host directory outside the jail while the guest opens,
 * creates, links, unlinks, renames, chmods, truncates, reads xattrs of and executes through it.
 * After each attack the host directory is exactly as it was (names, kinds, modes, owners, times,
 * contents, xattrs), the guest saw no host byte, and nothing printed a JVM stack trace. The
 * attempts are counted and shown; each race runs {@link #RACE_MS} (longer in CI). A planted bug
 * (open by host path string) is caught, so the attack is shown to be able to see an escape.
 * The calls without a race (the l* calls, byte names, #! lines) are compared with a native run.
 */
class ConfinementAttackTest {
    static final boolean CI = System.getenv("CI") != null;
    static final long RACE_MS = CI ? 3000 : 400;

    @TempDir Path tmp;
    Path jail, host;
    long hostSecretIno;

    record Run(String out, String err, int status) {}

    @BeforeEach
    void setUp() throws IOException {
        jail = Files.createDirectory(tmp.resolve("jail"));
        host = Files.createDirectory(tmp.resolve("host"));
        Files.createDirectories(jail.resolve("w"));
        Files.copy(Guests.path("attack"), jail.resolve("w/attack"));
        Files.copy(Guests.path("hello"), jail.resolve("prog-jail"));
        Files.copy(Guests.path("args"), host.resolve("prog")); // prints its arguments: ESCAPED-EXEC
        Files.writeString(host.resolve("secret"), "HOST-SECRET\n");
        Files.writeString(host.resolve("victim"), "HOST-VICTIM\n");
        Files.writeString(host.resolve("HOSTFILE"), "HOST\n");
        Files.createDirectory(host.resolve("victimdir"));
        Files.createDirectory(host.resolve("deepdir"));
        Files.writeString(host.resolve("deepdir/secret"), "HOST-DEEP\n");
        Files.setPosixFilePermissions(host.resolve("secret"), PosixFilePermissions.fromString("rw-r-----"));
        Files.getFileAttributeView(host.resolve("secret"), UserDefinedFileAttributeView.class)
                .write("host", StandardCharsets.US_ASCII.encode("HOST-XATTR"));
        hostSecretIno = (Long) Files.getAttribute(host.resolve("secret"), "unix:ino");
    }

    /** Everything about the host directory an escape could change. */
    static String snapshot(Path dir) throws IOException {
        TreeMap<String, String> m = new TreeMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.toList()) {
                PosixFileAttributes a = Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                StringBuilder b = new StringBuilder();
                b.append(a.isDirectory() ? 'd' : a.isSymbolicLink() ? 'l' : a.isRegularFile() ? 'f' : '?')
                        .append(' ').append(PosixFilePermissions.toString(a.permissions()))
                        .append(' ').append(a.owner().getName()).append(':').append(a.group().getName())
                        .append(' ').append(a.lastModifiedTime().toMillis())
                        .append(" nlink ").append(Files.getAttribute(p, "unix:nlink", LinkOption.NOFOLLOW_LINKS));
                if (a.isRegularFile()) {
                    b.append(' ').append(java.util.HexFormat.of().formatHex(Files.readAllBytes(p)));
                    UserDefinedFileAttributeView x = Files.getFileAttributeView(p, UserDefinedFileAttributeView.class);
                    for (String n : x.list()) {
                        ByteBuffer v = ByteBuffer.allocate(x.size(n));
                        x.read(n, v);
                        b.append(" xattr ").append(n).append('=').append(new String(v.array(), StandardCharsets.ISO_8859_1));
                    }
                }
                m.put(dir.relativize(p).toString(), b.toString());
            }
        }
        return m.toString();
    }

    Run jailed(boolean planted, String... args) {
        return jailed(planted, 512L << 20, args);
    }

    Run jailed(boolean planted, long memory, String... args) {
        List<String> argv = new ArrayList<>();
        argv.add("w/attack");
        argv.addAll(List.of(args));
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.ISO_8859_1);
             PrintStream e = new PrintStream(err, true, StandardCharsets.ISO_8859_1)) {
            BootConfig c = BootConfig.of(Path.of("/w/attack"), argv, List.of("HOME=/", "LANG=C")).withMemory(memory)
                    .withConsole(new ByteArrayInputStream(new byte[0]), o, e).withRoot(jail).withCwd(jail);
            if (planted) c = c.withPlantedBug(BootConfig.PlantedBug.HOST_PATH_OPEN);
            int status = Kernel.run(c);
            return new Run(out.toString(StandardCharsets.ISO_8859_1), err.toString(StandardCharsets.ISO_8859_1), status);
        } catch (Exception ex) {
            throw new AssertionError("helctic could not run the attack guest", ex);
        }
    }

    static void noStackTrace(Run r) {
        assertThat(r.err()).as("stderr").doesNotContain("\tat ").doesNotContain("Exception").doesNotContain("panic");
    }

    @ParameterizedTest(name = "race {0}")
    @ValueSource(strings = {"open", "deep-open", "deep-creat", "openat", "readdir", "creat", "trunc-open", "mkdir", "symlink", "unlink", "rmdir",
        "rename", "link", "chmod", "chown", "utimens", "truncate", "setxattr", "getxattr", "stat", "chdir", "exec"})
    void raceThroughASwappedDirectory(String op) throws IOException {
        String before = snapshot(host);
        Run r = jailed(false, "race", op, Long.toString(RACE_MS), host.toString(), Long.toString(hostSecretIno));
        String summary = r.out().lines().filter(l -> l.startsWith("race ")).findFirst().orElse("(no summary)");
        System.out.println("attack " + summary);
        noStackTrace(r);
        assertThat(r.out()).as("what the guest saw").doesNotContain("ESCAPED");
        assertThat(summary).matches("race " + op + ": [1-9][0-9]* attempts, 0 escapes");
        assertThat(r.status()).isZero();
        assertThat(snapshot(host)).as("the host directory after the attack").isEqualTo(before);
    }

    @Test
    void thePlantedBugIsCaught() throws IOException {
        // open by host path string: a dirfd-relative open of "secret" in "dir" reads the host's secret
        Run r = jailed(true, "race", "openat", Long.toString(Math.max(RACE_MS, 1500)), host.toString(), "0");
        System.out.println("planted: " + r.out().lines().filter(l -> l.startsWith("race ")).findFirst().orElse("?"));
        assertThat(r.out()).contains("ESCAPED openat: read \"HOST-SECRET");
        assertThat(r.status()).isEqualTo(1);
    }

    @Test
    void aDirectoryDescriptorKeepsItsDirectory() throws IOException {
        String before = snapshot(host);
        Run r = jailed(false, "dirfd", host.toString());
        noStackTrace(r);
        assertThat(r.out()).isEqualTo("""
                open d: ok 3
                rename d d2: ok 0
                symlink host d: ok 0
                getdents: . .. inner
                openat inner: ok
                openat HOSTFILE: ENOENT
                fchdir: ok 0
                open HOSTFILE after fchdir: ENOENT
                fstatat ../d/HOSTFILE: ENOENT
                escapes 0
                """);
        assertThat(snapshot(host)).isEqualTo(before);
    }

    /** The same subcommand natively in a scratch directory and jailed in another: the same bytes. */
    String sameAsNative(String what, Path interp) throws Exception {
        Path nat = Files.createDirectory(tmp.resolve("native-" + what));
        Files.copy(Guests.path("attack"), nat.resolve("attack"));
        if (interp != null) {
            Files.copy(interp, nat.resolve("interp"));
            Files.copy(interp, jail.resolve("interp"));
        }
        ProcessBuilder pb = new ProcessBuilder(nat.resolve("attack").toString(), what).directory(nat.toFile());
        pb.environment().clear();
        pb.environment().put("HOME", "/");
        pb.environment().put("LANG", "C");
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        p.getErrorStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        Run r = jailed(false, what);
        noStackTrace(r);
        assertThat(r.out()).as("%s under Helctic vs natively", what).isEqualTo(new String(out, StandardCharsets.ISO_8859_1));
        assertThat(r.status()).isEqualTo(p.exitValue());
        return r.out();
    }

    /** Threads and processes until the kernel refuses one: EAGAIN (threads-max of 64 MiB is 512), then all is well. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"threads, threads: EAGAIN after more than 100", "forks, forks: EAGAIN after more than 50"})
    void exhaustingThreadsOrProcessesGetsEagain(String what, String expected) {
        Run r = jailed(false, 64L << 20, what, "100000");
        noStackTrace(r);
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).isEqualTo(expected + "\n");
        assertThat(r.status()).isZero();
    }

    @Test
    void exhaustingMemoryMeetsTheOomKillerNotTheJvm() {
        Run r = jailed(false, 64L << 20, "memory");
        noStackTrace(r);
        assertThat(r.err()).isEqualTo("helctic: pid 1: out of emulated memory, killed\n");
        assertThat(r.status()).isEqualTo(128 + 9);
    }

    @Test
    void kernelBuffersOfManyPipesStayBounded() {
        Run r = jailed(false, "pipes", "8");
        noStackTrace(r);
        assertThat(r.out()).isEqualTo("pipes: 8 processes, 0 failed\n");
    }

    @Test
    void aKillDuringMprotectOfAHugeRangeTakesEffectAtOnce() {
        Run r = jailed(false, "killlatency");
        noStackTrace(r);
        assertThat(r.out()).isEqualTo("killlatency: killed by Killed within a second\n");
    }

    @Test
    void aFaultTheGuestHandlesPrintsNothingOnTheHost() {
        Run r = jailed(false, "sigill", "1000");
        assertThat(r.out()).isEqualTo("handled 1000 SIGILLs\n");
        assertThat(r.err()).isEmpty();
        assertThat(r.status()).isZero();
    }

    @Test
    void theLCallsActOnTheLinkItself() throws Exception {
        sameAsNative("links", null);
    }

    @Test
    void namesAreBytesAndMalformedOnesGetLinuxsErrno() throws Exception {
        sameAsNative("names", null);
    }

    /** Names reach the host as bytes whatever the host's locale: the CLI in a JVM started under LANG=C, then a UTF-8 locale. */
    @ParameterizedTest(name = "LANG={0}")
    @ValueSource(strings = {"C", "C.UTF-8"})
    void namesAreBytesUnderEveryLocale(String lang) throws Exception {
        String expected = sameAsNative("names", null);
        Path again = Files.createDirectory(tmp.resolve("jail-" + lang));
        Files.createDirectories(again.resolve("w"));
        Files.copy(Guests.path("attack"), again.resolve("w/attack"));
        List<String> cmd = CommandLineTest.cliCommand();
        cmd.addAll(List.of("run", "--root=" + again, "/w/attack", "names"));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(again.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("LC_") || k.equals("LANG"));
        pb.environment().put("LANG", lang);
        pb.environment().put("LC_ALL", lang);
        Path errFile = tmp.resolve("stderr-" + lang);
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).redirectError(errFile.toFile());
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(Files.readString(errFile, StandardCharsets.ISO_8859_1)).doesNotContain("\tat ").doesNotContain("Exception");
        assertThat(new String(out, StandardCharsets.ISO_8859_1)).as("names under LANG=%s", lang).isEqualTo(expected);
        assertThat(p.exitValue()).isZero();
    }

    @Test
    void shebangLinesSplitAsLinuxSplitsThem() throws Exception {
        sameAsNative("shebang", Guests.path("args"));
    }
}
