package io.claimmap.engine;

import io.claimmap.engine.facts.Contact;
import io.claimmap.engine.facts.Contacts;
import io.claimmap.engine.result.Finding;
import io.claimmap.engine.result.Mapping;

import java.util.List;

import static io.claimmap.engine.result.FindingCode.EXTERNAL_CONTACT_FOUND;
import static io.claimmap.engine.result.FindingCode.EXTERNAL_CONTACT_NOT_FOUND;
import static io.claimmap.engine.result.FindingCode.EXTERNAL_ID_UNMAPPED;
import static io.claimmap.engine.result.FindingCode.QM_AGENT_NAME_MISSING;
import static io.claimmap.engine.result.FindingCode.QM_DEPARTMENT_MISSING;

/** Checks on what the rules produced, after they ran: whatever the rules, these hold. */
final class MappingChecks {
    private MappingChecks() {
    }

    static void check(Mapping mapping, String subject, Purpose purpose, Contacts contacts, List<Finding> findings) {
        if (mapping.externalId() == null) {
            findings.add(EXTERNAL_ID_UNMAPPED.finding("no rule produced an externalId, so there is nothing Genesys Cloud "
                            + "could identify this person by",
                    "Add a rule that calls mapping.setExternalId(...) for this issuer (see docs/RULES.md), or keep the "
                            + "built-in rule packs enabled.", "check: mapping"));
        }
        if (contacts.isLoaded() && subject != null) {
            Contact found = contacts.find(subject);
            findings.add(found == null ? contactNotFound(mapping, subject, contacts)
                    : EXTERNAL_CONTACT_FOUND.finding("Genesys Cloud is predicted to find the contact " + found.describe()
                    + " by the literal sub", "", "check: contacts"));
        }
        if (purpose == Purpose.AGENT) {
            if (mapping.qm().agentName() == null) {
                findings.add(QM_AGENT_NAME_MISSING.finding("no agent name could be mapped: quality-management forms "
                                + "will show this agent as \"Anonymous\"",
                        "Release a name attribute from the IdP (OIDC name or given_name and family_name; SAML "
                                + "displayName or firstName and lastName), or map another one in a rule.", "check: qm"));
            }
            if (mapping.qm().department() == null) {
                findings.add(QM_DEPARTMENT_MISSING.finding("no department could be mapped: quality-management forms "
                                + "will show no department for this agent",
                        "Release a department attribute from the IdP, or map another one with "
                                + "mapping.setDepartment(...) in a rule.", "check: qm"));
            }
        }
    }

    private static Finding contactNotFound(Mapping mapping, String subject, Contacts contacts) {
        StringBuilder message = new StringBuilder("no External Contact among the ").append(contacts.size())
                .append(" exported has the literal sub \"").append(subject).append("\" as an externalId. Genesys Cloud "
                        + "is predicted to look the contact up by the literal sub and answer 401 \"Failed to identify "
                        + "user for token\".");
        String mapped = mapping.externalId();
        Contact underMapped = mapped == null || mapped.equals(subject) ? null : contacts.find(mapped);
        if (underMapped != null) {
            message.append(" The contact ").append(underMapped.describe()).append(" has the mapped externalId \"")
                    .append(mapped).append("\": the mapping is right, but it is not what Genesys Cloud looks up.");
        }
        String remedy = underMapped != null
                ? "Either store the literal sub as an externalId of " + underMapped.describe() + ", or have the IdP "
                + "(or a broker in front of it) send \"" + mapped + "\" as sub."
                : "Create the External Contact with the literal sub as its externalId, or send a sub that an existing "
                + "contact has.";
        return EXTERNAL_CONTACT_NOT_FOUND.finding(message.toString(), remedy, "check: contacts");
    }
}
