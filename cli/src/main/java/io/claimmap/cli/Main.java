package io.claimmap.cli;

/** Entry point of the {@code claimmap} executable. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        Logging.chooseProvider(args);
        System.exit(ClaimmapCommand.commandLine().execute(args));
    }
}
