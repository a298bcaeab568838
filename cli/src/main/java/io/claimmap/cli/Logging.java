package io.claimmap.cli;

/**
 * Which SLF4J provider a command gets. {@code serve} logs through logback (see the server's ServerLogging); every
 * other command is a short run whose output is its result, so it keeps SLF4J's no-op provider: nothing on stderr
 * and no logging framework to load, which keeps cold start where it was. Both providers are on the class path, so
 * the choice is made explicitly (the {@code slf4j.provider} property), which also spares SLF4J's warning about
 * several providers.
 */
final class Logging {
    static final String LOGBACK = "ch.qos.logback.classic.spi.LogbackServiceProvider";
    static final String NOP = "org.slf4j.nop.NOPServiceProvider";

    private Logging() {
    }

    static void chooseProvider(String[] args) {
        if (System.getProperty("slf4j.provider") == null) {
            System.setProperty("slf4j.provider", args.length > 0 && args[0].equals("serve") ? LOGBACK : NOP);
        }
        if (System.getProperty("slf4j.internal.verbosity") == null) {
            System.setProperty("slf4j.internal.verbosity", "WARN"); // not "Attempting to load provider ..." on stderr
        }
    }
}
