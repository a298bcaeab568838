package io.claimmap.engine.corpus;

import io.claimmap.engine.input.InputLimits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CorpusReaderTest {
    @TempDir
    Path dir;

    private List<CorpusEntry> read(Path... roots) throws Exception {
        List<CorpusEntry> entries = new ArrayList<>();
        new CorpusReader(bytes -> { }).read(List.of(roots), entries::add);
        return entries;
    }

    private static List<String> sources(List<CorpusEntry> entries) {
        return entries.stream().map(CorpusEntry::source).toList();
    }

    @Test
    void walksFoldersRecursivelyInNameOrderSkippingHiddenFiles() throws Exception {
        Files.createDirectories(dir.resolve("b/nested"));
        Files.writeString(dir.resolve("b/nested/z.jwt"), "a.b.c");
        Files.writeString(dir.resolve("a.xml"), "<x/>");
        Files.writeString(dir.resolve("c.json"), "{\"sub\": \"1\"}");
        Files.writeString(dir.resolve(".hidden.jwt"), "a.b.c");
        List<CorpusEntry> entries = read(dir);
        assertEquals(List.of("a.xml", "b/nested/z.jwt", "c.json"), sources(entries));
        assertInstanceOf(CorpusEntry.Input.class, entries.get(0));
        assertInstanceOf(CorpusEntry.Json.class, entries.get(2));
    }

    @Test
    void aBrokenLinkIsAnUnreadableEntryAndALinkToAFolderIsNotFollowed() throws Exception {
        Path corpus = Files.createDirectories(dir.resolve("corpus"));
        Files.writeString(corpus.resolve("a.json"), "{\"sub\": \"1\"}");
        Files.createSymbolicLink(corpus.resolve("broken.jwt"), dir.resolve("gone.jwt"));
        Files.createSymbolicLink(corpus.resolve("loop"), dir);
        List<CorpusEntry> entries = read(corpus);
        assertEquals(List.of("a.json", "broken.jwt"), sources(entries));
        assertTrue(((CorpusEntry.Unreadable) entries.get(1)).message().startsWith("a link to nothing"), entries.toString());
    }

    @Test
    void anExcludedFolderIsNotRead() throws Exception {
        Files.writeString(dir.resolve("a.json"), "{\"sub\": \"1\"}");
        Files.createDirectories(dir.resolve("out"));
        Files.writeString(dir.resolve("out/results.jsonl"), "{\"source\": \"a.json\"}\n");
        List<CorpusEntry> entries = new ArrayList<>();
        new CorpusReader(bytes -> { }, dir.resolve("./out/")).read(List.of(dir), entries::add);
        assertEquals(List.of("a.json"), sources(entries));
    }

    @Test
    void aFileArgumentIsNamedByItsFileName() throws Exception {
        Path file = Files.writeString(dir.resolve("token.jwt"), "a.b.c");
        assertEquals(List.of("token.jwt"), sources(read(file)));
    }

    @Test
    void jsonLinesGiveOneEntryPerNonBlankLineNamedByLineNumber() throws Exception {
        Path file = Files.writeString(dir.resolve("claims.jsonl"), "{\"sub\":\"1\"}\r\n\n   \n{\"sub\":\"4\"}\n{\"sub\":\"5\"}");
        List<CorpusEntry> entries = read(file);
        assertEquals(List.of("claims.jsonl:1", "claims.jsonl:4", "claims.jsonl:5"), sources(entries));
        assertEquals("{\"sub\":\"1\"}", new String(((CorpusEntry.Json) entries.get(0)).content(), StandardCharsets.UTF_8));
        assertEquals("{\"sub\":\"5\"}", new String(((CorpusEntry.Json) entries.get(2)).content(), StandardCharsets.UTF_8));
    }

    @Test
    void aLineOverTheLimitIsUnreadableAndTheNextLineIsRead() throws Exception {
        Path file = dir.resolve("big.jsonl");
        byte[] big = "x".repeat(InputLimits.MAX_INPUT_BYTES + 10).getBytes(StandardCharsets.US_ASCII);
        Files.write(file, big);
        Files.writeString(file, "\n{\"sub\":\"2\"}\n", java.nio.file.StandardOpenOption.APPEND);
        List<CorpusEntry> entries = read(file);
        assertEquals(List.of("big.jsonl:1", "big.jsonl:2"), sources(entries));
        assertInstanceOf(CorpusEntry.Unreadable.class, entries.get(0));
        assertInstanceOf(CorpusEntry.Json.class, entries.get(1));
    }

    @Test
    void aFileOverTheLimitIsUnreadable() throws Exception {
        Path file = dir.resolve("huge.jwt");
        Files.write(file, new byte[InputLimits.MAX_INPUT_BYTES + 1]);
        CorpusEntry entry = read(file).get(0);
        assertInstanceOf(CorpusEntry.Unreadable.class, entry);
        assertTrue(((CorpusEntry.Unreadable) entry).message().contains("limit"));
    }

    @Test
    void countsTheBytesItReads() throws Exception {
        Path file = Files.writeString(dir.resolve("claims.jsonl"), "{}\n{}\n");
        AtomicLong bytes = new AtomicLong();
        new CorpusReader(bytes::addAndGet).read(List.of(file), entry -> { });
        assertEquals(6, bytes.get());
        assertEquals(6, CorpusReader.size(List.of(dir)));
    }

    @Test
    void namesAMissingArgument() throws Exception {
        Path present = Files.writeString(dir.resolve("a.jwt"), "a.b.c");
        assertNull(CorpusReader.firstMissing(List.of(present)));
        assertEquals(dir.resolve("nope"), CorpusReader.firstMissing(List.of(present, dir.resolve("nope"))));
    }
}
