package io.claimmap.engine.keys;

import com.nimbusds.jose.jwk.JWK;
import io.claimmap.engine.result.Finding;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static io.claimmap.engine.result.FindingCode.KEYS_UNAVAILABLE;
import static io.claimmap.engine.result.FindingCode.KEY_UNUSABLE;

/** {@code claimmap keys inspect}: every key of every source described, with what needs attention as findings. */
public record KeyInspection(List<KeyDescription> keys, List<Finding> findings) {
    static final String RULE = "check: keys";

    public static KeyInspection of(List<KeyMaterial.Loaded> sources, Instant now, int warnDays) {
        List<KeyDescription> keys = new ArrayList<>();
        List<Finding> findings = new ArrayList<>();
        for (KeyMaterial.Loaded source : sources) {
            if (source.unavailable() != null) {
                findings.add(KEYS_UNAVAILABLE.finding(source.source() + " " + source.unavailable(),
                        "Check that the source is reachable from here and serves keys.", RULE));
            }
            for (String problem : source.unusable()) {
                findings.add(KEY_UNUSABLE.finding(source.source() + ": " + problem + "; the other keys still work",
                        "Ask the IdP (or whoever publishes the set) to fix or remove the key.", RULE));
            }
            for (JWK key : source.keys()) {
                KeyDescription description = KeyDescription.of(key, source.source(), now);
                keys.add(description);
                String weakness = KeyStrength.weakness(key);
                if (weakness != null) {
                    findings.add(KeyStrength.tooWeak(description.label() + " in " + source.source(), weakness,
                            "is published", RULE));
                }
                if (description.certificate() != null) {
                    CertificateExpiry.check(description.certificate(), "certificate "
                            + (description.keyId() != null ? "of " + description.label() + " " : "") + "in "
                            + source.source(), warnDays, RULE).ifPresent(findings::add);
                }
            }
        }
        return new KeyInspection(List.copyOf(keys), List.copyOf(findings));
    }
}
