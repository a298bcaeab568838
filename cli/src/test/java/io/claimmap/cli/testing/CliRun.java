package io.claimmap.cli.testing;

import io.claimmap.cli.ClaimmapCommand;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the claimmap command line in-process, as a user would type it, and keeps what it printed. */
public record CliRun(int exitCode, String out, String err) {
    public static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = ClaimmapCommand.commandLine(args); // as Main builds it
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new CliRun(exit, out.toString(), err.toString());
    }

    /** Exit status and stdout, the way an approval file shows them. */
    public String transcript() {
        return "$ exit " + exitCode + "\n" + out;
    }
}
