package io.claimmap.engine.input;

import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Strict compact-JWS parsing, done before nimbus sees anything: nimbus alone accepts {@code =} padding, stray
 * characters and duplicate members. Every rejection says which segment is wrong and why.
 */
public final class CompactJwsParser {
    private static final String[] SEGMENT_NAMES = {"header", "payload", "signature"};
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    /** Critical extensions claimmap processes: none (ID tokens use none). */
    private static final Set<String> UNDERSTOOD_CRITICAL = Set.of();
    private static volatile ParsedHeader lastHeader;

    private CompactJwsParser() {
    }

    public static CompactJws parse(String token) throws MalformedInputException {
        if (token.length() > InputLimits.MAX_JWS_CHARS) {
            throw new MalformedInputException("the token is " + token.length() + " characters long; the limit is "
                    + InputLimits.MAX_JWS_CHARS);
        }
        String[] segments = token.split("\\.", -1);
        if (segments.length == 5) {
            throw new MalformedInputException("the token has 5 segments: it is a JWE (an encrypted token). claimmap "
                    + "validates signed ID tokens (JWS); Genesys Cloud needs a signed, unencrypted ID token too");
        }
        if (segments.length != 3) {
            throw new MalformedInputException("a compact JWS has 3 dot-separated segments (header.payload.signature); "
                    + "this input has " + segments.length);
        }
        ParsedHeader last = lastHeader;
        if (last == null || !last.segment().equals(segments[0])) { // the kept header's segment passed these checks
            checkSegment(segments[0], SEGMENT_NAMES[0], true);
        }
        byte[] payload = checkedPayload(segments[1]);
        checkSegment(segments[2], SEGMENT_NAMES[2], false);
        Map<String, Object> header = header(segments[0]);
        Map<String, Object> claims = StrictJson.parseObject(Utf8.decode(payload, "the payload"), "the payload");
        if (!(header.get("alg") instanceof String alg) || alg.isEmpty()) {
            throw new MalformedInputException("the header has no \"alg\" (a string naming the signature algorithm)");
        }
        if (header.containsKey("enc")) {
            throw new MalformedInputException("the header has \"enc\": this is a JWE header, not a JWS one");
        }
        if (header.containsKey("b64") && !Boolean.TRUE.equals(header.get("b64"))) {
            throw new MalformedInputException("the header has \"b64\": " + header.get("b64") + " (RFC 7797, an "
                    + "unencoded payload); ID tokens are signed over the base64url payload, so claimmap refuses it");
        }
        checkCritical(header);
        return new CompactJws(segments[0], segments[1], segments[2], header, claims);
    }

    /**
     * The header's members. The last header parsed is kept with its segment: the tokens of one IdP carry the same
     * header (alg, kid, typ) byte for byte, and parsing the same text again gives the same members, so the JSON is
     * parsed only when the segment differs (about 0.3 µs of a 34 µs RS256 validation, docs/PERFORMANCE.md). The map is
     * unmodifiable, as validations share it; its nested values (crit, jwk, x5c) are only read.
     */
    private static Map<String, Object> header(String segment) throws MalformedInputException {
        ParsedHeader last = lastHeader;
        if (last != null && last.segment().equals(segment)) {
            return last.members();
        }
        Map<String, Object> members = Collections.unmodifiableMap(
                StrictJson.parseObject(decodeUtf8(segment, "header"), "the header"));
        lastHeader = new ParsedHeader(segment, members);
        return members;
    }

    private record ParsedHeader(String segment, Map<String, Object> members) {
    }

    // RFC 7515 §4.1.11: a recipient that does not understand every extension named in crit must refuse the JWS.
    private static void checkCritical(Map<String, Object> header) throws MalformedInputException {
        if (!header.containsKey("crit")) {
            return;
        }
        if (!(header.get("crit") instanceof List<?> names) || names.isEmpty()
                || !names.stream().allMatch(name -> name instanceof String s && !s.isEmpty())) {
            throw new MalformedInputException("the header's \"crit\" is not a non-empty array of header parameter names "
                    + "(RFC 7515 §4.1.11)");
        }
        List<String> unknown = new ArrayList<>();
        for (Object name : names) {
            if (!UNDERSTOOD_CRITICAL.contains((String) name)) {
                unknown.add("\"" + name + "\"");
            }
        }
        if (!unknown.isEmpty()) {
            throw new MalformedInputException("the header's \"crit\" marks " + String.join(", ", unknown) + " as a "
                    + "critical extension, which claimmap does not understand: RFC 7515 §4.1.11 requires refusing such "
                    + "a token (this says nothing about whether it was altered)");
        }
    }

    /**
     * The payload segment checked as {@link #checkSegment} checks it, and decoded. The JDK's decoder refuses every
     * character outside the base64url alphabet (and a length of 1 mod 4), so a segment without {@code =} that it
     * decodes and whose last character is canonical passes the checks: the character-by-character test (about 0.2 µs
     * of an RS256 validation, docs/PERFORMANCE.md) runs only for a segment the decoder refuses, to name the problem.
     */
    private static byte[] checkedPayload(String segment) throws MalformedInputException {
        if (!segment.isEmpty() && segment.indexOf('=') < 0 && hasCanonicalEnd(segment)) {
            try {
                return DECODER.decode(segment);
            } catch (IllegalArgumentException e) {
                // named below
            }
        }
        checkSegment(segment, SEGMENT_NAMES[1], true);
        return DECODER.decode(segment);
    }

    private static void checkSegment(String segment, String name, boolean required) throws MalformedInputException {
        if (segment.isEmpty()) {
            if (required) {
                throw new MalformedInputException("the " + name + " segment is empty");
            }
            return;
        }
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (!isBase64Url(c)) {
                throw new MalformedInputException("the " + name + " segment has " + describe(c) + " at position " + (i + 1)
                        + ": compact JWS segments are unpadded base64url (A-Z a-z 0-9 - _)");
            }
        }
        if (segment.length() % 4 == 1) {
            throw new MalformedInputException("the " + name + " segment is " + segment.length()
                    + " characters long, which no base64url encoding can be");
        }
        // Unused low bits in the last character must be zero; otherwise two different strings carry the same bytes.
        // Tested on the character itself (what decoding and encoding again then comparing did, without the copies).
        if (!hasCanonicalEnd(segment)) {
            throw new MalformedInputException("the " + name + " segment is not canonical base64url (its last character has stray bits)");
        }
    }

    /**
     * Whether the last character of a base64url segment (alphabet checked, length not 1 mod 4) leaves its unused low
     * bits zero: 4 bits when the length is 2 mod 4 (one byte in the last group), 2 bits when it is 3 mod 4 (two bytes).
     */
    private static boolean hasCanonicalEnd(String segment) {
        int unused = switch (segment.length() % 4) {
            case 2 -> 0b1111;
            case 3 -> 0b11;
            default -> 0;
        };
        return (sextet(segment.charAt(segment.length() - 1)) & unused) == 0;
    }

    private static int sextet(char c) {
        if (c >= 'A' && c <= 'Z') {
            return c - 'A';
        }
        if (c >= 'a' && c <= 'z') {
            return c - 'a' + 26;
        }
        if (c >= '0' && c <= '9') {
            return c - '0' + 52;
        }
        return c == '-' ? 62 : 63;
    }

    private static String decodeUtf8(String segment, String name) throws MalformedInputException {
        return Utf8.decode(DECODER.decode(segment), "the " + name);
    }

    private static boolean isBase64Url(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    }

    private static String describe(char c) {
        if (c == '=') {
            return "'=' padding";
        }
        if (c == ' ') {
            return "a space";
        }
        if (c >= 0x21 && c < 0x7f) {
            return "a stray character '" + c + "'";
        }
        return String.format("a stray character U+%04X", (int) c);
    }
}
