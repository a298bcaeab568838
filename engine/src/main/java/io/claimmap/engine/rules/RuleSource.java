package io.claimmap.engine.rules;

import io.claimmap.engine.input.BoundedFiles;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/** One {@code .drl} file: where it came from and its text. */
public record RuleSource(String origin, String drl) {
    private static final int MAX_DRL_BYTES = 1024 * 1024;

    /**
     * Reads a {@code .drl} file, or every {@code .drl} in a folder and its subfolders, sorted, skipping hidden files
     * and folders: a Kubernetes ConfigMap mount keeps a second copy of every file under {@code ..<timestamp>/}.
     */
    public static List<RuleSource> read(Path path) throws IOException {
        if (!Files.exists(path)) {
            throw new NoSuchFileException(path.toString(), null, "no such file or folder");
        }
        List<Path> files = new ArrayList<>();
        if (Files.isDirectory(path)) {
            try (Stream<Path> walk = Files.walk(path)) {
                walk.filter(p -> p.toString().endsWith(".drl") && Files.isRegularFile(p) && !hidden(path.relativize(p)))
                        .sorted().forEach(files::add);
            }
            if (files.isEmpty()) {
                throw new NoSuchFileException(path.toString(), null, "the folder holds no .drl file");
            }
        } else {
            files.add(path);
        }
        List<RuleSource> sources = new ArrayList<>();
        for (Path file : files) {
            String text;
            try {
                text = BoundedFiles.readString(file, MAX_DRL_BYTES);
            } catch (CharacterCodingException e) {
                throw new IOException(file + ": is not UTF-8 text");
            }
            if (text == null) {
                throw new IOException(file + ": over " + MAX_DRL_BYTES / 1024 + " KiB");
            }
            sources.add(new RuleSource(file.toString(), text));
        }
        return sources;
    }

    /**
     * {@link #read} for each path, a file named twice (a folder and a file in it, say) read once: as one file it
     * compiles and runs once, where twice would be the same rule names twice.
     */
    public static List<RuleSource> readAll(List<Path> paths) throws IOException {
        List<RuleSource> sources = new ArrayList<>();
        Set<Path> seen = new HashSet<>();
        for (Path path : paths) {
            for (RuleSource source : read(path)) {
                if (seen.add(Path.of(source.origin()).toAbsolutePath().normalize())) {
                    sources.add(source);
                }
            }
        }
        return sources;
    }

    private static boolean hidden(Path relative) {
        for (Path part : relative) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    /** A content hash over several sources: the cache key of their compiled form and the rule-set revision. */
    public static String hash(String salt, List<RuleSource> sources) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(salt.getBytes(StandardCharsets.UTF_8));
            for (RuleSource source : sources) {
                digest.update((byte) 0);
                digest.update(source.drl().getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
