package io.claimmap.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.claimmap.cli.testing.CliRun;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The repository's own policy tests, run by {@code claimmap test} in the build: the built-in packs' behaviour matrix
 * (rules/src/test/policy) and every example (examples/**.test.yaml). CI thereby runs the command on real policies.
 */
class PolicyFilesTest {
    static final String NOW = "2026-11-21T12:00:00Z";

    @Test
    void theBuiltinPacksAndTheExamplesPassTheirPolicyTests() {
        CliRun run = CliRun.of("test", "../rules/src/test/policy", "../examples", "--now", NOW, "--coverage", "--threshold", "100");
        assertEquals(ExitCodes.OK, run.exitCode(), run.out() + run.err());
        assertTrue(run.out().endsWith("\n91 passed, 0 failed\n"), run.out());
    }

    @Test
    void thePolicyFilesMirrorTheApprovedMatricesRowForRow() throws Exception {
        assertMirrors("oidc.test.yaml", "BuiltinPacksTest.mappingMatrix.approved.txt");
        assertMirrors("saml.test.yaml", "BuiltinSamlPacksTest.samlMappingMatrix.approved.txt");
    }

    private static void assertMirrors(String policy, String approved) throws Exception {
        Set<String> rows = new TreeSet<>();
        for (String line : Files.readAllLines(Path.of("../rules/src/test/java/io/claimmap/rules/approvals/" + approved))) {
            rows.add(line.substring(1, line.indexOf("] => ")));
        }
        JsonNode report = new ObjectMapper().readTree(CliRun.of("test", "../rules/src/test/policy/" + policy,
                "--format", "json").out());
        Set<String> cases = new TreeSet<>();
        report.get("cases").forEach(c -> cases.add(c.get("name").asText()));
        assertEquals(rows, cases, policy + " holds one case per row of " + approved);
        assertEquals(0, report.get("failed").asInt());
    }
}
