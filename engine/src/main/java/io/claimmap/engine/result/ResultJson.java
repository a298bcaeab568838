package io.claimmap.engine.result;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.SegmentedStringWriter;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

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

    private static final ObjectWriter COMPACT = MAPPER.writer();

    private ResultJson() {
    }

    /** The document as a tree; {@link #write(JsonGenerator, ValidationResult)} writes the same in one pass (keep them in step: ResultJsonTest compares them). */
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

    /**
     * The facts the rules see for an input ({@code claimmap claims --format json}, the playground's claims table):
     * {@code {"kind", "verified", "token": {...} or null, "claims": [{"name", "value", "values"}]}}.
     */
    public static ObjectNode facts(io.claimmap.engine.Inspection inspection) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("kind", inspection.input().kind());
        root.put("verified", inspection.verified());
        io.claimmap.engine.facts.Facts facts = inspection.facts();
        if (facts == null) {
            root.putNull("token");
            root.putArray("claims");
            return root;
        }
        io.claimmap.engine.facts.Token token = facts.token();
        ObjectNode t = root.putObject("token");
        t.put("kind", token.getKind());
        t.put("issuer", token.getIssuer());
        t.put("subject", token.getSubject());
        token.getAudience().forEach(t.putArray("audience")::add);
        t.put("keyId", token.getKeyId());
        t.put("algorithm", token.getAlgorithm());
        t.put("purpose", token.getPurpose());
        t.put("subjectUrl", token.isSubjectUrl());
        ArrayNode claims = root.putArray("claims");
        for (io.claimmap.engine.facts.Claim claim : facts.claims()) {
            ObjectNode c = claims.addObject();
            c.put("name", claim.getName());
            c.put("value", claim.getValue());
            claim.getValues().forEach(c.putArray("values")::add);
        }
        return root;
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

    /** Rule problems as {@code claimmap check --format json} and {@code GET /v1/rules} both give them. */
    public static void addRuleProblems(ArrayNode array, List<io.claimmap.engine.rules.RuleProblem> problems) {
        for (io.claimmap.engine.rules.RuleProblem problem : problems) {
            ObjectNode p = array.addObject();
            p.put("file", problem.file());
            p.put("line", problem.line());
            p.put("column", problem.column());
            p.put("severity", problem.severity().label());
            p.put("code", problem.code());
            p.put("message", problem.message());
        }
    }

    public static ObjectNode newObject() {
        return MAPPER.createObjectNode();
    }

    private static void writeIfPresent(JsonGenerator json, String name, String value) throws IOException {
        if (value != null) {
            json.writeStringField(name, value);
        }
    }

    /** Indented, for people and for approval files. */
    public static String pretty(ValidationResult result) {
        return write(PRETTY, result);
    }

    /**
     * Writes the document of {@link #toTree} in one pass, without building the tree: the same members in the same
     * order, so the bytes are those of the tree's (the examples' approval tests compare them).
     */
    public static void write(JsonGenerator json, ValidationResult result) throws IOException {
        json.writeStartObject();
        json.writeStringField("verdict", result.verdict().label());
        json.writeObjectFieldStart("input");
        json.writeStringField("kind", result.input().kind());
        json.writeStringField("issuer", result.input().issuer());
        json.writeStringField("subject", result.input().subject());
        json.writeStringField("keyId", result.input().keyId());
        json.writeStringField("algorithm", result.input().algorithm());
        json.writeEndObject();
        json.writeObjectFieldStart("mapping");
        json.writeStringField("externalId", result.mapping().externalId());
        json.writeObjectFieldStart("qm");
        json.writeStringField("agentName", result.mapping().qm().agentName());
        json.writeStringField("department", result.mapping().qm().department());
        json.writeEndObject();
        json.writeEndObject();
        GenesysPrediction prediction = result.genesys();
        if (prediction != null) {
            json.writeObjectFieldStart("genesys");
            if (prediction.contact() != null) {
                json.writeStringField("lookupValue", prediction.lookupValue());
                json.writeObjectFieldStart("contact");
                json.writeStringField("status", prediction.contact().status());
                writeIfPresent(json, "id", prediction.contact().id());
                writeIfPresent(json, "name", prediction.contact().name());
                json.writeEndObject();
            }
            if (prediction.user() != null) {
                json.writeObjectFieldStart("user");
                json.writeStringField("status", prediction.user().status());
                writeIfPresent(json, "id", prediction.user().id());
                if (prediction.user().found()) {
                    json.writeStringField("name", prediction.user().name());
                    json.writeStringField("department", prediction.user().department());
                }
                json.writeEndObject();
            }
            json.writeEndObject();
        }
        json.writeArrayFieldStart("findings");
        for (Finding finding : result.findings()) {
            json.writeStartObject();
            json.writeStringField("code", finding.code());
            json.writeStringField("severity", finding.severity().label());
            json.writeStringField("message", finding.message());
            json.writeStringField("remedy", finding.remedy());
            json.writeStringField("rule", finding.rule());
            json.writeEndObject();
        }
        json.writeEndArray();
        if (!result.trace().isEmpty()) {
            // Only with --explain, off the hot path: written from the same tree as toTree's, so the two cannot drift.
            ArrayNode trace = MAPPER.createArrayNode();
            addTrace(trace, result.trace());
            json.writeFieldName("trace");
            MAPPER.writeTree(json, trace);
        }
        json.writeEndObject();
    }

    /**
     * One line, UTF-8, for HTTP bodies: the bytes of {@link #compact}. Written through a character writer on purpose:
     * Jackson's byte generator writes characters outside the BMP as raw UTF-8 where the character one escapes them
     * ({@code \\uD83D\\uDE00}), and the REST body has always been the latter.
     */
    public static byte[] compactBytes(ValidationResult result) {
        return compact(result).getBytes(StandardCharsets.UTF_8);
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
        return write(COMPACT, result);
    }

    private static String write(ObjectWriter writer, ValidationResult result) {
        SegmentedStringWriter out = new SegmentedStringWriter(MAPPER.getFactory()._getBufferRecycler());
        try (JsonGenerator json = writer.createGenerator(out)) {
            write(json, result);
            json.flush();
            return out.getAndClear();
        } catch (IOException e) {
            throw new IllegalStateException("a result always serializes", e);
        }
    }
}
