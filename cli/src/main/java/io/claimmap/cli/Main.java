package io.claimmap.cli;

import picocli.CommandLine;

/** Entry point of the {@code claimmap} executable. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(ClaimmapCommand.commandLine().execute(args));
    }
}
