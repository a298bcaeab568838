package io.claimmap.engine;

import io.claimmap.engine.genesys.ContactDirectory;
import io.claimmap.engine.genesys.ContactLookup;
import io.claimmap.engine.genesys.LookupStatus;
import io.claimmap.engine.result.Finding;
import io.claimmap.engine.result.GenesysPrediction;
import io.claimmap.engine.result.GenesysPrediction.ContactPrediction;
import io.claimmap.engine.result.Mapping;

import java.util.List;

import static io.claimmap.engine.result.FindingCode.EXTERNAL_CONTACT_CONFLICT;
import static io.claimmap.engine.result.FindingCode.EXTERNAL_CONTACT_FOUND;
import static io.claimmap.engine.result.FindingCode.EXTERNAL_CONTACT_NOT_FOUND;
import static io.claimmap.engine.result.FindingCode.EXTERNAL_ID_DIFFERS_FROM_SUB;
import static io.claimmap.engine.result.FindingCode.SUB_IS_URL;

/**
 * The one prediction of what Genesys Cloud does with a Web Messaging token, and every contact finding, derived from
 * it after the rules ran: Genesys looks the External Contact up by the literal {@code sub}. What the rules mapped
 * ({@code mapping.externalId}) is what the person should be identified by; when it differs from {@code sub}, either
 * a broker sends it as {@code sub} (option A) or the contacts are keyed by the literal {@code sub} (option B).
 * Agents sign in as Genesys users, not External Contacts: nothing here applies to purpose {@code agent}.
 */
final class GenesysChecks {
    private static final String RULE = "check: genesys";
    private static final String FAILURE = "the exchange is predicted to answer 401 \"Failed to identify user for token\"";

    private GenesysChecks() {
    }

    /** @return the prediction, or null when there is none to make (purpose agent, no sub) */
    static GenesysPrediction predict(String subject, Mapping mapping, Purpose purpose, ContactDirectory directory,
                                     List<Finding> findings) {
        if (purpose != Purpose.MESSAGING || subject == null) {
            return null;
        }
        String mapped = mapping.externalId();
        boolean differs = mapped != null && !mapped.equals(subject);
        boolean url = subject.startsWith("https://") || subject.startsWith("http://");
        ContactLookup literal = directory.find(subject);
        if (literal == null || literal.status() == LookupStatus.UNAVAILABLE) {
            if (url) {
                findings.add(SUB_IS_URL.finding(urlMessage(subject, mapped, differs) + " Whether such a contact exists "
                        + "was not checked.", remedy(subject, mapped, differs, true), RULE));
            } else if (differs) {
                findings.add(EXTERNAL_ID_DIFFERS_FROM_SUB.finding("the rules map this person to \"" + mapped + "\", but "
                        + "Genesys Cloud is predicted to look the External Contact up by the literal sub \"" + subject
                        + "\"", remedy(subject, mapped, true, true), RULE));
            }
            return new GenesysPrediction(subject, ContactPrediction.NOT_CHECKED);
        }
        if (literal.found()) {
            findings.add(EXTERNAL_CONTACT_FOUND.finding("Genesys Cloud is predicted to find the contact "
                    + literal.describe() + " by the literal sub", "", RULE));
            if (url) {
                findings.add(SUB_IS_URL.finding("sub is a URL (\"" + subject + "\") and the contact " + literal.describe()
                        + " has it as an externalId, so Genesys Cloud is predicted to find it (the literal sub is the "
                        + "contact's key: option B is in place)", "", RULE).withSeverity(
                        io.claimmap.engine.result.Severity.INFO));
            }
            ContactLookup underMapped = differs ? directory.find(mapped) : null;
            if (underMapped != null && underMapped.found() && !underMapped.sameContact(literal)) {
                findings.add(EXTERNAL_CONTACT_CONFLICT.finding("Genesys Cloud is predicted to find " + literal.describe()
                                + " by the literal sub \"" + subject + "\", but the rules map this person to \"" + mapped
                                + "\", the externalId of another contact, " + underMapped.describe(),
                        "Decide which contact is this person's and remove the other externalId, so that the mapping and "
                                + "the lookup agree.", RULE));
            }
            return new GenesysPrediction(subject, new ContactPrediction("found", literal.id(), literal.name()));
        }
        ContactLookup underMapped = differs ? directory.find(mapped) : null;
        if (url) {
            findings.add(SUB_IS_URL.finding(urlMessage(subject, mapped, differs) + " No contact has it.",
                    remedy(subject, mapped, differs, false), RULE));
        }
        findings.add(contactNotFound(subject, mapped, underMapped));
        return new GenesysPrediction(subject, ContactPrediction.NOT_FOUND);
    }

    private static String urlMessage(String subject, String mapped, boolean differs) {
        return "sub is a URL (\"" + subject + "\"). Genesys Cloud is predicted to look External Contacts up by the "
                + "literal sub, so only a contact whose externalId is exactly this URL will be found"
                + (differs ? " (not one keyed by the mapped externalId \"" + mapped + "\")" : "")
                + "; otherwise " + FAILURE + ".";
    }

    private static String remedy(String subject, String mapped, boolean differs, boolean suggestCheck) {
        String optionA = differs ? "send \"" + mapped + "\" as sub through a broker (an IdP in front of this one that "
                + "maps sub: option A)" : "send a stable, non-URL id as sub (through a broker if the IdP cannot: option A)";
        return "Either " + optionA + ", or store the literal sub \"" + subject + "\" as the contact's externalId (option B)."
                + (suggestCheck ? " Give --contacts (an export) or --genesys (the org) to check which contact exists." : "");
    }

    private static Finding contactNotFound(String subject, String mapped, ContactLookup underMapped) {
        StringBuilder message = new StringBuilder("no External Contact has the literal sub \"").append(subject)
                .append("\" as an externalId. Genesys Cloud is predicted to look the contact up by the literal sub, so ")
                .append(FAILURE).append('.');
        boolean elsewhere = underMapped != null && underMapped.found();
        if (elsewhere) {
            message.append(" The contact ").append(underMapped.describe()).append(" has the mapped externalId \"")
                    .append(mapped).append("\": the mapping is right, but it is not what Genesys Cloud looks up.");
        }
        String remedy = elsewhere
                ? "Either store the literal sub as an externalId of " + underMapped.describe() + " (option B), or have "
                + "the IdP (or a broker in front of it) send \"" + mapped + "\" as sub (option A)."
                : "Create the External Contact with the literal sub as its externalId, or send a sub that an existing "
                + "contact has.";
        return EXTERNAL_CONTACT_NOT_FOUND.finding(message.toString(), remedy, RULE);
    }
}
