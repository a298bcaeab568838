package io.claimmap.engine.input;

import java.io.ByteArrayOutputStream;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides what an input is from its content: a compact JWS, a token endpoint response holding an {@code id_token},
 * or a SAML message as XML or base64. Anything else is {@link MalformedInputException}.
 */
public final class InputDetector {
    private static final String AUTHORIZATION = "Authorization:";
    private static final String BEARER = "Bearer";
    private static final List<String> FORM_FIELDS = List.of("SAMLResponse", "SAMLRequest", "id_token", "RelayState");

    private InputDetector() {
    }

    public static DetectedInput detect(byte[] bytes) throws MalformedInputException {
        if (bytes.length > InputLimits.MAX_INPUT_BYTES) {
            throw new MalformedInputException("the input is over the " + InputLimits.MAX_INPUT_BYTES / 1024 + " KiB limit");
        }
        if (bytes.length >= 2 && ((bytes[0] == (byte) 0xFE && bytes[1] == (byte) 0xFF)
                || (bytes[0] == (byte) 0xFF && bytes[1] == (byte) 0xFE))) {
            throw new MalformedInputException("the input is UTF-16 text (it starts with a UTF-16 byte-order mark): "
                    + "save it as UTF-8");
        }
        return detect(utf8(bytes));
    }

    /**
     * What people paste is cleaned up where only one reading is possible: a byte-order mark, an
     * {@code Authorization: Bearer } prefix,
     * quotes around a token, a token wrapped over several lines, a SAMLResponse still URL-encoded or the whole
     * {@code SAMLResponse=...&RelayState=...} form body. Other mistakes (a JWK Set, a discovery document) are named.
     */
    public static DetectedInput detect(String raw) throws MalformedInputException {
        if (raw.length() > InputLimits.MAX_INPUT_BYTES) {
            throw new MalformedInputException("the input is over the " + InputLimits.MAX_INPUT_BYTES / 1024 + " KiB limit");
        }
        String text = withoutByteOrderMark(raw).strip();
        if (text.isEmpty()) {
            throw new MalformedInputException("the input is empty");
        }
        text = withoutBearer(unquoted(withoutBearer(text)));
        char first = text.charAt(0);
        if (first == '{') {
            return fromJsonObject(text);
        }
        if (first == '[' || first == '"') {
            throw new MalformedInputException("the input is JSON but not an object: expected a token response "
                    + "with an \"id_token\" member");
        }
        if (first == '<') {
            return saml(text);
        }
        String field = formField(text);
        if (field != null) {
            return fromForm(text, field);
        }
        if (isPercentEncodedBase64(text)) {
            return fromBase64(percentDecoded(text, "the URL-encoded SAMLResponse"), "the URL-encoded SAMLResponse");
        }
        if (text.indexOf('.') >= 0) {
            return new DetectedInput.Jwt(unwrapped(text), false);
        }
        return fromBase64(text);
    }

    private static String withoutByteOrderMark(String text) {
        int start = 0;
        while (start < text.length() && text.charAt(start) == '\uFEFF') {
            start++;
        }
        return text.substring(start);
    }

    // "Authorization: Bearer eyJ..." or "Bearer eyJ...", as copied from a request.
    private static String withoutBearer(String text) throws MalformedInputException {
        if (text.regionMatches(true, 0, AUTHORIZATION, 0, AUTHORIZATION.length())) {
            text = text.substring(AUTHORIZATION.length()).strip();
        }
        if (text.regionMatches(true, 0, BEARER, 0, BEARER.length())
                && (text.length() == BEARER.length() || Character.isWhitespace(text.charAt(BEARER.length())))) {
            text = text.substring(BEARER.length()).strip();
        }
        if (text.isEmpty()) {
            throw new MalformedInputException("the input is an Authorization header without a token: pass the token itself");
        }
        return text;
    }

    // "eyJ...", 'eyJ...' or `eyJ...`: the quotes a token is copied with from code, JSON or a chat message.
    private static String unquoted(String text) throws MalformedInputException {
        if (text.length() < 2) {
            return text;
        }
        char quote = text.charAt(0);
        if ((quote != '"' && quote != '\'' && quote != '`') || text.charAt(text.length() - 1) != quote) {
            return text;
        }
        String inside = text.substring(1, text.length() - 1).strip();
        if (inside.isEmpty() || inside.indexOf(quote) >= 0 || inside.indexOf('\\') >= 0) {
            return text;
        }
        return inside;
    }

    // A compact JWS never holds whitespace: one wrapped over several lines (by a mail client, a terminal) is rejoined.
    private static String unwrapped(String text) {
        if (printableAscii(text)) {
            return text; // no whitespace to remove: the common case, tested with two comparisons a character
        }
        boolean whitespace = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (isBase64UrlOrDot(c)) {
                continue; // the common case first: the whitespace table is not looked up for a token's characters
            }
            if (Character.isWhitespace(c)) {
                whitespace = true;
            } else {
                return text; // something else is wrong: the parser names it
            }
        }
        return whitespace ? withoutWhitespace(text) : text;
    }

    // Removes what the loop above counted as whitespace, no more and no less (a regex's \s is ASCII only, which left
    // a U+2028 or U+3000 from a chat client in the token).
    private static String withoutWhitespace(String text) {
        StringBuilder joined = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!Character.isWhitespace(c)) {
                joined.append(c);
            }
        }
        return joined.toString();
    }

    /**
     * Whether every character is printable ASCII ({@code !} to {@code ~}), none of which is whitespace. One test a
     * character, the same outcome for all of a token's: about twice as fast as the alphabet's ranges, whose outcome
     * changes from character to character (docs/PERFORMANCE.md, issue 14).
     */
    private static boolean printableAscii(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c <= ' ' || c > '~') {
                return false;
            }
        }
        return true;
    }

    private static boolean isBase64UrlOrDot(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
    }

    /** The first known form field of an {@code application/x-www-form-urlencoded} body, or null if it is not one. */
    private static String formField(String text) {
        for (String pair : text.split("&", -1)) {
            int equals = pair.indexOf('=');
            if (equals > 0 && FORM_FIELDS.contains(pair.substring(0, equals))) {
                return pair.substring(0, equals);
            }
        }
        return null;
    }

    private static DetectedInput fromForm(String text, String field) throws MalformedInputException {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String pair : text.split("&", -1)) {
            int equals = pair.indexOf('=');
            if (equals > 0) {
                fields.putIfAbsent(pair.substring(0, equals), pair.substring(equals + 1));
            }
        }
        if (fields.containsKey("SAMLResponse")) {
            return fromBase64(percentDecoded(fields.get("SAMLResponse"), "the form's SAMLResponse"), "the form's SAMLResponse");
        }
        if (fields.containsKey("id_token")) {
            String token = percentDecoded(fields.get("id_token"), "the form's id_token").strip();
            if (token.isEmpty()) {
                throw new MalformedInputException("the form body's id_token is empty");
            }
            return new DetectedInput.Jwt(token, true);
        }
        if (fields.containsKey("SAMLRequest")) {
            throw new MalformedInputException("the input is a form body with a SAMLRequest: that is the service "
                    + "provider's AuthnRequest, not the IdP's answer; pass the SAMLResponse the IdP posts to the ACS");
        }
        throw new MalformedInputException("the input is a form body with a " + field + " but no SAMLResponse or "
                + "id_token: pass the SAMLResponse the IdP posts to the ACS");
    }

    // Base64 whose +, / and = (and line breaks) were percent-encoded, as in a captured POST body.
    private static boolean isPercentEncodedBase64(String text) {
        boolean encoded = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%') {
                encoded = true;
            } else if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+'
                    || c == '/' || c == '=' || c == '\r' || c == '\n')) {
                return false;
            }
        }
        return encoded;
    }

    /**
     * Percent-decoding only: {@code +} is kept, because base64 uses it and a browser sends base64's own {@code +}
     * as {@code %2B}, so a literal {@code +} in a pasted value was never a space.
     */
    private static String percentDecoded(String text, String what) throws MalformedInputException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '%') {
                if (c > 0x7F) {
                    throw new MalformedInputException(what + " holds a character that is neither base64 nor URL-encoded");
                }
                bytes.write(c);
                continue;
            }
            int high = i + 2 < text.length() ? Character.digit(text.charAt(i + 1), 16) : -1;
            int low = i + 2 < text.length() ? Character.digit(text.charAt(i + 2), 16) : -1;
            if (high < 0 || low < 0) {
                throw new MalformedInputException(what + " has a '%' that is not followed by two hex digits, so it is "
                        + "not URL-encoded as a browser posts it");
            }
            bytes.write(high * 16 + low);
            i += 2;
        }
        return utf8(bytes.toByteArray());
    }

    private static DetectedInput fromJsonObject(String text) throws MalformedInputException {
        Map<String, Object> object = StrictJson.parseObject(text, "the token response");
        Object idToken = object.get("id_token");
        if (idToken instanceof String token) {
            if (token.isBlank()) {
                throw new MalformedInputException("the token response's \"id_token\" is empty");
            }
            return new DetectedInput.Jwt(token.strip(), true);
        }
        if (idToken != null) {
            throw new MalformedInputException("the token response's \"id_token\" is not a string");
        }
        if (object.get("keys") instanceof List<?>) {
            throw new MalformedInputException("the input is a JWK Set (trusted keys), not a token: pass it with "
                    + "--jwks FILE and give the token as INPUT");
        }
        if (object.containsKey("jwks_uri") && object.containsKey("issuer")) {
            throw new MalformedInputException("the input is an OpenID discovery document, not a token: pass the "
                    + "issuer with --discovery URL and give the token as INPUT");
        }
        if (object.containsKey("kty")) {
            throw new MalformedInputException("the input is a single JWK (a key), not a token: put it in a JWK Set "
                    + "({\"keys\": [...]}) passed with --jwks FILE, and give the token as INPUT");
        }
        if (object.containsKey("ciphertext") || object.containsKey("recipients")) {
            throw new MalformedInputException("the input is a JWE in JSON serialization; claimmap validates signed "
                    + "compact ID tokens");
        }
        if (object.containsKey("payload") && (object.containsKey("signatures") || object.containsKey("signature"))) {
            throw new MalformedInputException("the input is a JWS in JSON serialization; ID tokens use the compact "
                    + "serialization (header.payload.signature)");
        }
        throw new MalformedInputException("the input is a JSON object without an \"id_token\" member; expected a "
                + "token endpoint response");
    }

    private static DetectedInput fromBase64(String text) throws MalformedInputException {
        return fromBase64(text, null);
    }

    /** @param what the SAMLResponse a clean-up found ("the form's SAMLResponse"), or null for the input as given */
    private static DetectedInput fromBase64(String text, String what) throws MalformedInputException {
        MalformedInputException wrong = what == null ? notRecognised()
                : new MalformedInputException(what + " is not the base64 of a SAML message");
        if (!isBase64Text(text)) {
            throw wrong;
        }
        String xml;
        try {
            xml = withoutByteOrderMark(utf8(Base64.getMimeDecoder().decode(text))).strip();
        } catch (IllegalArgumentException | MalformedInputException e) {
            throw wrong;
        }
        if (!xml.startsWith("<")) {
            throw wrong;
        }
        return saml(xml);
    }

    private static DetectedInput saml(String xml) throws MalformedInputException {
        if (xml.length() > InputLimits.MAX_SAML_CHARS) {
            throw new MalformedInputException("the SAML message is " + xml.length() / 1024 + " KiB of XML; the limit is "
                    + InputLimits.MAX_SAML_CHARS / 1024 + " KiB");
        }
        return new DetectedInput.Saml(xml);
    }

    // The MIME decoder skips characters outside the alphabet; a SAML post is only alphabet, padding and line breaks.
    private static boolean isBase64Text(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '+' || c == '/' || c == '=' || c == '\r' || c == '\n';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static MalformedInputException notRecognised() {
        return new MalformedInputException("the input is neither a compact JWS (header.payload.signature), a token "
                + "response with an \"id_token\", nor a SAML message (XML or base64)");
    }

    private static String utf8(byte[] bytes) throws MalformedInputException {
        return Utf8.decode(bytes, "the input");
    }
}
