package io.claimmap.engine.input;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON parsing for hostile input: duplicate members, deep nesting and strings that are not Unicode text (an escaped
 * unpaired surrogate such as {@code "\\ud800"}, RFC 8259 §8.2) are errors, and messages never quote the input.
 * nimbus' own parser accepts duplicates (the last one wins), so everything from a token passes through here first.
 */
public final class StrictJson {
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(InputLimits.MAX_JSON_DEPTH)
                    .maxStringLength(InputLimits.MAX_INPUT_BYTES)
                    .maxNumberLength(64)
                    .build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .build();

    private static final String NOT_UNICODE = "an unpaired surrogate";

    private StrictJson() {
    }

    /**
     * Parses {@code json} as one JSON object; {@code what} names it in error messages ("the payload"). Read with the
     * streaming parser into the types Jackson's databind would give ({@code LinkedHashMap}, {@code ArrayList},
     * {@code String}, the smallest of {@code Integer}/{@code Long}/{@code BigInteger}, {@code Double}, {@code Boolean},
     * null): a cold CLI validation never initialises databind (about 25 ms of its start, docs/PERFORMANCE.md).
     */
    public static Map<String, Object> parseObject(String json, String what) throws MalformedInputException {
        try (JsonParser parser = FACTORY.createParser(json)) {
            JsonToken first = parser.nextToken();
            if (first != JsonToken.START_OBJECT) {
                throw new MalformedInputException(what + " is " + describe(first) + ", not a JSON object");
            }
            Map<String, Object> object = readObject(parser);
            if (parser.nextToken() != null) {
                throw new MalformedInputException(what + " is not valid JSON" + where(parser.currentTokenLocation()));
            }
            return object;
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
            if (detail.equals(NOT_UNICODE)) {
                throw new MalformedInputException(what + " has a string that is not Unicode text (an escaped unpaired "
                        + "surrogate, such as \\ud800)" + where(e.getLocation()));
            }
            throw new MalformedInputException(what + " is not valid JSON" + where(e.getLocation()));
        } catch (IOException e) {
            throw new MalformedInputException(what + " could not be read: " + e.getMessage());
        }
    }

    private static Map<String, Object> readObject(JsonParser parser) throws IOException {
        Map<String, Object> object = new LinkedHashMap<>();
        for (String name = parser.nextFieldName(); name != null; name = parser.nextFieldName()) {
            object.put(unicode(name, parser), readValue(parser, parser.nextToken()));
        }
        return object;
    }

    private static Object readValue(JsonParser parser, JsonToken token) throws IOException {
        return switch (token) {
            case START_OBJECT -> readObject(parser);
            case START_ARRAY -> {
                List<Object> array = new ArrayList<>();
                for (JsonToken item = parser.nextToken(); item != JsonToken.END_ARRAY; item = parser.nextToken()) {
                    array.add(readValue(parser, item));
                }
                yield array;
            }
            case VALUE_STRING -> unicode(parser.getText(), parser);
            case VALUE_NUMBER_INT -> parser.getNumberValue();
            case VALUE_NUMBER_FLOAT -> parser.getDoubleValue();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            default -> throw new JsonParseException(parser, "unexpected " + token);
        };
    }

    /**
     * The text, if it is Unicode: an unpaired surrogate could not be written out as UTF-8 (it became "?"), so the
     * output would show another value than the one the rules and the contact lookup saw.
     */
    private static String unicode(String text, JsonParser parser) throws JsonParseException {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                } else {
                    throw new JsonParseException(parser, NOT_UNICODE);
                }
            }
        }
        return text;
    }

    private static String where(JsonLocation at) {
        return at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
    }

    /** The shared, thread-safe mapper for configuration files (JWK sets, discovery documents, contacts). */
    public static ObjectMapper mapper() {
        return Mapper.INSTANCE;
    }

    private static final class Mapper {
        static final ObjectMapper INSTANCE = JsonMapper.builder(FACTORY.copy())
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .build();
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
