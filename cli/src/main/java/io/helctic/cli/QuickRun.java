package io.helctic.cli;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code helctic run [OPTIONS] PROGRAM ARGS...} parsed without picocli, for the run options every
 * day's use gives ({@link RunCommand}'s: flags, and options with a value as {@code --name VALUE}
 * or {@code --name=VALUE}), exactly as picocli parses them. picocli's classes are Java 5 class
 * files, which the JDK's AOT cache cannot hold, and building its model from the annotations costs
 * a cold JVM more than booting the kernel: about 110 ms of every run that gave an option
 * (measured 2026-12-07: a static hello 0.13-0.16 s plain, 0.24-0.30 s with {@code --memory 2048}).
 *
 * <p>Whatever this parser is not sure of goes to picocli, which then decides as before: help and
 * version, an option it does not know, an option given twice (picocli refuses all but
 * {@code --tmpfs}), a value that starts with '-', an empty one, a memory size other than plain
 * decimal digits, a missing PROGRAM without {@code --bundled}. {@code CommandLineTest} compares
 * this parse with picocli's on a corpus of command lines.
 */
final class QuickRun {
    private QuickRun() {}

    /** The parsed command, or null when picocli must parse {@code args}. */
    static RunCommand parse(String... args) {
        if (args.length < 2 || !args[0].equals("run")) return null;
        RunCommand r = new RunCommand();
        Set<String> seen = new HashSet<>();
        int i = 1;
        for (; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--")) {
                i++;
                break;
            }
            if (!a.startsWith("-")) break;
            int eq = a.indexOf('=');
            String name = eq > 0 ? a.substring(0, eq) : a;
            String value = eq > 0 ? a.substring(eq + 1) : null;
            boolean flag;
            switch (name) {
                case "--strace", "--stats", "--read-only" -> flag = true;
                case "--memory", "--root", "--subvol", "--tmpfs", "--net", "--bundled" -> flag = false;
                default -> {
                    return null;
                }
            }
            if (!name.equals("--tmpfs") && !seen.add(name)) return null;
            if (flag) {
                if (value != null) return null;
                switch (name) {
                    case "--strace" -> r.strace = true;
                    case "--stats" -> r.stats = true;
                    default -> r.readOnly = true;
                }
                continue;
            }
            if (value == null) {
                if (++i == args.length) return null;
                value = args[i];
            }
            if (value.isEmpty() || value.startsWith("-")) return null;
            switch (name) {
                case "--memory" -> {
                    if (!plainNumber(value)) return null;
                    r.memoryMib = Long.parseLong(value);
                }
                case "--root" -> {
                    try {
                        r.root = Path.of(value);
                    } catch (InvalidPathException e) {
                        return null;
                    }
                }
                case "--subvol" -> r.subvol = value;
                case "--tmpfs" -> r.tmpfs.add(value);
                case "--net" -> r.net = value;
                default -> r.bundled = value;
            }
        }
        if (i < args.length) {
            r.program = args[i];
            r.args.addAll(List.of(args).subList(i + 1, args.length));
        } else if (r.bundled == null) {
            return null;
        }
        return r;
    }

    /** Decimal digits without a sign or a leading zero, at most 18 (no regex: it costs a cold JVM). */
    private static boolean plainNumber(String v) {
        if (v.length() > 18 || v.charAt(0) == '0') return false;
        for (int k = 0; k < v.length(); k++) {
            if (v.charAt(k) < '0' || v.charAt(k) > '9') return false;
        }
        return true;
    }
}
