package io.helctic.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command's contract: statuses as a shell reports them, one clear line for each refusal. */
class CommandLineTest {
    @TempDir Path tmp;

    record Result(int status, String out, String err) {}

    static synchronized Result helctic(String... args) {
        PrintStream oldOut = System.out, oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int status = Main.execute(args);
            return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    /**
     * The command line that starts the CLI in a JVM of its own (this JVM's java, on its module
     * path, else its class path), for a run the test must be able to kill or that must share
     * nothing with this JVM; {@code jvmOptions} go before the main class.
     */
    static java.util.List<String> cliCommand(String... jvmOptions) {
        java.util.List<String> cmd = new java.util.ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.addAll(java.util.List.of("--enable-native-access=io.helctic.kernel", "--sun-misc-unsafe-memory-access=allow"));
        cmd.addAll(java.util.List.of(jvmOptions));
        String modules = System.getProperty("jdk.module.path");
        if (modules != null) {
            cmd.addAll(java.util.List.of("-p", modules, "-m", "io.helctic.cli/io.helctic.cli.Main"));
        } else {
            cmd.addAll(java.util.List.of("-cp", System.getProperty("java.class.path"), "io.helctic.cli.Main"));
        }
        return cmd;
    }

    private Path file(String name, byte[] content) throws IOException {
        Path p = tmp.resolve(name);
        Files.write(p, content);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        return p;
    }

    @Test
    void withNoProgramItRunsTheBundledGuest() {
        Result r = helctic("run");
        assertThat(r.out()).isEqualTo("Hello from a Linux guest on Helctic!\n");
        assertThat(r.status()).isZero();
        assertThat(helctic("run", "--bundled", "hello", "5").status()).isEqualTo(5);
    }

    /**
     * `run PROGRAM ARGS...` with no option is parsed without picocli (a start-up shortcut); it
     * must mean what picocli's parse means: everything after PROGRAM, options and @-words too,
     * belongs to the guest.
     */
    @Test
    void wordsAfterTheProgramBelongToTheGuestOnEitherParsePath() {
        String args = Guests.path("args").toString();
        Result fast = helctic("run", args, "--strace", "@no-such-file", "-x");
        Result picocli = helctic("run", "--memory", "64", args, "--strace", "@no-such-file", "-x");
        assertThat(fast.out()).contains("--strace").contains("@no-such-file").contains("-x");
        assertThat(fast.err()).as("--strace was the guest's argument, not ours").isEmpty();
        assertThat(picocli.out()).isEqualTo(fast.out());
        assertThat(picocli.err()).isEmpty();
        assertThat(picocli.status()).as("the guest exits with argc").isEqualTo(fast.status()).isEqualTo(4);
    }

    /**
     * A run ends the JVM by Runtime.halt: System.exit would look up a System.Logger (opening every
     * module's jar) — unless a flight recording runs, whose file a shutdown hook writes.
     */
    @Test
    void theJvmEndsByHaltUnlessAFlightRecordingMustBeWritten() throws Exception {
        java.util.List<String> cmd = cliCommand("-Xlog:class+init=info");
        cmd.addAll(java.util.List.of("run", "--bundled", "hello"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).isZero();
        assertThat(out).contains("Hello from a Linux guest on Helctic!").doesNotContain("jdk/internal/logger/LazyLoggers");
        Path jfr = tmp.resolve("run.jfr");
        cmd = cliCommand("-XX:StartFlightRecording=filename=" + jfr);
        cmd.addAll(java.util.List.of("run", "--bundled", "hello", "3"));
        p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertThat(p.waitFor()).isEqualTo(3);
        assertThat(jfr).as("the recording was written at exit").isNotEmptyFile();
    }

    /** What a parse of `run ...` produced, field by field. */
    private static java.util.List<Object> fields(RunCommand r) {
        return java.util.List.of(r.strace, r.stats, r.memoryMib, String.valueOf(r.root), r.readOnly, String.valueOf(r.subvol),
                java.util.List.copyOf(r.tmpfs), String.valueOf(r.net), String.valueOf(r.bundled), String.valueOf(r.program),
                java.util.List.copyOf(r.args));
    }

    /**
     * QuickRun parses `run [OPTIONS] PROGRAM ARGS...` without picocli; where it answers, it must
     * answer what picocli's parse of the same words gives, and what it is unsure of it leaves to
     * picocli.
     */
    @Test
    void theQuickParseOfRunIsPicocliS() {
        String[][] quick = {
            {"run", "/bin/true"},
            {"run", "--memory", "64", "/bin/true", "-x"},
            {"run", "--memory=64", "--stats", "--strace", "/bin/echo", "a", "--root", "b", "--", "@f"},
            {"run", "--root", "/srv/r", "--read-only", "--tmpfs", "/tmp", "--tmpfs=/run", "--subvol", "@", "/bin/sh", "-c", "x"},
            {"run", "--net=loopback", "--", "-weird-name", "arg"},
            {"run", "--net", "none", "--bundled", "hello"},
            {"run", "--bundled=hello", "5"},
            {"run", "--", "/bin/true"},
            {"run", "--", "--"},
            {"run", "--root=img=x", "--subvol=a=b", "p=q"},
            {"run", "--memory", "999999999999999999", "x"},
        };
        for (String[] args : quick) {
            RunCommand mine = QuickRun.parse(args);
            assertThat(mine).as("parsed without picocli: %s", java.util.List.of(args)).isNotNull();
            CommandLine.ParseResult pr = Main.commandLine().parseArgs(args);
            RunCommand theirs = (RunCommand) pr.subcommand().commandSpec().userObject();
            assertThat(fields(mine)).as("%s", java.util.List.of(args)).isEqualTo(fields(theirs));
        }
        String[][] toPicocli = {
            {"run"}, {"run", "--help"}, {"run", "-h", "x"}, {"run", "--version"}, {"run", "--stats", "--stats", "x"},
            {"run", "--root", "a", "--root", "b", "x"}, {"run", "--memory", "-1", "x"}, {"run", "--memory", "010", "x"},
            {"run", "--memory", "0x10", "x"}, {"run", "--memory", "+5", "x"}, {"run", "--memory", "1234567890123456789", "x"},
            {"run", "--memory", "0", "x"}, {"run", "--memory", "6x", "x"}, {"run", "--strace=true", "x"},
            {"run", "--root=", "x"}, {"run", "--unknown", "x"}, {"run", "--memory"}, {"run", "--stats"},
            {"run", "--root", "--stats", "x"}, {"run", "--mem", "64", "x"}, {"run", "-s", "x"}, {"list"},
            {"run", "--root", "a\u0000b", "x"},
        };
        for (String[] args : toPicocli) {
            assertThat(QuickRun.parse(args)).as("left to picocli: %s", java.util.List.of(args)).isNull();
        }
    }

    /**
     * The launcher hands the guest the environment exactly as given: bash would drop PS1 and PS2
     * and export in its own order, so scripts/environ.sh reads this process's initial block back
     * and escapes it for RunCommand.decodeEnviron. Backslashes, newlines and empty values survive.
     */
    @Test
    void theLauncherPassesTheEnvironmentOnAsGiven() throws Exception {
        Path script = Path.of("..", "scripts", "environ.sh").toAbsolutePath().normalize();
        java.util.List<String> given = java.util.List.of("ZED=1", "PS1=x$ ", "PS2=> ", "ALPHA=2", "NL=a\nb\\c",
                "BS=\\n", "EMPTY=", "SHLVL=7");
        java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of("env", "-i"));
        cmd.addAll(given);
        cmd.addAll(java.util.List.of("bash", "-c", ". \"$0\" && printf %s \"$HELCTIC_ENVIRON\"", script.toString()));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor()).isZero();
        assertThat(RunCommand.decodeEnviron(out).stream().map(b -> new String(b, StandardCharsets.UTF_8)).toList())
            .containsExactlyElementsOf(given);
    }

    @Test
    void aMissingProgramIs127() {
        Result r = helctic("run", tmp.resolve("nope").toString());
        assertThat(r.status()).isEqualTo(127);
        assertThat(r.err()).isEqualTo("helctic: " + tmp.resolve("nope") + ": No such file or directory\n");
        assertThat(helctic("run", "no-such-command-anywhere").err())
            .isEqualTo("helctic: no-such-command-anywhere: command not found\n");
    }

    @Test
    void unrunnableFilesAre126WithOneLine() throws IOException {
        Object[][] cases = {
            {"text", "just some text\n".getBytes(), "cannot execute binary file: Exec format error"},
            {"empty", new byte[0], "cannot execute binary file: Exec format error"},
            {"prog.exe", "MZ\u0090\0\3\0\0\0".getBytes(StandardCharsets.ISO_8859_1), "Windows PE (MZ) executable: recognised, but not supported: Windows programs need Windows's system DLLs (ntdll, kernel32), which Helctic does not provide"},
            {"macho", new byte[] {(byte) 0xcf, (byte) 0xfa, (byte) 0xed, (byte) 0xfe, 7, 0, 0, 1}, "Mach-O executable: recognised, but not supported: Darwin programs need dyld and libSystem, which Helctic does not provide"},
            {"script", "#!/nonexistent/interp -x\necho hi\n".getBytes(), "/nonexistent/interp: bad interpreter: No such file or directory"},
            {"trunc", new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0}, "malformed ELF: truncated ELF header (10 bytes, need 64)"},
        };
        byte[] openbsd = Files.readAllBytes(Path.of("/bin/true")); // dynamically linked: it names an interpreter
        openbsd[7] = 12; // ELFOSABI_OPENBSD
        cases = java.util.Arrays.copyOf(cases, cases.length + 1);
        cases[cases.length - 1] = new Object[] {"openbsd", openbsd, "an OpenBSD program linked to OpenBSD's libc through "
                + "/lib64/ld-linux-x86-64.so.2: not supported (OpenBSD's programs, Go's too, call its libc, which Helctic does not provide)"};
        for (Object[] c : cases) {
            Path p = file((String) c[0], (byte[]) c[1]);
            Result r = helctic("run", p.toString());
            assertThat(r.status()).as((String) c[0]).isEqualTo(126);
            assertThat(r.err()).as((String) c[0]).isEqualTo("helctic: " + p + ": " + c[2] + "\n");
        }
        Result dir = helctic("run", tmp.toString());
        assertThat(dir.status()).isEqualTo(126);
        assertThat(dir.err()).endsWith(": Is a directory\n");
    }

    @Test
    void aScriptRunsUnderItsInterpreter() throws IOException {
        Path script = file("greet", ("#!" + Guests.path("args") + " from-the-shebang\n").getBytes());
        Result r = helctic("run", script.toString(), "extra");
        assertThat(r.out()).contains("argc=4\n")
            .contains("argv[0]=" + Guests.path("args") + "\n")
            .contains("argv[1]=from-the-shebang\n")
            .contains("argv[2]=" + script + "\n")
            .contains("argv[3]=extra\n");
        assertThat(r.status()).isEqualTo(4);
    }

    @Test
    void aProgramWhoseInterpreterIsMissingIsRefusedClearly() throws Exception {
        Path src = tmp.resolve("dyn.c");
        Files.writeString(src, "int main(void) { return 0; }\n");
        Path exe = tmp.resolve("dyn");
        Process gcc = new ProcessBuilder("gcc", "-o", exe.toString(), src.toString(),
                "-Wl,--dynamic-linker=/nonexistent/ld-helctic.so").redirectErrorStream(true).start();
        String out = new String(gcc.getInputStream().readAllBytes());
        assertThat(gcc.waitFor()).as(out).isZero();
        Result r = helctic("run", exe.toString());
        assertThat(r.status()).isEqualTo(126);
        assertThat(r.err()).isEqualTo("helctic: " + exe + ": the interpreter /nonexistent/ld-helctic.so it asks for is missing\n");
    }

    @Test
    void aGuestRootConfinesTheProgram() throws IOException {
        Path root = Files.createDirectories(tmp.resolve("root"));
        Files.createDirectories(root.resolve("bin"));
        Files.createDirectories(root.resolve("etc"));
        Files.copy(Path.of("/bin/busybox"), root.resolve("bin/busybox"));
        Files.writeString(root.resolve("etc/hostname"), "guest-root\n");
        Files.writeString(tmp.resolve("secret"), "outside\n");
        Files.createSymbolicLink(root.resolve("escape"), Path.of("../../../../../" + tmp.resolve("secret")));
        Result r = helctic("run", "--root", root.toString(), "/bin/busybox", "cat", "/etc/hostname",
                "/../../../../etc/hostname");
        assertThat(r.out()).isEqualTo("guest-root\nguest-root\n");
        assertThat(r.status()).isZero();
        Result esc = helctic("run", "--root", root.toString(), "/bin/busybox", "cat", "/escape");
        assertThat(esc.out()).doesNotContain("outside");
        assertThat(esc.status()).isEqualTo(1);
        Result pwd = helctic("run", "--root", root.toString(), "/bin/busybox", "sh", "-c", "cd /..; pwd; ls /");
        assertThat(pwd.out()).isEqualTo("/\nbin\nescape\netc\n");
        Result exe = helctic("run", "--root", root.toString(), "/bin/busybox", "sh", "-c",
                "readlink /proc/self/exe; readlink /proc/self/root");
        assertThat(exe.out()).isEqualTo("/bin/busybox\n/\n");
    }

    @Test
    void theGuestsStatusIsTheCommands() {
        assertThat(helctic("run", Guests.path("hello").toString(), "9").status()).isEqualTo(9);
        assertThat(helctic("run", Guests.path("segv").toString()).status()).isEqualTo(139);
    }

    @Test
    void badOptionsAreUsageErrors() {
        Result r = helctic("run", "--no-such-option");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).contains("Unknown option");
    }
}
