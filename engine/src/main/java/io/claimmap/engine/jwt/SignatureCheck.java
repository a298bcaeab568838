package io.claimmap.engine.jwt;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.KeyOperation;
import com.nimbusds.jose.jwk.KeyType;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.util.Base64URL;
import io.claimmap.engine.input.CompactJws;
import io.claimmap.engine.keys.KeySource;
import io.claimmap.engine.keys.KeyStrength;
import io.claimmap.engine.result.Finding;

import java.text.ParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import static io.claimmap.engine.result.FindingCode.ALG_NOT_ALLOWED;
import static io.claimmap.engine.result.FindingCode.HEADER_KEY_IGNORED;
import static io.claimmap.engine.result.FindingCode.KEYS_UNAVAILABLE;
import static io.claimmap.engine.result.FindingCode.KEY_NOT_FOUND;
import static io.claimmap.engine.result.FindingCode.MALFORMED_INPUT;
import static io.claimmap.engine.result.FindingCode.SIGNATURE_INVALID;
import static io.claimmap.engine.result.FindingCode.SIGNATURE_NOT_CHECKED;

/**
 * Verifies a JWS against the configured key sources only. Header {@code jwk}, {@code jku}, {@code x5u} and
 * {@code x5c} are never used and nothing named in the token is fetched. Unlike nimbus' DefaultJWTProcessor, which
 * stops at the first problem, this reports exactly which of algorithm, keys or signature is wrong, and reuses
 * verifiers across calls. Thread-safe.
 */
public final class SignatureCheck {
    static final String RULE = "check: signature";
    private static final Set<String> HEADER_KEY_PARAMETERS = new LinkedHashSet<>(List.of("jwk", "jku", "x5u", "x5c"));

    private final List<KeySource> sources;
    private final VerifierCache verifiers = new VerifierCache();
    private volatile LastMatcher lastMatcher;
    private volatile LastHeader lastHeader;

    public SignatureCheck(List<KeySource> sources) {
        this.sources = List.copyOf(sources);
    }

    public List<Finding> check(CompactJws jws) {
        List<Finding> findings = new ArrayList<>();
        String alg = jws.algorithm();
        String refusal = AllowedAlgorithms.refusal(alg);
        if (refusal != null) {
            findings.add(ALG_NOT_ALLOWED.finding(refusal, "Configure the IdP to sign ID tokens with RS256 (or PS256/ES256) "
                    + "using its published signing keys.", RULE));
            return findings;
        }
        noteIgnoredHeaderKeys(jws, findings);
        if (sources.isEmpty()) {
            findings.add(SIGNATURE_NOT_CHECKED.finding("no key source trusted for ID tokens was configured, so the "
                            + "signature was not verified and nothing in the token can be believed",
                    "Pass --discovery <issuer URL>, --jwks <file|URL> or --key <PEM> to verify the signature (or "
                            + "--unverified to preview the claims of a token you trust anyway).", RULE));
            return findings;
        }
        JWSHeader header;
        try {
            header = header(jws);
        } catch (ParseException e) {
            findings.add(MALFORMED_INPUT.finding("the header is not a valid JWS header: " + e.getMessage(),
                    "Check that the input is the ID token exactly as the IdP issued it.", RULE));
            return findings;
        }
        List<JWK> candidates = new ArrayList<>();
        List<String> notForVerifying = new ArrayList<>();
        List<JWK> weak = new ArrayList<>();
        List<KeySource> readable = new ArrayList<>();
        for (KeySource source : sources) {
            try {
                for (JWK key : source.select(matcher(header, source.ignoresKeyId()))) {
                    if (!mayVerify(key)) {
                        notForVerifying.add(describe(key) + " from " + source.description());
                    } else if (verifiers.weakness(key) != null) {
                        weak.add(key);
                    } else {
                        candidates.add(key);
                    }
                }
                readable.add(source);
            } catch (KeySourceException e) {
                findings.add(KEYS_UNAVAILABLE.finding(source.description() + " could not be read: " + source.problem(e),
                        "Check that the key source is reachable from here and serves a JWK Set; the token cannot be "
                                + "verified until it is.", RULE));
            }
        }
        for (JWK candidate : candidates) {
            if (verifies(candidate, header, jws)) {
                return findings;
            }
        }
        if (!weak.isEmpty()) {
            JWK key = weak.get(0);
            findings.add(KeyStrength.tooWeak("the trusted key " + describe(key), verifiers.weakness(key),
                    "matches the token's kid and alg", RULE));
            return findings;
        }
        if (candidates.isEmpty()) {
            if (!readable.isEmpty()) {
                findings.add(keyNotFound(header, readable, notForVerifying));
            }
            return findings;
        }
        findings.add(SIGNATURE_INVALID.finding("the signature does not verify with the trusted key"
                        + (candidates.size() == 1 ? " " + describe(candidates.get(0)) : "s " + describeAll(candidates))
                        + ": the token was altered after signing or signed by another key"
                        + (candidates.stream().allMatch(k -> k.getKeyID() != null) ? " with the same kid" : ""),
                "Make sure the token is passed on byte for byte as issued; if it is, the IdP and the configured keys "
                        + "disagree: refresh the keys from the IdP's jwks_uri.", RULE));
        return findings;
    }

    /**
     * nimbus' header for this token. The last one is kept with its segment (JWSHeader is immutable): the tokens of one
     * IdP and key carry the same header, and parsing it again was about 2% of an RS256 validation.
     */
    private JWSHeader header(CompactJws jws) throws ParseException {
        LastHeader last = lastHeader;
        if (last != null && last.segment().equals(jws.headerSegment())) {
            return last.header();
        }
        JWSHeader header = JWSHeader.parse(jws.header(), new Base64URL(jws.headerSegment()));
        lastHeader = new LastHeader(jws.headerSegment(), header);
        return header;
    }

    private record LastHeader(String segment, JWSHeader header) {
    }

    /** A key whose {@code key_ops} (RFC 7517 §4.3) are given but do not include {@code verify} is not for verifying. */
    private static boolean mayVerify(JWK key) {
        return key.getKeyOperations() == null || key.getKeyOperations().contains(KeyOperation.VERIFY);
    }

    private boolean verifies(JWK key, JWSHeader header, CompactJws jws) {
        try {
            return verifiers.verifierFor(key).verify(header, jws.signingInput(), jws.signature());
        } catch (JOSEException e) {
            return false;
        }
    }

    /**
     * The matcher for the token's alg and kid. The last one is kept: the next token from the same IdP names the same
     * alg and kid, and building a matcher allocated 1.5 KB of sets per validation. Matchers are immutable.
     */
    private JWKMatcher matcher(JWSHeader header, boolean ignoresKeyId) {
        LastMatcher last = lastMatcher;
        if (last != null && last.fits(header, ignoresKeyId)) {
            return last.matcher();
        }
        JWKMatcher matcher = newMatcher(header, ignoresKeyId);
        lastMatcher = new LastMatcher(header.getAlgorithm(), header.getKeyID(), ignoresKeyId, matcher);
        return matcher;
    }

    private record LastMatcher(JWSAlgorithm alg, String kid, boolean ignoresKeyId, JWKMatcher matcher) {
        boolean fits(JWSHeader header, boolean ignoresKeyId) {
            return this.ignoresKeyId == ignoresKeyId && alg.equals(header.getAlgorithm())
                    && Objects.equals(kid, header.getKeyID());
        }
    }

    private static JWKMatcher newMatcher(JWSHeader header, boolean ignoresKeyId) {
        JWSAlgorithm alg = header.getAlgorithm();
        JWKMatcher.Builder matcher = new JWKMatcher.Builder()
                .keyType(KeyType.forAlgorithm(alg))
                .keyUses(KeyUse.SIGNATURE, null)
                .algorithms(alg, null);
        if (!ignoresKeyId) {
            matcher.keyID(header.getKeyID());
        }
        if (JWSAlgorithm.Family.EC.contains(alg)) {
            matcher.curves(Curve.forJWSAlgorithm(alg));
        }
        return matcher.build();
    }

    private static Finding keyNotFound(JWSHeader header, List<KeySource> readable, List<String> notForVerifying) {
        List<String> trusted = new ArrayList<>();
        for (KeySource source : readable) {
            try {
                for (JWK key : source.all()) {
                    trusted.add(describe(key) + " from " + source.description());
                }
            } catch (KeySourceException e) {
                trusted.add("(" + source.description() + " could not be listed)");
            }
        }
        String kid = header.getKeyID() == null ? "no kid" : "kid \"" + header.getKeyID() + "\"";
        String matches = "no trusted key matches the token's " + kid + " and alg " + header.getAlgorithm()
                + ". Trusted keys: " + (trusted.isEmpty() ? "none" : String.join("; ", trusted));
        if (!notForVerifying.isEmpty()) {
            return KEY_NOT_FOUND.finding(matches + ". Matching, but not used because their key_ops (RFC 7517 §4.3) do "
                            + "not include verify: " + String.join("; ", notForVerifying),
                    "Publish the signing key with \"key_ops\": [\"verify\"] (or without key_ops) in the trusted JWK Set.",
                    RULE);
        }
        return KEY_NOT_FOUND.finding(matches + ". This is what an IdP signing-key rotation looks like: the IdP now signs "
                        + "with a key the configured key set does not hold.",
                "Fetch the IdP's current keys (its jwks_uri, or use --discovery so they are fetched and refreshed); "
                        + "if keys are pinned anywhere, add the new key before the IdP activates it.", RULE);
    }

    private static void noteIgnoredHeaderKeys(CompactJws jws, List<Finding> findings) {
        List<String> present = new ArrayList<>();
        for (String parameter : HEADER_KEY_PARAMETERS) {
            if (jws.header().containsKey(parameter)) {
                present.add(parameter);
            }
        }
        if (!present.isEmpty()) {
            findings.add(HEADER_KEY_IGNORED.finding("the header names a key (" + String.join(", ", present)
                            + "); it was ignored and nothing it names was fetched: keys come only from configured sources",
                    "", RULE));
        }
    }

    private static String describeAll(List<JWK> keys) {
        List<String> names = new ArrayList<>();
        for (JWK key : keys) {
            names.add(describe(key));
        }
        return String.join(", ", names);
    }

    private static String describe(JWK key) {
        return key.getKeyID() != null ? "kid \"" + key.getKeyID() + "\"" : key.getKeyType() + " key without kid";
    }
}
