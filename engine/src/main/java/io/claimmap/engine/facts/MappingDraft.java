package io.claimmap.engine.facts;

import io.claimmap.engine.input.UntrustedText;
import io.claimmap.engine.result.Mapping;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The mapping being built, global {@code mapping} in rules: {@code mapping.setExternalId($id);}. Built-in packs fire
 * first, so a custom rule's write wins; every write is recorded in the trace. Two rules of equal salience writing
 * different values to one field are recorded as a {@link Evaluation.Conflict} (the later write wins).
 */
public final class MappingDraft {
    private record Write(String rule, int salience, String value) {
    }

    private final Evaluation evaluation;
    private final Map<String, Write> lastWrites = new HashMap<>();
    private String externalId;
    private String agentName;
    private String department;

    public MappingDraft(Evaluation evaluation) {
        this.evaluation = evaluation;
    }

    /** The identifier Genesys Cloud should find this person by. */
    public void setExternalId(String value) {
        synchronized (evaluation) {
            externalId = noted("externalId", value);
        }
    }

    /** The agent name quality-management forms show. */
    public void setAgentName(String value) {
        synchronized (evaluation) {
            agentName = noted("qm.agentName", value);
        }
    }

    /** The department quality-management forms show. */
    public void setDepartment(String value) {
        synchronized (evaluation) {
            department = noted("qm.department", value);
        }
    }

    public String getExternalId() {
        synchronized (evaluation) {
            return externalId;
        }
    }

    public String getAgentName() {
        synchronized (evaluation) {
            return agentName;
        }
    }

    public String getDepartment() {
        synchronized (evaluation) {
            return department;
        }
    }

    public Mapping toMapping() {
        synchronized (evaluation) {
            return new Mapping(externalId, new Mapping.QmFields(agentName, department));
        }
    }

    private String noted(String field, String value) {
        evaluation.check();
        // Kept byte for byte: the contact lookup uses the literal value, so the mapping must too.
        String cleaned = value == null || UntrustedText.isBlank(value) ? null : value;
        evaluation.wrote(field, cleaned);
        String rule = evaluation.currentRule();
        int salience = evaluation.currentSalience();
        Write previous = lastWrites.put(field, new Write(rule, salience, cleaned));
        if (previous != null && !previous.rule().equals(rule) && previous.salience() == salience
                && !Objects.equals(previous.value(), cleaned)) {
            evaluation.conflict(new Evaluation.Conflict(field, previous.rule(), previous.value(), rule, cleaned));
        }
        return cleaned;
    }
}
