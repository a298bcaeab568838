package io.claimmap.cli;

import picocli.CommandLine.Option;

/** {@code --format text|json}: human text, or one JSON document on stdout for machines. */
public final class FormatOption {
    public enum Format { text, json }

    @Option(names = "--format", paramLabel = "text|json", defaultValue = "text",
            description = "Human text (default) or one JSON document on stdout.")
    Format format;

    public boolean json() {
        return format == Format.json;
    }
}
