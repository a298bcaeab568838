package io.claimmap.engine.saml;

import io.claimmap.engine.result.Durations;
import io.claimmap.engine.result.Finding;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import static io.claimmap.engine.result.FindingCode.AUDIENCE_MISMATCH;
import static io.claimmap.engine.result.FindingCode.EXPIRY_MISSING;
import static io.claimmap.engine.result.FindingCode.ISSUER_MISMATCH;
import static io.claimmap.engine.result.FindingCode.MALFORMED_INPUT;
import static io.claimmap.engine.result.FindingCode.SAML_STATUS_NOT_SUCCESS;
import static io.claimmap.engine.result.FindingCode.SUBJECT_CONFIRMATION_INVALID;
import static io.claimmap.engine.result.FindingCode.SUB_MISSING;
import static io.claimmap.engine.result.FindingCode.TOKEN_EXPIRED;
import static io.claimmap.engine.result.FindingCode.TOKEN_NOT_YET_VALID;

/**
 * The checks on what a covered Assertion says: time (Conditions NotBefore/NotOnOrAfter and the bearer
 * SubjectConfirmationData NotOnOrAfter, with clock skew), Issuer against {@code --issuer}, AudienceRestriction against
 * {@code --audience}, and a NameID. SubjectConfirmationData Recipient is not checked: it is the ACS URL, which Genesys
 * Cloud checks against its own. Immutable, thread-safe.
 */
public final class SamlConditions {
    private static final String TIME = "check: time";
    private static final String ISSUER = "check: issuer";
    private static final String AUDIENCE = "check: audience";
    private static final String SUBJECT = "check: subject";
    private static final String STATUS = "check: status";
    private static final String BEARER = "urn:oasis:names:tc:SAML:2.0:cm:bearer";
    private static final String ISSUER_REMEDY = "Use the IdP's entity ID exactly as it writes it in Issuer, in the "
            + "Genesys Cloud single sign-on configuration and in --issuer.";
    private static final String CLOCKS = "Check the clocks of the IdP and of this machine (NTP); or raise --clock-skew.";

    private final List<String> issuers;
    private final List<String> audiences;
    private final Duration skew;

    public SamlConditions(List<String> issuers, List<String> audiences, Duration skew) {
        this.issuers = List.copyOf(issuers);
        this.audiences = List.copyOf(audiences);
        this.skew = skew;
    }

    public List<Finding> check(SignedAssertion assertion, Instant now) {
        List<Finding> findings = new ArrayList<>();
        time(assertion, now, findings);
        issuer(assertion.issuer(), findings);
        audience(assertion.audienceRestrictions(), findings);
        bearer(assertion.confirmations(), findings);
        if (assertion.nameId() == null) {
            findings.add(SUB_MISSING.finding("the assertion has no NameID in its Subject (or one with nothing visible in it), so there "
                            + "is nothing to identify the agent by",
                    "Configure the IdP to send the agent's Genesys Cloud login (usually the email address) as NameID.",
                    SUBJECT));
        }
        return findings;
    }

    /** {@code SAML_STATUS_NOT_SUCCESS}: the Response's top-level StatusCode is not Success. */
    void status(String problem, List<Finding> findings) {
        if (problem == null) {
            return;
        }
        findings.add(SAML_STATUS_NOT_SUCCESS.finding("the Response's top-level StatusCode is not Success (" + problem
                        + "): the IdP says the sign-in failed, so the message is refused whatever its Assertion says",
                "Look at the IdP's log for this sign-in (a user not assigned to the app, a NameID policy the IdP cannot "
                        + "meet); Genesys Cloud refuses such a Response too.", STATUS));
    }

    /**
     * The Response's own Issuer, when present, is checked like the Assertion's: against {@code --issuer}, and it must
     * be the Assertion's (SAML core §3.2.2, profiles §4.1.4.2).
     */
    void responseIssuer(String responseIssuer, String assertionIssuer, List<Finding> findings) {
        if (responseIssuer == null) {
            return;
        }
        if (!issuers.isEmpty() && !issuers.contains(responseIssuer)) {
            findings.add(ISSUER_MISMATCH.finding("the Response's Issuer is \"" + SamlMessage.cap(responseIssuer)
                            + "\"; --issuer expects " + quoted(issuers) + " (compared exactly)", ISSUER_REMEDY, ISSUER));
        } else if (assertionIssuer != null && !assertionIssuer.equals(responseIssuer)) {
            findings.add(ISSUER_MISMATCH.finding("the Response's Issuer \"" + SamlMessage.cap(responseIssuer)
                            + "\" is not the Assertion's \"" + SamlMessage.cap(assertionIssuer) + "\": one IdP issues both",
                    "Treat the message as forged, or as assembled from two IdPs' messages: it is not what one IdP posted.",
                    ISSUER));
        }
    }

    /** SAML profiles §4.1.4.2: a Web SSO Assertion has at least one bearer SubjectConfirmation. */
    private static void bearer(List<SignedAssertion.Confirmation> confirmations, List<Finding> findings) {
        if (confirmations.stream().anyMatch(c -> BEARER.equals(c.method()))) {
            return;
        }
        findings.add(SUBJECT_CONFIRMATION_INVALID.finding(confirmations.isEmpty()
                        ? "the assertion's Subject has no SubjectConfirmation"
                        : "no SubjectConfirmation of the assertion has Method " + BEARER + " (found: "
                        + String.join(", ", confirmations.stream().map(c -> c.method() == null ? "no Method"
                        : "\"" + SamlMessage.cap(c.method()) + "\"").toList()) + ")",
                "Configure the IdP for SAML 2.0 Web Browser SSO, whose assertions carry a bearer SubjectConfirmation "
                        + "(Method " + BEARER + "); Genesys Cloud requires it.", SUBJECT));
    }

    private void time(SignedAssertion assertion, Instant now, List<Finding> findings) {
        Instant notBefore = instant(assertion.notBefore(), "Conditions NotBefore", findings);
        Instant notOnOrAfter = instant(assertion.notOnOrAfter(), "Conditions NotOnOrAfter", findings);
        List<Instant> confirmationEnds = new ArrayList<>();
        for (SignedAssertion.Confirmation confirmation : assertion.confirmations()) {
            Instant end = instant(confirmation.notOnOrAfter(), "SubjectConfirmationData NotOnOrAfter", findings);
            if (end != null) {
                confirmationEnds.add(end);
            }
        }
        if (notBefore != null && notBefore.isAfter(now.plus(skew))) {
            findings.add(TOKEN_NOT_YET_VALID.finding("the assertion is not valid before " + notBefore + " (Conditions "
                    + "NotBefore), " + Durations.between(now, notBefore) + " after now (" + now + ", clock skew "
                    + skew.toSeconds() + " s)", CLOCKS, TIME));
        }
        expired("Conditions NotOnOrAfter", notOnOrAfter, now, findings);
        for (Instant end : confirmationEnds) {
            expired("SubjectConfirmationData NotOnOrAfter", end, now, findings);
        }
        if (assertion.notOnOrAfter() == null && assertion.confirmations().stream().allMatch(c -> c.notOnOrAfter() == null)) {
            findings.add(EXPIRY_MISSING.finding("the assertion has neither a Conditions NotOnOrAfter nor a "
                            + "SubjectConfirmationData NotOnOrAfter, so it would never expire",
                    "Configure the IdP to limit the assertion's lifetime, as the SAML Web SSO profile requires for "
                            + "bearer assertions.", TIME));
        }
    }

    // NotOnOrAfter is exclusive: at that very instant (plus skew) the assertion is no longer valid.
    private void expired(String what, Instant end, Instant now, List<Finding> findings) {
        if (end != null && !now.minus(skew).isBefore(end)) {
            findings.add(TOKEN_EXPIRED.finding("the assertion expired at " + end + " (" + what + "), "
                            + Durations.between(end, now) + " before now (" + now + ", clock skew " + skew.toSeconds() + " s)",
                    "Sign in again for a fresh assertion; if assertions arrive already expired, check the clocks and "
                            + "the assertion lifetime at the IdP.", TIME));
        }
    }

    private void issuer(String issuer, List<Finding> findings) {
        if (issuers.isEmpty() || (issuer != null && issuers.contains(issuer))) {
            return;
        }
        findings.add(ISSUER_MISMATCH.finding((issuer == null ? "the assertion has no Issuer"
                        : "the assertion's Issuer is \"" + SamlMessage.cap(issuer) + "\"") + "; --issuer expects " + quoted(issuers)
                        + " (compared exactly)",
                ISSUER_REMEDY, ISSUER));
    }

    // Each AudienceRestriction must name an accepted audience; within one, any of its Audiences will do.
    private void audience(List<List<String>> restrictions, List<Finding> findings) {
        if (audiences.isEmpty()) {
            return;
        }
        if (restrictions.isEmpty()) {
            findings.add(AUDIENCE_MISMATCH.finding("the assertion has no AudienceRestriction; accepted: "
                    + quoted(audiences), AUDIENCE_REMEDY, AUDIENCE));
            return;
        }
        for (List<String> restriction : restrictions) {
            if (restriction.stream().noneMatch(audiences::contains)) {
                findings.add(AUDIENCE_MISMATCH.finding("the assertion is restricted to " + (restriction.isEmpty()
                        ? "no audience" : quoted(restriction)) + "; accepted: " + quoted(audiences), AUDIENCE_REMEDY, AUDIENCE));
                return;
            }
        }
    }

    private static final String AUDIENCE_REMEDY = "The Audience must be the entity ID Genesys Cloud gives for your "
            + "organization; set it as the audience (SP entity ID) of the IdP's Genesys Cloud app.";

    private static Instant instant(String text, String what, List<Finding> findings) {
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text.strip()).toInstant();
        } catch (DateTimeParseException e) {
            findings.add(MALFORMED_INPUT.finding("the " + what + " is not an xs:dateTime with a time zone "
                    + "(such as 2026-11-21T12:00:00Z)", "Check that the IdP writes standard SAML times, in UTC.", TIME));
            return null;
        }
    }

    private static String quoted(List<String> values) {
        return values.size() == 1 ? "\"" + SamlMessage.cap(values.get(0)) + "\""
                : values.stream().map(v -> "\"" + SamlMessage.cap(v) + "\"").toList().toString();
    }
}
