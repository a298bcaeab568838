package io.claimmap.engine;

import io.claimmap.engine.genesys.ContactDirectory;
import io.claimmap.engine.genesys.ContactLookup;
import io.claimmap.engine.genesys.LookupStatus;
import io.claimmap.engine.genesys.UserDirectory;
import io.claimmap.engine.genesys.UserLookup;
import io.claimmap.engine.result.Finding;
import io.claimmap.engine.result.GenesysPrediction;
import io.claimmap.engine.result.GenesysPrediction.ContactPrediction;
import io.claimmap.engine.result.GenesysPrediction.UserPrediction;
import io.claimmap.engine.result.Mapping;

import java.util.List;

import static io.claimmap.engine.result.FindingCode.EXTERNAL_CONTACT_CONFLICT;
import static io.claimmap.engine.result.FindingCode.EXTERNAL_CONTACT_FOUND;
import static io.claimmap.engine.result.FindingCode.EXTERNAL_CONTACT_NOT_FOUND;
import static io.claimmap.engine.result.FindingCode.EXTERNAL_ID_DIFFERS_FROM_SUB;
import static io.claimmap.engine.result.FindingCode.GENESYS_UNAVAILABLE;
import static io.claimmap.engine.result.FindingCode.GENESYS_USER_NOT_FOUND;
import static io.claimmap.engine.result.FindingCode.QM_AGENT_NAME_MISSING;
import static io.claimmap.engine.result.FindingCode.QM_DEPARTMENT_MISSING;
import static io.claimmap.engine.result.FindingCode.QM_PROFILE_DEPARTMENT_MISSING;
import static io.claimmap.engine.result.FindingCode.SUB_IS_URL;

/**
 * The one prediction of what Genesys Cloud does with a Web Messaging token, and every contact finding, derived from
 * it after the rules ran: Genesys looks the External Contact up by the literal {@code sub}. What the rules mapped
 * ({@code mapping.externalId}) is what the person should be identified by; when it differs from {@code sub}, either
 * a broker sends it as {@code sub} (option A) or the contacts are keyed by the literal {@code sub} (option B).
 * The directory is an export ({@code --contacts}) or the org ({@code --genesys}); an org that cannot answer makes the
 * contact {@code not-checked} with a {@code GENESYS_UNAVAILABLE} warning, and validation goes on.
 *
 * <p>Agents sign in as Genesys users, not External Contacts: for purpose {@code agent} the org is asked for the user
 * with the NameID / email ({@link #predictAgent}), and the QM findings come from that profile, the one QM shows.
 */
final class GenesysChecks {
    private static final String RULE = "check: genesys";
    private static final String FAILURE = "the exchange is predicted to answer 401 \"Failed to identify user for token\"";

    /**
     * The contact findings: derived from the prediction alone. The same codes raised by a rule (written before the
     * engine made the prediction, say) are superseded, so that no finding contradicts the prediction.
     */
    static final java.util.Set<String> CONTACT_CODES = java.util.Set.of(SUB_IS_URL.name(),
            EXTERNAL_CONTACT_NOT_FOUND.name(), EXTERNAL_CONTACT_FOUND.name(), EXTERNAL_CONTACT_CONFLICT.name(),
            EXTERNAL_ID_DIFFERS_FROM_SUB.name());

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
        if (literal != null && literal.status() == LookupStatus.UNAVAILABLE) {
            findings.add(unavailable("the External Contact for the literal sub", literal.unavailableReason(),
                    "externalContacts:contact:view"));
        }
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
            ContactLookup underMapped = differs ? answered(directory.find(mapped), findings) : null;
            if (underMapped != null && underMapped.found() && !underMapped.sameContact(literal)) {
                findings.add(EXTERNAL_CONTACT_CONFLICT.finding("Genesys Cloud is predicted to find " + literal.describe()
                                + " by the literal sub \"" + subject + "\", but the rules map this person to \"" + mapped
                                + "\", the externalId of another contact, " + underMapped.describe(),
                        "Decide which contact is this person's and remove the other externalId, so that the mapping and "
                                + "the lookup agree.", RULE));
            }
            return new GenesysPrediction(subject, new ContactPrediction("found", literal.id(), literal.name()));
        }
        ContactLookup underMapped = differs ? answered(directory.find(mapped), findings) : null;
        if (url) {
            findings.add(SUB_IS_URL.finding(urlMessage(subject, mapped, differs) + " No contact has it.",
                    remedy(subject, mapped, differs, false), RULE));
        }
        findings.add(contactNotFound(subject, mapped, underMapped));
        return new GenesysPrediction(subject, ContactPrediction.NOT_FOUND);
    }

    /** The contact under the mapped externalId; an unavailable answer is a warning and counts as unknown (null). */
    private static ContactLookup answered(ContactLookup lookup, List<Finding> findings) {
        if (lookup != null && lookup.status() == LookupStatus.UNAVAILABLE) {
            findings.add(unavailable("the External Contact for the mapped externalId", lookup.unavailableReason(),
                    "externalContacts:contact:view"));
            return null;
        }
        return lookup;
    }

    private static Finding unavailable(String what, String reason, String permission) {
        return GENESYS_UNAVAILABLE.finding("Genesys Cloud could not be asked for " + what + " (" + reason
                        + "), so it was not checked",
                "See docs/GENESYS.md: an OAuth client (client credentials) whose role has " + permission
                        + "; a rate limit or an outage clears by itself.", RULE);
    }

    /**
     * The Genesys user an agent signs in as, and the QM findings. QM shows the agent's name and department from the
     * Genesys user profile, so when the org ({@code users}) finds the profile, the QM findings come from it and the
     * IdP's attributes ({@code mapping.qm}) are only compared with it; with no profile to read (no org, not found,
     * unavailable) they come from the IdP's attributes ({@link MappingChecks#checkQm}).
     *
     * @param userKey the NameID, or for an OIDC token its {@code email} claim (else {@code sub}): what Genesys Cloud
     *                matches the user's email or username with
     * @return the prediction with the user, or null when no org is configured (purpose messaging: nothing to do)
     */
    static GenesysPrediction predictAgent(String userKey, Mapping mapping, Purpose purpose, UserDirectory users,
                                          List<Finding> findings) {
        if (purpose != Purpose.AGENT) {
            return null;
        }
        UserLookup user = userKey == null ? null : users.find(userKey);
        if (user == null) {
            MappingChecks.checkQm(mapping, purpose, findings);
            return null;
        }
        switch (user.status()) {
            case UNAVAILABLE -> {
                findings.add(unavailable("the user \"" + userKey + "\"", user.unavailableReason(), "directory:user:view"));
                MappingChecks.checkQm(mapping, purpose, findings);
                return GenesysPrediction.ofUser(UserPrediction.NOT_CHECKED);
            }
            case NOT_FOUND -> {
                findings.add(GENESYS_USER_NOT_FOUND.finding("no Genesys Cloud user has the email or username \""
                                + userKey + "\": Genesys Cloud is predicted to refuse this agent's sign-in",
                        "Create the user (or fix its email) in Genesys Cloud, or have the IdP send the user's email as "
                                + "the NameID (SAML) or email claim (OIDC).", RULE));
                MappingChecks.checkQm(mapping, purpose, findings);
                return GenesysPrediction.ofUser(UserPrediction.NOT_FOUND);
            }
            default -> {
                checkProfileQm(user, mapping, findings);
                return GenesysPrediction.ofUser(new UserPrediction("found", user.id(), blankToNull(user.name()),
                        blankToNull(user.department())));
            }
        }
    }

    private static void checkProfileQm(UserLookup user, Mapping mapping, List<Finding> findings) {
        String profile = "the Genesys Cloud user profile" + (user.id() == null ? "" : " (id " + user.id() + ")");
        String name = blankToNull(user.name());
        String department = blankToNull(user.department());
        String idpName = mapping.qm().agentName();
        String idpDepartment = mapping.qm().department();
        if (name == null) {
            findings.add(QM_AGENT_NAME_MISSING.finding(profile + " has no name: quality-management forms will show this "
                            + "agent as \"Anonymous\"" + (idpName == null ? "" : " (the IdP sends \"" + idpName
                            + "\", but QM reads the profile)"),
                    "Set the name in the user's Genesys Cloud profile, or keep it in sync from the IdP (SCIM).",
                    "check: qm"));
        }
        if (department == null) {
            findings.add(QM_DEPARTMENT_MISSING.finding(profile + " has no department: quality-management forms will "
                            + "show no department for this agent",
                    idpDepartment == null
                            ? "Set the department in the user's Genesys Cloud profile (or sync it from the IdP with SCIM)."
                            : "Sync the profile from the IdP (SCIM), or set the department in Genesys Cloud.",
                    "check: qm"));
        }
        if (idpDepartment != null && !idpDepartment.equals(department)) {
            findings.add(QM_PROFILE_DEPARTMENT_MISSING.finding("the IdP sends the department \"" + idpDepartment
                            + "\", which " + profile + " lacks (" + (department == null ? "it has none"
                            : "it has \"" + department + "\"") + "): QM shows the profile's department",
                    "Provision the profile from the IdP (SCIM, or the Genesys Cloud profile sync) so that the two agree.",
                    "check: qm"));
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
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
