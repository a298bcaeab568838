package io.claimmap.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.claimmap.cli.testing.CliRun;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The author's loop of docs/RULES.md, run as written: the claims shown, the rule, the claims file, the explained
 * miss, the test file and the CI snippets. The docs cannot drift from the commands.
 */
class AuthorLoopDocTest {
    static final Path DOC = Path.of("../docs/RULES.md");
    static final Pattern BLOCK = Pattern.compile("```(\\w+)\\n(.*?)```", Pattern.DOTALL);
    static String loop;

    @TempDir
    Path dir;

    record Block(String language, String text) {
    }

    @BeforeAll
    static void read() throws Exception {
        String doc = Files.readString(DOC);
        int start = doc.indexOf("## The author's loop");
        loop = doc.substring(start, doc.indexOf("\n## ", start + 1));
    }

    static List<Block> blocks(String language) {
        List<Block> blocks = new ArrayList<>();
        Matcher m = BLOCK.matcher(loop);
        while (m.find()) {
            if (m.group(1).equals(language)) {
                blocks.add(new Block(m.group(1), m.group(2)));
            }
        }
        return blocks;
    }

    private Path policy() throws Exception {
        Path policy = Files.createDirectories(dir.resolve("policy"));
        Files.writeString(policy.resolve("acme.drl"), blocks("drl").get(0).text());
        Files.writeString(policy.resolve("claims.json"), blocks("json").get(0).text());
        Files.createDirectories(policy.resolve("tokens"));
        Files.copy(Path.of("../examples/custom-rules/token.jwt"), policy.resolve("tokens/acme.jwt"));
        Files.copy(Path.of("../examples/custom-rules/jwks.json"), policy.resolve("tokens/jwks.json"));
        return policy;
    }

    @Test
    void theClaimsShownAreWhatClaimsPrints() {
        CliRun run = CliRun.of("claims", "../examples/custom-rules/token.jwt", "--jwks", "../examples/custom-rules/jwks.json",
                "--now", "2026-11-21T12:00:00Z");
        assertEquals(ExitCodes.OK, run.exitCode(), run.err());
        for (String line : blocks("text").get(0).text().lines().filter(l -> !l.isBlank()).toList()) {
            assertTrue(run.out().contains(line + "\n"), "claims prints \"" + line + "\":\n" + run.out());
        }
    }

    @Test
    void theRuleMapsTheClaimsAndTheTypoIsExplained() throws Exception {
        Path policy = policy();
        CliRun run = CliRun.of("eval", policy.resolve("claims.json").toString(), "--rules", policy.toString(), "--explain");
        assertEquals(ExitCodes.OK, run.exitCode(), run.err());
        assertTrue(run.out().contains("externalId  C-10442"), run.out());
        Path drl = policy.resolve("acme.drl");
        Files.writeString(drl, Files.readString(drl).replace("auth0.com/\"", "auth0.com\""));
        CliRun typo = CliRun.of("eval", policy.resolve("claims.json").toString(), "--rules", policy.toString(), "--explain");
        String shown = blocks("text").get(1).text();
        assertTrue(typo.out().contains(shown), "the doc shows what eval prints:\n" + typo.out());
    }

    @Test
    void theTestFilePasses() throws Exception {
        Path policy = policy();
        List<Block> tests = blocks("yaml").stream().filter(b -> b.text().contains("cases:")).toList();
        assertEquals(1, tests.size());
        Files.writeString(policy.resolve("acme.test.yaml"), tests.get(0).text());
        CliRun run = CliRun.of("test", policy.toString(), "--coverage", "--threshold", "100");
        assertEquals(ExitCodes.OK, run.exitCode(), run.out() + run.err());
        assertTrue(run.out().endsWith("\n4 passed, 0 failed\n"), run.out());
    }

    @Test
    void theCiSnippetsRunClaimmapTestWithAJunitReport() throws Exception {
        List<Block> ci = blocks("yaml").stream().filter(b -> !b.text().contains("cases:")).toList();
        assertEquals(2, ci.size());
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        for (Block block : ci) {
            JsonNode tree = yaml.readTree(block.text());
            assertTrue(tree.isObject() && tree.size() > 0, block.text());
            assertTrue(block.text().contains("./claimmap test policy --format junit > claimmap-tests.xml"), block.text());
        }
        JsonNode github = yaml.readTree(ci.get(0).text());
        assertTrue(github.at("/jobs/claimmap-test/steps").isArray());
        JsonNode gitlab = yaml.readTree(ci.get(1).text());
        assertEquals("claimmap-tests.xml", gitlab.at("/claimmap-test/artifacts/reports/junit").asText());
    }
}
