package io.claimmap.engine;

import io.claimmap.engine.result.Finding;
import io.claimmap.engine.result.Mapping;

import java.util.List;

import static io.claimmap.engine.result.FindingCode.EXTERNAL_ID_UNMAPPED;
import static io.claimmap.engine.result.FindingCode.QM_AGENT_NAME_MISSING;
import static io.claimmap.engine.result.FindingCode.QM_DEPARTMENT_MISSING;

/** Checks on what the rules produced, after they ran: whatever the rules, these hold. */
final class MappingChecks {
    private MappingChecks() {
    }

    static void checkMapped(Mapping mapping, List<Finding> findings) {
        if (mapping.externalId() == null) {
            findings.add(EXTERNAL_ID_UNMAPPED.finding("no rule produced an externalId, so there is nothing Genesys Cloud "
                            + "could identify this person by",
                    "Add a rule that calls mapping.setExternalId(...) for this issuer (see docs/RULES.md), or keep the "
                            + "built-in rule packs enabled.", "check: mapping"));
        }
    }

    static void checkQm(Mapping mapping, Purpose purpose, List<Finding> findings) {
        if (purpose != Purpose.AGENT) {
            return;
        }
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
