package io.claimmap.engine.saml;

import io.claimmap.engine.facts.Claim;
import io.claimmap.engine.input.UntrustedText;
import org.w3c.dom.Element;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.claimmap.engine.saml.SamlMessage.ASSERTION;
import static io.claimmap.engine.saml.SamlMessage.child;
import static io.claimmap.engine.saml.SamlMessage.children;

/**
 * What the covered Assertion says, read by position from that element alone (never by searching the document).
 * Texts are the elements' full text content: a comment inside a NameID (which exclusive canonicalization without
 * comments ignores, so the signature still verifies) cannot cut the identity short.
 *
 * @param issuer                the Assertion's Issuer, or null
 * @param nameId                the Subject's NameID, full text, or null
 * @param notBefore             Conditions NotBefore as written, or null
 * @param notOnOrAfter          Conditions NotOnOrAfter as written, or null
 * @param audienceRestrictions  the Audiences of each AudienceRestriction (each restriction must be met)
 * @param confirmations         the Subject's SubjectConfirmations
 * @param attributes            attribute Name to its values, in document order; repeated Names are merged
 */
public record SignedAssertion(String issuer, String nameId, String notBefore, String notOnOrAfter,
                              List<List<String>> audienceRestrictions, List<Confirmation> confirmations,
                              Map<String, List<String>> attributes) {
    private static final String XSI = "http://www.w3.org/2001/XMLSchema-instance";

    /** A SubjectConfirmation: its Method and its SubjectConfirmationData's NotOnOrAfter and Recipient (each or null). */
    public record Confirmation(String method, String notOnOrAfter, String recipient) {
    }

    public SignedAssertion {
        audienceRestrictions = audienceRestrictions.stream().map(List::copyOf).toList();
        confirmations = List.copyOf(confirmations);
        Map<String, List<String>> copy = new LinkedHashMap<>();
        attributes.forEach((name, values) -> copy.put(name, List.copyOf(values)));
        attributes = Collections.unmodifiableMap(copy);
    }

    /** Reads {@code assertion}, which the caller knows a signature covers. */
    public static SignedAssertion read(Element assertion) {
        Element subject = child(assertion, ASSERTION, "Subject");
        Element nameId = subject == null ? null : child(subject, ASSERTION, "NameID");
        List<Confirmation> confirmations = new ArrayList<>();
        if (subject != null) {
            for (Element confirmation : children(subject, ASSERTION, "SubjectConfirmation")) {
                Element data = child(confirmation, ASSERTION, "SubjectConfirmationData");
                confirmations.add(new Confirmation(attribute(confirmation, "Method"),
                        data == null ? null : attribute(data, "NotOnOrAfter"), data == null ? null : attribute(data, "Recipient")));
            }
        }
        Element conditions = child(assertion, ASSERTION, "Conditions");
        List<List<String>> audiences = new ArrayList<>();
        if (conditions != null) {
            for (Element restriction : children(conditions, ASSERTION, "AudienceRestriction")) {
                audiences.add(children(restriction, ASSERTION, "Audience").stream().map(SignedAssertion::text).toList());
            }
        }
        Map<String, List<String>> attributes = new LinkedHashMap<>();
        for (Element statement : children(assertion, ASSERTION, "AttributeStatement")) {
            for (Element attribute : children(statement, ASSERTION, "Attribute")) {
                String name = attribute.getAttribute("Name");
                if (name.isEmpty()) {
                    continue;
                }
                List<String> values = attributes.computeIfAbsent(name, n -> new ArrayList<>());
                for (Element value : children(attribute, ASSERTION, "AttributeValue")) {
                    if (!"true".equals(value.getAttributeNS(XSI, "nil"))) {
                        values.add(text(value));
                    }
                }
            }
        }
        Element issuer = child(assertion, ASSERTION, "Issuer");
        String nameIdText = nameId == null ? null : text(nameId);
        return new SignedAssertion(issuer == null ? null : text(issuer), nameIdText == null || UntrustedText.isBlank(nameIdText) ? null : nameIdText,
                conditions == null ? null : attribute(conditions, "NotBefore"),
                conditions == null ? null : attribute(conditions, "NotOnOrAfter"), audiences, confirmations, attributes);
    }

    /** Every Audience of every AudienceRestriction, as {@code Token.audience}. */
    public List<String> audiences() {
        return audienceRestrictions.stream().flatMap(List::stream).distinct().toList();
    }

    /** The attributes as {@code Token.claims}: a single value as a String, several as a List. */
    public Map<String, Object> claims() {
        Map<String, Object> claims = new LinkedHashMap<>();
        attributes.forEach((name, values) -> claims.put(name, values.size() == 1 ? values.get(0) : values));
        return claims;
    }

    /** One {@link Claim} fact per attribute. */
    public List<Claim> claimFacts() {
        List<Claim> facts = new ArrayList<>();
        attributes.forEach((name, values) -> facts.add(new Claim(name, values)));
        return facts;
    }

    // The whole text content, comments skipped but never cutting the text short; surrounding whitespace trimmed.
    private static String text(Element element) {
        return element.getTextContent().strip();
    }

    private static String attribute(Element element, String name) {
        return element.hasAttributeNS(null, name) ? element.getAttributeNS(null, name) : null;
    }
}
