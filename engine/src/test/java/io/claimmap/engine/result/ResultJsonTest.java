package io.claimmap.engine.result;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The one-pass writer gives the bytes of the JSON tree it replaced ({@code toTree}), pretty and compact: every member,
 * nulls, escapes, the optional genesys, trace and findings members present and absent.
 */
class ResultJsonTest {
    private static final String HOSTILE = "\"quoted\" \\ back\nslash \u0000 é 😀 </script>";

    @Test
    void everyShapeWritesTheBytesOfTheTree() throws Exception {
        Map<String, String> writes = new LinkedHashMap<>();
        writes.put("externalId", "0055g00000ABcdeAAD");
        writes.put("qm.agentName", null);
        List<ValidationResult> results = List.of(
                ValidationResult.of(InputSummary.unknown("unknown"), Mapping.EMPTY, List.of(), List.of()),
                ValidationResult.of(new InputSummary("jwt", "https://idp", HOSTILE, "kid-1", "RS256"),
                        new Mapping("0055g00000ABcdeAAD", new Mapping.QmFields("Ada", null)),
                        new GenesysPrediction("0055g00000ABcdeAAD", GenesysPrediction.ContactPrediction.NOT_CHECKED),
                        List.of(new Finding("SUB_IS_URL", Severity.WARNING, HOSTILE, "", "salesforce » rule"),
                                new Finding("RULE_FAILED", Severity.ERROR, "m", "r", null)),
                        List.of(RuleTrace.fired("map", "salesforce", List.of("Token(a)", HOSTILE), writes,
                                        List.of("SUB_IS_URL")),
                                RuleTrace.fired("quiet", "p", List.of(), Map.of(), List.of()),
                                RuleTrace.notFired("miss", "user", List.of(), "Claim(name == \"x\")"),
                                new RuleTrace("spin", "user", RuleTrace.Status.FIRED, List.of(), Map.of(), List.of(),
                                        null, "the evaluation exceeded its time budget of 5000 ms"))),
                ValidationResult.of(new InputSummary("saml", null, null, null, null), Mapping.EMPTY,
                        new GenesysPrediction(null, new GenesysPrediction.ContactPrediction("found", "c-1", HOSTILE)),
                        List.of(), List.of()),
                ValidationResult.of(new InputSummary("saml", "i", "s", null, "RSA-SHA256"), Mapping.EMPTY,
                        GenesysPrediction.ofUser(new GenesysPrediction.UserPrediction("found", "u-1", HOSTILE, null)),
                        List.of(), List.of()),
                ValidationResult.of(new InputSummary("saml", "i", "s", null, null), Mapping.EMPTY,
                        GenesysPrediction.ofUser(GenesysPrediction.UserPrediction.NOT_FOUND), List.of(), List.of()),
                ValidationResult.of(new InputSummary("jwt", "i", "s", null, null), Mapping.EMPTY,
                        new GenesysPrediction("s", GenesysPrediction.ContactPrediction.NOT_FOUND,
                                new GenesysPrediction.UserPrediction("found", null, null, "Sales")),
                        List.of(), List.of()));
        for (ValidationResult result : results) {
            assertEquals(ResultJson.pretty(ResultJson.toTree(result)), ResultJson.pretty(result));
            // What the REST body was: the tree written to a String, then encoded as UTF-8.
            String compactTree = new ObjectMapper().writeValueAsString(ResultJson.toTree(result));
            assertEquals(compactTree, ResultJson.compact(result));
            assertArrayEquals(compactTree.getBytes(StandardCharsets.UTF_8), ResultJson.compactBytes(result));
        }
    }
}
