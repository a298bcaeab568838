package io.claimmap.cli;

import io.claimmap.engine.rules.RuleSetLoader;

import java.util.Arrays;

/** Entry point of the {@code claimmap} executable. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("serve") && !ServerJars.onClassPath()) {
            relaunchForServe(args);
            return;
        }
        if (args.length > 0 && args[0].equals("validate") && !Arrays.asList(args).contains("--no-builtin-rules")
                && !Arrays.asList(args).contains("--help") && !Arrays.asList(args).contains("-h")) {
            // The built-in rules' KieBase does not depend on the arguments: it builds on another core while picocli
            // builds its model and parses (docs/PERFORMANCE.md); the validation's own load then takes it.
            RuleSetLoader.prefetchBuiltin();
        }
        Logging.chooseProvider(args);
        int status;
        try {
            status = ClaimmapCommand.commandLine(args).execute(args);
        } catch (OutOfMemoryError e) {
            // One line and the usage status, never "Exception in thread main" and a status that reads as a verdict.
            System.err.println("claimmap: out of memory (" + e.getMessage() + "): the rules or the input are too large for "
                    + "the JVM's heap; give it more with CLAIMMAP_JAVA_OPTS=-Xmx1g");
            status = ExitCodes.USAGE;
        } catch (StackOverflowError e) {
            System.err.println("claimmap: out of stack: something is nested too deeply; give the JVM more with "
                    + "CLAIMMAP_JAVA_OPTS=-Xss4m");
            status = ExitCodes.USAGE;
        }
        System.exit(status);
    }

    private static void relaunchForServe(String[] args) {
        try {
            ServerJars.relaunch(args);
        } catch (UsageException e) {
            System.err.println("claimmap: " + InputFiles.withoutPastedContent(e.getMessage(), args));
            System.exit(ExitCodes.USAGE);
        } catch (Exception e) {
            System.err.println("claimmap: serve could not start: " + e);
            System.exit(ExitCodes.USAGE);
        }
    }
}
