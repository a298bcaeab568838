package io.claimmap.engine.result;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * The JSON document of a {@link ValidationResult}, identical for the CLI's {@code --format json} and the REST body.
 * Built by hand rather than by annotations so that member order and names are the contract's, whatever the records do.
 */
public final class ResultJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final ObjectWriter PRETTY = MAPPER.writer(new DefaultPrettyPrinter()
            .withSeparators(Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER))
            .withObjectIndenter(new DefaultIndenter("  ", "\n"))
            .withArrayIndenter(new DefaultIndenter("  ", "\n")));

    private ResultJson() {
    }

    public static ObjectNode toTree(ValidationResult result) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("verdict", result.verdict().label());
        ObjectNode input = root.putObject("input");
        input.put("kind", result.input().kind());
        input.put("issuer", result.input().issuer());
        input.put("subject", result.input().subject());
        input.put("keyId", result.input().keyId());
        input.put("algorithm", result.input().algorithm());
        ObjectNode mapping = root.putObject("mapping");
        mapping.put("externalId", result.mapping().externalId());
        ObjectNode qm = mapping.putObject("qm");
        qm.put("agentName", result.mapping().qm().agentName());
        qm.put("department", result.mapping().qm().department());
        if (result.genesys() != null) {
            GenesysPrediction prediction = result.genesys();
            ObjectNode genesys = root.putObject("genesys");
            if (prediction.contact() != null) {
                genesys.put("lookupValue", prediction.lookupValue());
                ObjectNode contact = genesys.putObject("contact");
                contact.put("status", prediction.contact().status());
                putIfPresent(contact, "id", prediction.contact().id());
                putIfPresent(contact, "name", prediction.contact().name());
            }
            if (prediction.user() != null) {
                ObjectNode user = genesys.putObject("user");
                user.put("status", prediction.user().status());
                putIfPresent(user, "id", prediction.user().id());
                if (prediction.user().found()) {
                    // null when the profile has none: what QM shows as Anonymous / no department
                    user.put("name", prediction.user().name());
                    user.put("department", prediction.user().department());
                }
            }
        }
        addFindings(root.putArray("findings"), result.findings());
        if (!result.trace().isEmpty()) {
            addTrace(root.putArray("trace"), result.trace());
        }
        return root;
    }

    /**
     * The rule trace: {rule, pack, status, matched, writes, findings (when any), unmatched (null when fired), stopped
     * (only where the evaluation stopped)}.
     */
    public static void addTrace(ArrayNode array, List<RuleTrace> trace) {
        for (RuleTrace entry : trace) {
            ObjectNode t = array.addObject();
            t.put("rule", entry.rule());
            t.put("pack", entry.pack());
            t.put("status", entry.status().label());
            entry.matched().forEach(t.putArray("matched")::add);
            ObjectNode writes = t.putObject("writes");
            entry.writes().forEach(writes::put);
            if (!entry.raised().isEmpty()) {
                entry.raised().forEach(t.putArray("findings")::add);
            }
            t.put("unmatched", entry.unmatched());
            if (entry.stopped() != null) {
                t.put("stopped", entry.stopped());
            }
        }
    }

    private static void putIfPresent(ObjectNode node, String name, String value) {
        if (value != null) {
            node.put(name, value);
        }
    }

    /** Findings as every JSON document of claimmap writes them. */
    public static void addFindings(ArrayNode array, List<Finding> findings) {
        for (Finding finding : findings) {
            ObjectNode f = array.addObject();
            f.put("code", finding.code());
            f.put("severity", finding.severity().label());
            f.put("message", finding.message());
            f.put("remedy", finding.remedy());
            f.put("rule", finding.rule());
        }
    }

    public static ObjectNode newObject() {
        return MAPPER.createObjectNode();
    }

    /** Indented, for people and for approval files. */
    public static String pretty(ValidationResult result) {
        return write(PRETTY, result);
    }

    public static String pretty(JsonNode tree) {
        try {
            return PRETTY.writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serializes", e);
        }
    }

    /** One line, for HTTP bodies. */
    public static String compact(ValidationResult result) {
        return write(MAPPER.writer(), result);
    }

    private static String write(ObjectWriter writer, ValidationResult result) {
        try {
            return writer.writeValueAsString(toTree(result));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a result tree always serializes", e);
        }
    }
}
