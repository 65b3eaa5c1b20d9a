package io.helctic.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.helctic.kernel.boot.BootConfig;
import io.helctic.kernel.boot.Kernel;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Debian's busybox-static runs the conformance scripts in conformance/busybox natively and
 * under Helctic, each in a fresh scratch directory whose bin/ of applet links is the whole
 * PATH: standard output and exit status must be identical, byte for byte.
 */
class BusyboxConformanceTest {
    static final Path BUSYBOX = Path.of("/bin/busybox");

    static Stream<String> scripts() throws IOException {
        try (Stream<Path> s = Files.list(Rule2ModuleBoundariesTest.root().resolve("conformance/busybox"))) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".sh")).sorted().toList().stream();
        }
    }

    /** A scratch directory with bin/ holding a link per applet. */
    static Path scratch(Path parent, String name) throws Exception {
        Path dir = Files.createDirectory(parent.resolve(name));
        Path bin = Files.createDirectory(dir.resolve("bin"));
        Process list = new ProcessBuilder(BUSYBOX.toString(), "--list").start();
        for (String applet : new String(list.getInputStream().readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
            if (!applet.isBlank()) Files.createSymbolicLink(bin.resolve(applet.strip()), BUSYBOX);
        }
        list.waitFor();
        return dir;
    }

    /** The applet links point outside the temp dir: remove them ourselves, quietly. */
    static void removeLinks(Path dir) throws IOException {
        try (Stream<Path> links = Files.list(dir.resolve("bin"))) {
            for (Path l : links.toList()) Files.deleteIfExists(l);
        }
    }

    static List<String> env(Path dir) {
        return List.of("PATH=" + dir.resolve("bin"), "HOME=/nonexistent", "LANG=C");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scripts")
    void scriptRunsAsNatively(String name, @TempDir Path tmp) throws Exception {
        assertThat(BUSYBOX).as("busybox-static (./test installs it)").isExecutable();
        Path script = Rule2ModuleBoundariesTest.root().resolve("conformance/busybox").resolve(name);

        Path nd = scratch(tmp, "native");
        ProcessBuilder pb = new ProcessBuilder(BUSYBOX.toString(), "sh", script.toString()).directory(nd.toFile());
        pb.environment().clear();
        for (String kv : env(nd)) pb.environment().put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        String nativeOut = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        int nativeStatus = p.exitValue();

        Path hd = scratch(tmp, "helctic");
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int status;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            List<String> argv = new ArrayList<>(List.of(BUSYBOX.toString(), "sh", script.toString()));
            BootConfig c = BootConfig.of(BUSYBOX, argv, env(hd)).withMemory(512L << 20)
                    .withConsole(new ByteArrayInputStream(new byte[0]), o, e).withCwd(hd);
            status = Kernel.run(c);
        }
        removeLinks(nd);
        removeLinks(hd);
        String helcticOut = out.toString(StandardCharsets.UTF_8);
        assertThat(helcticOut).as("stdout of %s (helctic stderr:%n%s)", name, err.toString(StandardCharsets.UTF_8))
            .isEqualTo(nativeOut);
        assertThat(status).as("exit status of %s", name).isEqualTo(nativeStatus);
    }
}
