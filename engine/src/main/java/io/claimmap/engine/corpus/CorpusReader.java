package io.claimmap.engine.corpus;

import io.claimmap.engine.input.InputLimits;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongConsumer;
import java.util.stream.Stream;

/**
 * Walks a corpus: files and folders (recursively, in name order, symbolic links to folders not followed, hidden files
 * skipped) and hands each entry to a sink as it is read; a broken link, a pipe or a device is an unreadable entry. {@code *.jsonl} files give one entry per non-blank line,
 * {@code *.json} files one JSON entry, every other file one {@link CorpusEntry.Input}. Memory does not grow with the
 * corpus: a file is streamed line by line, and no line is kept past the limit of one input.
 */
public final class CorpusReader {
    /** Receives the entries; may block (a bounded queue) to hold the reader back. */
    public interface Sink {
        void accept(CorpusEntry entry) throws InterruptedException;
    }

    private static final int BUFFER = 1 << 16;

    private final LongConsumer bytesRead;
    private final Path excluded;

    /** @param bytesRead told how many bytes were read as the reader goes (for a progress bar); may be a no-op */
    public CorpusReader(LongConsumer bytesRead) {
        this(bytesRead, null);
    }

    /**
     * @param excluded a folder never read, wherever it is in the corpus: audit's {@code --out}, whose results would
     *                 otherwise be read as entries by the next run (or by this one, as they are written); may be null
     */
    public CorpusReader(LongConsumer bytesRead, Path excluded) {
        this.bytesRead = bytesRead;
        this.excluded = excluded == null ? null : excluded.toAbsolutePath().normalize();
    }

    /** Checks that every corpus argument exists; returns the first that does not, or null. */
    public static Path firstMissing(List<Path> roots) {
        return roots.stream().filter(root -> !Files.exists(root)).findFirst().orElse(null);
    }

    /** The total size of the corpus files, for an estimate of the time left. */
    public static long size(List<Path> roots) {
        long total = 0;
        for (Path root : roots) {
            try (Stream<Path> files = Files.walk(root)) {
                total += files.filter(Files::isRegularFile).mapToLong(file -> {
                    try {
                        return Files.size(file);
                    } catch (IOException e) {
                        return 0;
                    }
                }).sum();
            } catch (IOException | RuntimeException e) {
                // the size is an estimate; the walk itself reports what cannot be read
            }
        }
        return total;
    }

    public void read(List<Path> roots, Sink sink) throws InterruptedException {
        for (Path root : roots) {
            if (Files.isDirectory(root)) {
                walk(root, root, sink);
            } else {
                String name = root.getFileName() == null ? root.toString() : root.getFileName().toString();
                readFile(root, name, sink);
            }
        }
    }

    private void walk(Path root, Path folder, Sink sink) throws InterruptedException {
        Path[] children;
        try (Stream<Path> list = Files.list(folder)) {
            children = list.toArray(Path[]::new);
        } catch (IOException e) {
            sink.accept(new CorpusEntry.Unreadable(source(root, folder) + "/", "the folder cannot be read: " + describe(e)));
            return;
        }
        Arrays.sort(children);
        for (Path child : children) {
            if (child.getFileName().toString().startsWith(".")
                    || excluded != null && child.toAbsolutePath().normalize().equals(excluded)) {
                continue;
            }
            if (Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)) {
                walk(root, child, sink);
            } else if (Files.isRegularFile(child)) {
                readFile(child, source(root, child), sink);
            } else if (!Files.isDirectory(child)) {
                // Never opened: a pipe or a device could block or never end. A link to a folder is skipped, as said.
                sink.accept(new CorpusEntry.Unreadable(source(root, child), Files.exists(child)
                        ? "not a regular file (a pipe, socket or device)" : "a link to nothing (" + describeLink(child) + ")"));
            }
        }
    }

    private static String source(Path root, Path file) {
        return root.relativize(file).toString().replace('\\', '/');
    }

    private void readFile(Path file, String source, Sink sink) throws InterruptedException {
        String name = file.getFileName() == null ? "" : file.getFileName().toString();
        if (name.endsWith(".jsonl")) {
            readLines(file, source, sink);
            return;
        }
        byte[] content;
        try (InputStream in = Files.newInputStream(file)) {
            content = in.readNBytes(InputLimits.MAX_INPUT_BYTES + 1);
        } catch (IOException e) {
            sink.accept(new CorpusEntry.Unreadable(source, "the file cannot be read: " + describe(e)));
            return;
        }
        bytesRead.accept(content.length);
        if (content.length > InputLimits.MAX_INPUT_BYTES) {
            sink.accept(new CorpusEntry.Unreadable(source, "the file is over the " + InputLimits.MAX_INPUT_BYTES / 1024
                    + " KiB limit of one input"));
        } else if (name.endsWith(".json")) {
            sink.accept(new CorpusEntry.Json(source, content));
        } else {
            sink.accept(new CorpusEntry.Input(source, content));
        }
    }

    /** One entry per non-blank line; a line over the limit is an unreadable entry and the rest of it is skipped. */
    private void readLines(Path file, String source, Sink sink) throws InterruptedException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[BUFFER];
            byte[] line = new byte[1024];
            int length = 0;
            boolean overLimit = false;
            long lineNumber = 1;
            int read;
            while ((read = in.read(buffer)) > 0) {
                bytesRead.accept(read);
                int start = 0;
                for (int i = 0; i < read; i++) {
                    if (buffer[i] != '\n') {
                        continue;
                    }
                    int chunk = i - start;
                    if (!overLimit) {
                        if (length + chunk > InputLimits.MAX_INPUT_BYTES) {
                            overLimit = true;
                        } else {
                            line = append(line, length, buffer, start, chunk);
                            length += chunk;
                        }
                    }
                    emit(source, lineNumber++, line, length, overLimit, sink);
                    length = 0;
                    overLimit = false;
                    if (line.length > 64 * 1024) {
                        line = new byte[1024]; // do not keep a large buffer for one large line
                    }
                    start = i + 1;
                }
                int rest = read - start;
                if (!overLimit) {
                    if (length + rest > InputLimits.MAX_INPUT_BYTES) {
                        overLimit = true;
                    } else {
                        line = append(line, length, buffer, start, rest);
                        length += rest;
                    }
                }
            }
            if (length > 0 || overLimit) {
                emit(source, lineNumber, line, length, overLimit, sink);
            }
        } catch (IOException e) {
            sink.accept(new CorpusEntry.Unreadable(source, "the file cannot be read: " + describe(e)));
        }
    }

    private static byte[] append(byte[] line, int length, byte[] from, int offset, int count) {
        if (length + count > line.length) {
            line = Arrays.copyOf(line, Math.max(line.length * 2, length + count));
        }
        System.arraycopy(from, offset, line, length, count);
        return line;
    }

    private static void emit(String source, long lineNumber, byte[] line, int length, boolean overLimit, Sink sink)
            throws InterruptedException {
        String name = source + ":" + lineNumber;
        if (overLimit) {
            sink.accept(new CorpusEntry.Unreadable(name, "the line is over the " + InputLimits.MAX_INPUT_BYTES / 1024
                    + " KiB limit of one input"));
            return;
        }
        int end = length;
        if (end > 0 && line[end - 1] == '\r') {
            end--;
        }
        if (blank(line, end)) {
            return;
        }
        sink.accept(new CorpusEntry.Json(name, Arrays.copyOf(line, end)));
    }

    private static boolean blank(byte[] line, int length) {
        for (int i = 0; i < length; i++) {
            byte b = line[i];
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }

    private static String describeLink(Path link) {
        try {
            return "it points to " + Files.readSymbolicLink(link);
        } catch (IOException | UnsupportedOperationException e) {
            return "it cannot be followed";
        }
    }

    private static String describe(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** The corpus arguments as paths, in the order given. */
    public static List<Path> paths(List<String> arguments) {
        List<Path> paths = new ArrayList<>();
        arguments.forEach(argument -> paths.add(Path.of(argument)));
        return paths;
    }
}
