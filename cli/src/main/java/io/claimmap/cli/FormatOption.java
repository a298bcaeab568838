package io.claimmap.cli;

import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.function.Supplier;

/** {@code --format text|json}: human text, or one JSON document on stdout for machines. */
public final class FormatOption {
    public enum Format { text, json }

    @Option(names = "--format", paramLabel = "text|json", defaultValue = "text",
            description = "Human text (default) or one JSON document on stdout.")
    Format format;

    public boolean json() {
        return format == Format.json;
    }

    /** Writes the JSON document or the human text, whichever was asked for, to the command's stdout. */
    public void print(CommandLine.Model.CommandSpec spec, Supplier<String> jsonDocument, Supplier<String> humanText) {
        PrintWriter out = spec.commandLine().getOut();
        if (json()) {
            out.println(jsonDocument.get());
        } else {
            out.print(humanText.get());
        }
        out.flush();
    }
}
