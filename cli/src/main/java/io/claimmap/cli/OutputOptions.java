package io.claimmap.cli;

import picocli.CommandLine.Option;

/** How results are written: human text or one JSON document, with or without the rule trace. */
public final class OutputOptions {
    public enum Format { text, json }

    @Option(names = "--format", paramLabel = "text|json", defaultValue = "text",
            description = "Human text (default) or one JSON document on stdout.")
    Format format;

    @Option(names = "--explain", description = "Include the rule trace: the rules that fired, in order, with what they matched.")
    boolean explain;

    public boolean json() {
        return format == Format.json;
    }

    public boolean explain() {
        return explain;
    }
}
