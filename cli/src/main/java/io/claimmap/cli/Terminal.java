package io.claimmap.cli;

/** Whether to colour output: only on an interactive terminal, and never when NO_COLOR is set. */
final class Terminal {
    private Terminal() {
    }

    static boolean colour() {
        if (System.getenv("NO_COLOR") != null || "dumb".equals(System.getenv("TERM"))) {
            return false;
        }
        return System.console() != null;
    }
}
