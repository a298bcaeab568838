package io.claimmap.cli;

import io.claimmap.engine.rules.RuleSetLoader;

import java.util.Arrays;

/** Entry point of the {@code claimmap} executable. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("validate")
                && !Arrays.asList(args).contains("--no-builtin-rules") && !Arrays.asList(args).contains("--help")) {
            // the built-in rules' KieBase is most of a validation's cold start: build it on another core meanwhile
            RuleSetLoader.prefetchBuiltin();
        }
        System.exit(ClaimmapCommand.commandLine(args).execute(args));
    }
}
