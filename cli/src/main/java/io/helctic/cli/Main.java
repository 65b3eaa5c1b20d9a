package io.helctic.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code helctic}: run guest programs on the Helctic kernel. */
@Command(name = "helctic", mixinStandardHelpOptions = true, version = "helctic 0.1.0",
         description = "A multi-personality kernel, hosted on the JVM.",
         subcommands = {RunCommand.class, BtrfsCommand.class})
public final class Main {

    public static void main(String[] args) {
        exit(execute(args));
    }

    /**
     * Ends the JVM with the status: Runtime.halt, not System.exit. Since JDK 21 System.exit asks
     * for a System.Logger to log the exit at DEBUG level, and that first request looks for a
     * LoggerFinder service in every module's jar, opening and inflating each: 10-15 ms at the end
     * of every run (measured 2026-12-07, hello 113 -> 100 ms). Nothing of Helctic's needs a
     * shutdown hook (RunCommand deletes a bundled guest's temporary copy itself), except the JIT's
     * report under -Dhelctic.jit.profile; and a flight recording started on the command line
     * (-XX:StartFlightRecording, which puts jdk.jfr in the boot layer) is written by one. Those
     * keep System.exit.
     */
    static void exit(int status) {
        System.out.flush();
        System.err.flush();
        if (Boolean.getBoolean("helctic.jit.profile") || ModuleLayer.boot().findModule("jdk.jfr").isPresent()) {
            System.exit(status);
        }
        Runtime.getRuntime().halt(status);
    }

    /** The status of a command that failed inside Helctic itself (EX_SOFTWARE). */
    static final int INTERNAL_ERROR = 70;

    static String internalError(Throwable e) {
        return "helctic: internal error: " + e;
    }

    /** Runs the command line and returns the exit status; never lets an exception escape. */
    static int execute(String... args) {
        if (args.length >= 2 && args[0].equals("run") && !args[1].startsWith("-")) {
            // `helctic run PROGRAM ARGS...` with no option: exactly what picocli would parse (it stops
            // at the first positional), without loading picocli. Its classes are compiled for Java 5,
            // which the JDK's AOT cache cannot hold, and parsing its annotations costs more start-up
            // time than booting the kernel. Everything else goes through picocli.
            RunCommand run = new RunCommand();
            run.program = args[1];
            run.args.addAll(java.util.List.of(args).subList(2, args.length));
            try {
                return run.call();
            } catch (RuntimeException e) {
                System.err.println(internalError(e));
                return INTERNAL_ERROR;
            }
        }
        CommandLine cl = new CommandLine(new Main());
        cl.setExpandAtFiles(false); // "@name" is an argument for the guest, not a file of options
        cl.setStopAtPositional(true); // the guest's own options follow its name
        cl.setExecutionExceptionHandler((ex, line, parsed) -> {
            line.getErr().println(internalError(ex));
            return INTERNAL_ERROR;
        });
        cl.setErr(new PrintWriter(System.err, true));
        return cl.execute(args);
    }
}
