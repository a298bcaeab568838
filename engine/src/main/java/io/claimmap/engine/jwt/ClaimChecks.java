package io.claimmap.engine.jwt;

import io.claimmap.engine.result.Durations;
import io.claimmap.engine.result.Finding;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import static io.claimmap.engine.result.FindingCode.AUDIENCE_MISMATCH;
import static io.claimmap.engine.result.FindingCode.EXPIRY_MISSING;
import static io.claimmap.engine.result.FindingCode.ISSUER_MISMATCH;
import static io.claimmap.engine.result.FindingCode.MALFORMED_INPUT;
import static io.claimmap.engine.result.FindingCode.SUB_MISSING;
import static io.claimmap.engine.result.FindingCode.TOKEN_EXPIRED;
import static io.claimmap.engine.result.FindingCode.TOKEN_NOT_YET_VALID;

/** The registered-claim checks: time ({@code exp}, {@code nbf}, {@code iat}), issuer, audience and subject. */
final class ClaimChecks {
    private static final String TIME = "check: time";
    private static final String ISSUER = "check: issuer";
    private static final String AUDIENCE = "check: audience";
    private static final String SUBJECT = "check: subject";

    private ClaimChecks() {
    }

    static void time(Map<String, Object> claims, Instant now, Duration skew, List<Finding> findings) {
        Instant exp = numericDate(claims, "exp", findings);
        Instant nbf = numericDate(claims, "nbf", findings);
        Instant iat = numericDate(claims, "iat", findings);
        if (claims.get("exp") == null) {
            findings.add(EXPIRY_MISSING.finding("the token has no exp claim, so it would never expire",
                    "Configure the IdP to issue ID tokens with an expiry (exp), as OpenID Connect requires.", TIME));
        }
        if (exp != null && exp.isBefore(now.minus(skew))) {
            findings.add(TOKEN_EXPIRED.finding("the token expired at " + exp + ", " + Durations.between(exp, now) + " before now ("
                            + now + ", clock skew " + skew.toSeconds() + " s)",
                    "Get a fresh ID token; if tokens arrive already expired, check the clocks and the token lifetime "
                            + "at the IdP.", TIME));
        }
        if (nbf != null && nbf.isAfter(now.plus(skew))) {
            findings.add(TOKEN_NOT_YET_VALID.finding("the token is not valid before " + nbf + ", " + Durations.between(now, nbf)
                            + " after now (" + now + ", clock skew " + skew.toSeconds() + " s)",
                    "Check the clocks of the IdP and of this machine (NTP); or raise --clock-skew.", TIME));
        }
        if (iat != null && iat.isAfter(now.plus(skew))) {
            findings.add(TOKEN_NOT_YET_VALID.finding("the token was issued in the future: iat " + iat + " is "
                            + Durations.between(now, iat) + " after now (" + now + ", clock skew " + skew.toSeconds() + " s)",
                    "Check the clocks of the IdP and of this machine (NTP); or raise --clock-skew.", TIME));
        }
    }

    static void issuer(String iss, List<String> expected, String source, List<Finding> findings) {
        if (expected.isEmpty() || (iss != null && expected.contains(iss))) {
            return;
        }
        findings.add(ISSUER_MISMATCH.finding((iss == null ? "the token has no iss" : "iss is \"" + iss + "\"")
                        + "; " + source + " expects " + quoted(expected) + " (compared exactly, trailing slash included)",
                "Use the issuer exactly as the IdP writes it in iss, in the Genesys Cloud OpenID Connect Messenger "
                        + "configuration and in --issuer.", ISSUER));
    }

    static void audience(Object aud, List<String> accepted, List<Finding> findings) {
        if (accepted.isEmpty()) {
            return;
        }
        List<String> named = new ArrayList<>();
        if (aud instanceof String single) {
            named.add(single);
        } else if (aud instanceof Collection<?> many) {
            many.forEach(a -> named.add(String.valueOf(a)));
        }
        if (named.stream().anyMatch(accepted::contains)) {
            return;
        }
        findings.add(AUDIENCE_MISMATCH.finding((named.isEmpty() ? "the token has no aud" : "aud is " + quoted(named))
                        + "; accepted: " + quoted(accepted),
                "The ID token's aud must be the client id configured for the Messenger deployment; check the client "
                        + "id at the IdP and in Genesys Cloud.", AUDIENCE));
    }

    static void subject(Object sub, List<Finding> findings) {
        if (sub instanceof String s && !s.isBlank()) {
            return;
        }
        findings.add(SUB_MISSING.finding(sub == null ? "the token has no sub claim" : "the token's sub is empty or not a string",
                "Genesys Cloud identifies the customer by sub: configure the IdP to issue a stable, non-empty sub.",
                SUBJECT));
    }

    private static Instant numericDate(Map<String, Object> claims, String name, List<Finding> findings) {
        Object value = claims.get(name);
        if (value == null) {
            return null;
        }
        if (value instanceof Number number && Double.isFinite(number.doubleValue())
                && Math.abs(number.doubleValue()) < 1e11) {
            return Instant.ofEpochMilli((long) (number.doubleValue() * 1000));
        }
        findings.add(MALFORMED_INPUT.finding("the " + name + " claim is not a NumericDate (seconds since 1970)",
                "Check that the IdP issues standard JWT time claims.", TIME));
        return null;
    }

    private static String quoted(List<String> values) {
        return values.size() == 1 ? "\"" + values.get(0) + "\"" : values.stream().map(v -> "\"" + v + "\"").toList().toString();
    }
}
