package io.claimmap.cli;

import picocli.CommandLine.Help.Ansi;
import picocli.CommandLine.Option;

import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * {@code --color auto|always|never}, shared by every command that prints text. {@code auto} colours only on a
 * terminal, as picocli's {@link Ansi#AUTO} detects it, and never when {@code NO_COLOR} is set (no-color.org) or
 * {@code TERM} is {@code dumb}; {@code always} and {@code never} are the user's explicit choice and win over both.
 */
public final class ColorOption {
    public enum Mode { auto, always, never }

    @Option(names = "--color", paramLabel = "auto|always|never", defaultValue = "auto",
            description = "Colour the text output: auto (on a terminal, unless NO_COLOR is set), always or never "
                    + "(default: ${DEFAULT-VALUE}).")
    Mode mode = Mode.auto;

    /** The picocli {@link Ansi} the text printers paint with: {@link Ansi#ON} or {@link Ansi#OFF}. */
    public Ansi ansi() {
        // Not the method reference Ansi.AUTO::enabled: a lambda capturing an Ansi makes the start-up archive's dump
        // link picocli's (Java 5) Ansi class, which the dump then leaves out, and every run loads it from the jar.
        return enabled(mode, System.getenv(), () -> Ansi.AUTO.enabled()) ? Ansi.ON : Ansi.OFF;
    }

    static boolean enabled(Mode mode, Map<String, String> env, BooleanSupplier terminal) {
        return switch (mode) {
            case always -> true;
            case never -> false;
            case auto -> !present(env.get("NO_COLOR")) && !"dumb".equals(env.get("TERM")) && terminal.getAsBoolean();
        };
    }

    private static boolean present(String value) {
        return value != null && !value.isEmpty();
    }
}
