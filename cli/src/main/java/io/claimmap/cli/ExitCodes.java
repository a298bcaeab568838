package io.claimmap.cli;

/** The exit statuses of every command, as listed in --help. */
public final class ExitCodes {
    /** The verdict is pass or warn. */
    public static final int OK = 0;
    /** The verdict is fail. */
    public static final int FAIL = 1;
    /** Usage error, unreadable file, rules that do not compile, bad option value. */
    public static final int USAGE = 2;

    private ExitCodes() {
    }
}
