package io.claimmap.engine.facts;

import io.claimmap.engine.input.UntrustedText;
import io.claimmap.engine.result.Mapping;

/**
 * The mapping being built, global {@code mapping} in rules: {@code mapping.setExternalId($id);}. Built-in packs fire
 * first, so a custom rule's write wins; every write is recorded in the trace.
 */
public final class MappingDraft {
    private final Evaluation evaluation;
    private String externalId;
    private String agentName;
    private String department;

    public MappingDraft(Evaluation evaluation) {
        this.evaluation = evaluation;
    }

    /** The identifier Genesys Cloud should find this person by. */
    public void setExternalId(String value) {
        externalId = noted("externalId", value);
    }

    /** The agent name quality-management forms show. */
    public void setAgentName(String value) {
        agentName = noted("qm.agentName", value);
    }

    /** The department quality-management forms show. */
    public void setDepartment(String value) {
        department = noted("qm.department", value);
    }

    public String getExternalId() {
        return externalId;
    }

    public String getAgentName() {
        return agentName;
    }

    public String getDepartment() {
        return department;
    }

    public Mapping toMapping() {
        return new Mapping(externalId, new Mapping.QmFields(agentName, department));
    }

    private String noted(String field, String value) {
        // Kept byte for byte: the contact lookup uses the literal value, so the mapping must too.
        String cleaned = value == null || UntrustedText.isBlank(value) ? null : value;
        evaluation.wrote(field, cleaned);
        return cleaned;
    }
}
