package io.claimmap.engine;

import io.claimmap.engine.facts.Facts;
import io.claimmap.engine.result.Finding;
import io.claimmap.engine.result.InputSummary;

import java.util.List;

/**
 * What an input holds before any rule runs ({@code claimmap claims}): the facts the rules would see, and whether the
 * input was verified against a configured key.
 *
 * @param facts    null when nothing could be read (malformed input, or a SAML message no signature covers)
 * @param findings what the checks found (signature, keys, time, issuer, audience)
 */
public record Inspection(InputSummary input, Facts facts, boolean verified, List<Finding> findings) {
    public Inspection {
        findings = List.copyOf(findings);
    }
}
