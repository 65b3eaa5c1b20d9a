package io.helctic.cli;

import io.helctic.abi.Personality;
import io.helctic.guests.BundledGuests;
import io.helctic.kernel.boot.BootConfig;
import io.helctic.kernel.boot.Kernel;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs guests under Helctic (in this JVM) and natively, capturing output and status. */
final class Guests {
    /** What a run produced. */
    record Run(String stdout, String stderr, int status) {}

    private static Path dir;

    private Guests() {}

    static synchronized Path path(String name) {
        try {
            if (dir == null) {
                dir = Files.createTempDirectory("helctic-test-guests");
                dir.toFile().deleteOnExit();
            }
            Path p = dir.resolve(name);
            if (!Files.exists(p)) BundledGuests.extract(name, dir);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Run helctic(String name, List<String> args, List<String> env) {
        return helctic(name, args, env, false, null);
    }

    static Run helctic(String name, List<String> args, List<String> env, boolean strace, Personality personality) {
        return helctic(name, args, env, strace, personality, BootConfig.PlantedBug.NONE);
    }

    /** With a planted bug, to show that a comparison catches it. */
    static Run helctic(String name, List<String> args, List<String> env, boolean strace, Personality personality,
                       BootConfig.PlantedBug bug) {
        Path p = path(name);
        List<String> argv = new ArrayList<>();
        argv.add(p.toString());
        argv.addAll(args);
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            BootConfig c = BootConfig.of(p, argv, env).withMemory(256L << 20).withStrace(strace)
                    .withConsole(new ByteArrayInputStream(new byte[0]), o, e).withPersonality(personality)
                    .withPlantedBug(bug);
            int status = Kernel.run(c);
            return new Run(out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8), status);
        } catch (Exception ex) {
            throw new AssertionError("helctic could not run " + name, ex);
        }
    }

    static Run natively(String name, List<String> args, List<String> env) {
        List<String> cmd = new ArrayList<>();
        cmd.add(path(name).toString());
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().clear();
        for (String kv : env) {
            int eq = kv.indexOf('=');
            pb.environment().put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        try {
            Process pr = pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            byte[] out = pr.getInputStream().readAllBytes();
            byte[] err = pr.getErrorStream().readAllBytes();
            if (!pr.waitFor(60, TimeUnit.SECONDS)) throw new AssertionError(name + " hung natively");
            return new Run(new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8), pr.exitValue());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
