package io.claimmap.engine.corpus;

import io.claimmap.engine.ClaimsRequest;
import io.claimmap.engine.Purpose;
import io.claimmap.engine.ValidationRequest;
import io.claimmap.engine.Validator;
import io.claimmap.engine.input.MalformedInputException;
import io.claimmap.engine.input.StrictJson;
import io.claimmap.engine.result.FindingCode;
import io.claimmap.engine.result.InputSummary;
import io.claimmap.engine.result.Mapping;
import io.claimmap.engine.result.ValidationResult;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Evaluates corpus entries with one validator: tokens and SAML messages through the whole pipeline (as
 * {@code validate}), claims objects and decision-log records through the rules and mapping checks (as {@code eval}).
 * An entry that cannot be read or parsed is a {@code fail} result with {@code MALFORMED_INPUT}. Thread-safe.
 *
 * @param purpose     null for the default of each entry's kind (or the purpose a decision-log record names)
 * @param claimsKind  {@code jwt} or {@code saml}: what plain claims objects are
 * @param explain     keep the rule trace (for rule coverage)
 */
public record CorpusEvaluator(Validator validator, Instant now, Purpose purpose, String claimsKind, boolean explain) {
    private static final String REMEDY = "Each corpus entry is a token or SAML file, a JSON object of claims (*.json), "
            + "or one JSON object per line (*.jsonl: claims, or decision-log records written with "
            + "--decision-log-claims values).";

    /** What one entry gave, and the purpose it was evaluated for (null when it could not be read). */
    public record Evaluated(String source, Purpose purpose, ValidationResult result) {
    }

    /**
     * An entry read and parsed, ready to evaluate with any validator: {@code diff} parses once and evaluates twice.
     * Exactly one of {@code input} (a token or SAML message), {@code claims} and {@code malformed} is set.
     */
    public record Parsed(String source, byte[] input, ClaimsRequest claims, String malformed) {
    }

    public Evaluated evaluate(CorpusEntry entry) {
        return evaluate(parse(entry));
    }

    public Evaluated evaluate(Parsed parsed) {
        if (parsed.malformed() != null) {
            return malformed(parsed.source(), parsed.malformed());
        }
        if (parsed.input() != null) {
            return token(parsed.source(), parsed.input());
        }
        return new Evaluated(parsed.source(), parsed.claims().purposeOrDefault(), validator.evaluate(parsed.claims()));
    }

    public Parsed parse(CorpusEntry entry) {
        if (entry instanceof CorpusEntry.Input input) {
            return new Parsed(entry.source(), input.content(), null, null);
        }
        if (entry instanceof CorpusEntry.Json json) {
            return json(entry.source(), json.content());
        }
        return new Parsed(entry.source(), null, null, ((CorpusEntry.Unreadable) entry).message());
    }

    private Evaluated token(String source, byte[] content) {
        ValidationResult result = validator.validate(new ValidationRequest(content, purpose, now, explain));
        Purpose effective = purpose != null ? purpose
                : switch (result.input().kind()) {
                    case "jwt" -> Purpose.MESSAGING;
                    case "saml" -> Purpose.AGENT;
                    default -> null;
                };
        return new Evaluated(source, effective, result);
    }

    @SuppressWarnings("unchecked")
    private Parsed json(String source, byte[] content) {
        Map<String, Object> object;
        try {
            object = StrictJson.parseObject(utf8(content), "the entry");
        } catch (MalformedInputException e) {
            return new Parsed(source, null, null, e.getMessage());
        }
        if (object.containsKey("id_token")) {
            return new Parsed(source, content, null, null);
        }
        String kind = claimsKind;
        Purpose entryPurpose = purpose;
        Map<String, Object> claims = object;
        if (DecisionRecord.isRecord(object)) {
            Object logged = object.get("claims");
            if (!(logged instanceof Map<?, ?>)) {
                return new Parsed(source, null, null, "a decision-log record without claim values (logged with "
                        + "--decision-log-claims none or names, or of an input that gave no claims): nothing to evaluate");
            }
            claims = (Map<String, Object>) logged;
            kind = object.get("kind") instanceof String k ? k : claimsKind;
            if (entryPurpose == null && object.get("purpose") instanceof String label) {
                try {
                    entryPurpose = Purpose.fromLabel(label);
                } catch (IllegalArgumentException e) {
                    return new Parsed(source, null, null, "the decision-log record's purpose: " + e.getMessage());
                }
            }
        }
        try {
            return new Parsed(source, null, new ClaimsRequest(claims, kind, entryPurpose, explain), null);
        } catch (IllegalArgumentException e) {
            return new Parsed(source, null, null, "the decision-log record's " + e.getMessage());
        }
    }

    private static String utf8(byte[] content) throws MalformedInputException {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(content)).toString();
        } catch (CharacterCodingException e) {
            throw new MalformedInputException("the entry is not UTF-8 text");
        }
    }

    private static Evaluated malformed(String source, String message) {
        return new Evaluated(source, null, ValidationResult.of(InputSummary.unknown("unknown"), Mapping.EMPTY,
                List.of(FindingCode.MALFORMED_INPUT.finding(message, REMEDY, "corpus")), List.of()));
    }
}
