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
        System.exit(execute(args));
    }

    /** Runs the command line and returns the exit status; never lets an exception escape. */
    static int execute(String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setStopAtPositional(true); // the guest's own options follow its name
        cl.setExecutionExceptionHandler((ex, line, parsed) -> {
            line.getErr().println("helctic: internal error: " + ex);
            return 70;
        });
        cl.setErr(new PrintWriter(System.err, true));
        return cl.execute(args);
    }
}
