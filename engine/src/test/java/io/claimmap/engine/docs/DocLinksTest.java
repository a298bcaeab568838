package io.claimmap.engine.docs;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every relative link in README.md, docs/*.md and examples/**.md resolves to a file inside the repository: users have
 * the repository, not the files next to it (such as a contract kept outside it).
 */
class DocLinksTest {
    private static final Pattern LINK = Pattern.compile("\\[[^\\]]*]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    private static List<Path> pages() throws IOException {
        List<Path> pages = new ArrayList<>(List.of(ROOT.resolve("README.md")));
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        try (Stream<Path> examples = Files.walk(ROOT.resolve("examples"))) {
            examples.filter(p -> p.toString().endsWith(".md") && !p.toString().contains("/target/")).sorted()
                    .forEach(pages::add);
        }
        return pages;
    }

    @Test
    void everyRelativeLinkResolvesToAFileInsideTheRepository() throws Exception {
        assertTrue(Files.exists(ROOT.resolve("pom.xml")) && Files.exists(ROOT.resolve("README.md")), ROOT.toString());
        List<String> broken = new ArrayList<>();
        int links = 0;
        for (Path page : pages()) {
            Matcher link = LINK.matcher(Files.readString(page));
            while (link.find()) {
                String target = link.group(1);
                if (target.matches("(?i)[a-z][a-z0-9+.-]*:.*") || target.startsWith("#")) {
                    continue; // https:, mailto:, and anchors within the page
                }
                links++;
                String file = target.replaceFirst("#.*$", "");
                Path resolved = page.getParent().resolve(file).normalize();
                if (!resolved.startsWith(ROOT)) {
                    broken.add(ROOT.relativize(page) + ": " + target + " points outside the repository");
                } else if (!Files.exists(resolved)) {
                    broken.add(ROOT.relativize(page) + ": " + target + " does not exist");
                }
            }
        }
        assertEquals(List.of(), broken);
        assertTrue(links > 10, "found only " + links + " relative links: is the pattern right?");
    }

    @Test
    void noPageMentionsAFileOutsideTheRepository() throws Exception {
        List<String> mentions = new ArrayList<>();
        for (Path page : pages()) {
            String text = Files.readString(page);
            if (text.contains("shared/CONTRACT.md")) {
                mentions.add(ROOT.relativize(page).toString());
            }
        }
        assertEquals(List.of(), mentions);
    }
}
