package io.claimmap.server;

import io.claimmap.engine.ValidationSettings;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Watched {@code --rules} folders may be empty: a Kubernetes ConfigMap can start with no {@code .drl} file. Such a
 * folder adds no rules (the built-in packs serve) until a file appears in it; a reload picks it up.
 */
public final class RuleFolders {
    private RuleFolders() {
    }

    /** The folders among {@code paths} that hold no (visible) {@code .drl} file now. */
    public static List<Path> empty(List<Path> paths) {
        return paths.stream().filter(RuleFolders::isEmptyFolder).toList();
    }

    /** The settings with the rule paths that hold rules now: evaluated afresh at start and at every reload. */
    public static ValidationSettings withRules(ValidationSettings settings, List<Path> watched) {
        List<Path> present = watched.stream().filter(path -> !isEmptyFolder(path)).toList();
        return present.size() == settings.rules().size() ? settings : settings.toBuilder().rules(present).build();
    }

    private static boolean isEmptyFolder(Path path) {
        if (!Files.isDirectory(path)) {
            return false;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            return walk.noneMatch(file -> file.toString().endsWith(".drl") && Files.isRegularFile(file)
                    && !hidden(path.relativize(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean hidden(Path relative) {
        for (Path part : relative) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }
}
