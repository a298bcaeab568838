package io.claimmap.engine.jwt;

import io.claimmap.engine.input.UntrustedText;
import io.claimmap.engine.result.Durations;
import io.claimmap.engine.result.Finding;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import static io.claimmap.engine.result.FindingCode.AUDIENCE_MISMATCH;
import static io.claimmap.engine.result.FindingCode.AZP_MISMATCH;
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
        // RFC 7519 §4.1.4: the token is valid only while now is before exp, so at exp (plus skew) it has expired.
        if (exp != null && !now.minus(skew).isBefore(exp)) {
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

    // Audiences are strings (RFC 7519 §4.1.3): a number is never equal to the configured client id, whatever its digits.
    static void audience(Object aud, List<String> accepted, List<Finding> findings) {
        if (accepted.isEmpty() || accepts(aud, accepted)) {
            return; // no lists and no stream for an accepted token
        }
        List<String> named = new ArrayList<>();
        List<String> notStrings = new ArrayList<>();
        if (aud instanceof String single) {
            named.add(single);
        } else if (aud instanceof Collection<?> many) {
            many.forEach(a -> (a instanceof String s ? named : notStrings).add(String.valueOf(a)));
        } else if (aud != null) {
            notStrings.add(String.valueOf(aud));
        }
        if (named.stream().anyMatch(accepted::contains)) {
            return;
        }
        String said = named.isEmpty() && notStrings.isEmpty() ? "the token has no aud"
                : "aud is " + (named.isEmpty() ? "" : quoted(named)) + (named.isEmpty() || notStrings.isEmpty() ? "" : " and ")
                + (notStrings.isEmpty() ? "" : "the non-string " + String.join(", ", notStrings)
                + " (an audience is a string: a number never equals a client id)");
        findings.add(AUDIENCE_MISMATCH.finding(said + "; accepted: " + quoted(accepted),
                "The ID token's aud must be the client id configured for the Messenger deployment; check the client "
                        + "id at the IdP and in Genesys Cloud.", AUDIENCE));
    }

    /** Whether {@code aud} (a string, or a collection holding strings) names an accepted audience. */
    private static boolean accepts(Object aud, List<String> accepted) {
        if (aud instanceof String single) {
            return accepted.contains(single);
        }
        if (aud instanceof Collection<?> many) {
            for (Object item : many) {
                if (item instanceof String name && accepted.contains(name)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * OpenID Connect Core §2: {@code azp} is the client the token was issued to. A token issued to another client and
     * merely naming ours among its audiences is a token meant for someone else.
     */
    static void authorizedParty(Object azp, List<String> accepted, List<Finding> findings) {
        if (accepted.isEmpty() || azp == null || (azp instanceof String party && accepted.contains(party))) {
            return;
        }
        findings.add(AZP_MISMATCH.finding("azp (the authorized party) is " + (azp instanceof String party
                        ? "\"" + party + "\"" : "the non-string " + azp) + ", not the configured client " + quoted(accepted)
                        + ": the token was issued to another client, which could replay it here",
                "Check that the Messenger deployment's client id is the one the IdP issues its tokens to; if the IdP "
                        + "issues tokens to several clients, give the right one as --audience.", AUDIENCE));
    }

    /** The {@code sub} is kept byte for byte; it is missing when nothing visible is left of it. */
    static void subject(Object sub, List<Finding> findings) {
        if (sub instanceof String s && !UntrustedText.isBlank(s)) {
            return;
        }
        findings.add(SUB_MISSING.finding(sub == null ? "the token has no sub claim" : !(sub instanceof String)
                        ? "the token's sub is not a string" : ((String) sub).isEmpty() ? "the token's sub is empty"
                        : "the token's sub holds only invisible characters (whitespace, zero-width or direction marks)",
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
