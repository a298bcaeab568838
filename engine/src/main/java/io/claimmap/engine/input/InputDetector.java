package io.claimmap.engine.input;

import java.util.Base64;
import java.util.Map;

/**
 * Decides what an input is from its content: a compact JWS, a token endpoint response holding an {@code id_token},
 * or a SAML message as XML or base64. Anything else is {@link MalformedInputException}.
 */
public final class InputDetector {
    private InputDetector() {
    }

    public static DetectedInput detect(byte[] bytes) throws MalformedInputException {
        if (bytes.length > InputLimits.MAX_INPUT_BYTES) {
            throw new MalformedInputException("the input is over the " + InputLimits.MAX_INPUT_BYTES / 1024 + " KiB limit");
        }
        return detect(utf8(bytes));
    }

    public static DetectedInput detect(String raw) throws MalformedInputException {
        if (raw.length() > InputLimits.MAX_INPUT_BYTES) {
            throw new MalformedInputException("the input is over the " + InputLimits.MAX_INPUT_BYTES / 1024 + " KiB limit");
        }
        String text = raw.strip();
        if (text.isEmpty()) {
            throw new MalformedInputException("the input is empty");
        }
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
        if (text.indexOf('.') >= 0) {
            return new DetectedInput.Jwt(text, false);
        }
        return fromBase64(text);
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
        if (!isBase64Text(text)) {
            throw notRecognised();
        }
        String xml;
        try {
            xml = utf8(Base64.getMimeDecoder().decode(text)).strip();
        } catch (IllegalArgumentException | MalformedInputException e) {
            throw notRecognised();
        }
        if (!xml.startsWith("<")) {
            throw notRecognised();
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
