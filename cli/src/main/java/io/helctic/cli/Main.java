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
     * (-XX:StartFlightRecording) is written by one. Those keep System.exit. And halt itself is
     * skipped where the host allows (HostExit: exit_group at once, without HotSpot's exit protocol,
     * which waits in 10 ms steps for busy compiler threads); -Dhelctic.exit=jvm keeps it.
     */
    static void exit(int status) {
        System.out.flush();
        System.err.flush();
        if (Boolean.getBoolean("helctic.jit.profile") || flightRecorder()) System.exit(status);
        if (io.helctic.kernel.host.HostExit.available()) io.helctic.kernel.host.HostExit.now(status);
        Runtime.getRuntime().halt(status);
    }

    /**
     * Whether the flight recorder runs. jdk.jfr's presence in the boot layer says nothing: it is
     * always there, bound in through java.management's service (jdk.management.jfr), which the
     * kernel requires; until 2026-12-07 that test kept every run on System.exit (a static hello
     * spent 7-11 ms at its end looking up the logger).
     */
    private static boolean flightRecorder() {
        return ModuleLayer.boot().findModule("jdk.jfr").isPresent() && jdk.jfr.FlightRecorder.isInitialized();
    }

    /** The status of a command that failed inside Helctic itself (EX_SOFTWARE). */
    static final int INTERNAL_ERROR = 70;

    static String internalError(Throwable e) {
        return "helctic: internal error: " + e;
    }

    /** The command line's parser, as {@link #execute} configures it. */
    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setExpandAtFiles(false); // "@name" is an argument for the guest, not a file of options
        cl.setStopAtPositional(true); // the guest's own options follow its name
        return cl;
    }

    /** Runs the command line and returns the exit status; never lets an exception escape. */
    static int execute(String... args) {
        // `helctic run [OPTIONS] PROGRAM ARGS...`: exactly what picocli would parse, without loading
        // picocli (see QuickRun). Everything else goes through picocli.
        RunCommand run = QuickRun.parse(args);
        if (run != null) {
            try {
                return run.call();
            } catch (RuntimeException e) {
                System.err.println(internalError(e));
                return INTERNAL_ERROR;
            }
        }
        CommandLine cl = commandLine();
        cl.setExecutionExceptionHandler((ex, line, parsed) -> {
            line.getErr().println(internalError(ex));
            return INTERNAL_ERROR;
        });
        cl.setErr(new PrintWriter(System.err, true));
        return cl.execute(args);
    }
}
