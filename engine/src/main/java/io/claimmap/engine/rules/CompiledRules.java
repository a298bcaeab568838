package io.claimmap.engine.rules;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * DRL compiled to the Drools executable model: generated class files and the names of the Model classes among them.
 * Written to a folder (a cache entry, or the rules module's classes at build time) and loaded from it.
 */
public record CompiledRules(Map<String, byte[]> classFiles, List<String> modelClassNames) {
    /** Lists the Model classes of a compiled folder, one binary class name a line. */
    public static final String MODELS_FILE = "claimmap-models.txt";

    public void writeTo(Path folder) throws IOException {
        for (Map.Entry<String, byte[]> entry : classFiles.entrySet()) {
            Path file = folder.resolve(entry.getKey());
            Files.createDirectories(file.getParent());
            Files.write(file, entry.getValue());
        }
        Files.writeString(folder.resolve(MODELS_FILE), String.join("\n", modelClassNames) + "\n", StandardCharsets.UTF_8);
    }

    public static List<String> readModelNames(String text) {
        List<String> names = new ArrayList<>();
        try (Stream<String> lines = text.lines()) {
            lines.map(String::strip).filter(CompiledRules::isClassName).forEach(names::add);
        }
        return names;
    }

    // The model list Drools writes also carries a "Drools-Model-Version:" line; ours carries "# revision".
    private static boolean isClassName(String line) {
        return !line.isEmpty() && !line.startsWith("#") && line.indexOf(':') < 0;
    }
}
