package io.claimmap.engine.input;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.util.Map;

/**
 * JSON parsing for hostile input: duplicate members and deep nesting are errors, and messages never quote the input.
 * nimbus' own parser accepts duplicates (the last one wins), so everything from a token passes through here first.
 */
public final class StrictJson {
    private static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(InputLimits.MAX_JSON_DEPTH)
                            .maxStringLength(InputLimits.MAX_INPUT_BYTES)
                            .maxNumberLength(64)
                            .build())
                    .build())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /** Reads a JSON object as a Map: the same binding as {@code MAPPER.readValue(parser, Map.class)}, resolved once. */
    private static final ObjectReader MAP_READER = MAPPER.readerFor(Map.class);

    private StrictJson() {
    }

    /** Parses {@code json} as one JSON object; {@code what} names it in error messages ("the payload"). */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> parseObject(String json, String what) throws MalformedInputException {
        try (JsonParser parser = MAPPER.createParser(json)) {
            JsonToken first = parser.nextToken();
            if (first != JsonToken.START_OBJECT) {
                throw new MalformedInputException(what + " is " + describe(first) + ", not a JSON object");
            }
            return MAP_READER.readValue(parser);
        } catch (StreamConstraintsException e) {
            if (e.getOriginalMessage().contains("nesting depth")) {
                throw new MalformedInputException(what + " nests JSON deeper than " + InputLimits.MAX_JSON_DEPTH + " levels");
            }
            throw new MalformedInputException(what + " is over a JSON size limit (" + e.getOriginalMessage() + ")");
        } catch (JsonProcessingException e) {
            String detail = e.getOriginalMessage();
            if (detail.startsWith("Duplicate field")) {
                throw new MalformedInputException(what + " has a duplicate member " + detail.substring("Duplicate field ".length())
                        + ": ambiguous JSON is refused because parsers disagree on which value wins");
            }
            var at = e.getLocation();
            String where = at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
            throw new MalformedInputException(what + " is not valid JSON" + where);
        } catch (IOException e) {
            throw new MalformedInputException(what + " could not be read: " + e.getMessage());
        }
    }

    /** The shared, thread-safe mapper for configuration files (JWK sets, discovery documents, contacts). */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    private static String describe(JsonToken token) {
        if (token == null) {
            return "empty";
        }
        return switch (token) {
            case START_ARRAY -> "a JSON array";
            case VALUE_STRING -> "a JSON string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a JSON number";
            case VALUE_TRUE, VALUE_FALSE -> "a JSON boolean";
            case VALUE_NULL -> "JSON null";
            default -> "not JSON";
        };
    }
}
