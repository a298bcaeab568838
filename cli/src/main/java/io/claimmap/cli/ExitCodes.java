package io.claimmap.cli;

/** The exit statuses of every command, as listed in --help. */
public final class ExitCodes {
    /** The verdict is pass or warn. */
    public static final int OK = 0;
    /** The verdict is fail. */
    public static final int FAIL = 1;
    /** Usage error, unreadable file, rules that do not compile, bad option value. */
    public static final int USAGE = 2;

    public static final String HELP_SECTION = "%nExit status:%n"
            + "  0  verdict pass or warn%n"
            + "  1  verdict fail%n"
            + "  2  usage error, unreadable file, rules that do not compile, bad option value%n";

    private ExitCodes() {
    }
}
