package io.claimmap.engine.input;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InputDetectorTest {
    private static String rejection(String input) {
        return assertThrows(MalformedInputException.class, () -> InputDetector.detect(input)).getMessage();
    }

    @Test
    void detectsACompactJwsAndTrimsWhitespace() throws Exception {
        var detected = assertInstanceOf(DetectedInput.Jwt.class, InputDetector.detect("\n  aaa.bbb.ccc \n"));
        assertEquals("aaa.bbb.ccc", detected.compact());
    }

    /** Printable ASCII is taken as it is; any whitespace inside is removed, unless something else is wrong too. */
    @Test
    void rejoinsATokenWrappedOverSeveralLines() throws Exception {
        // ASCII line breaks and spaces, and what chat clients and word processors wrap with: line and paragraph
        // separators, the ideographic space
        for (String space : new String[] {"\n", "\r\n", "\t", " ", "\u000B", "\f", "\u2028", "\u2029", "\u3000", "\n\u3000"}) {
            String wrapped = "aaa.b" + space + "bb." + space + "ccc";
            assertEquals("aaa.bbb.ccc", assertInstanceOf(DetectedInput.Jwt.class, InputDetector.detect(wrapped)).compact(),
                    wrapped);
        }
        for (String other : new String[] {"\u007F", "\u00A0", "\u00E9", "~", "+", "\n\u00A0"}) {
            String token = "aaa.b" + other + "bb.ccc";
            assertEquals(token, assertInstanceOf(DetectedInput.Jwt.class, InputDetector.detect(token)).compact(), token);
        }
    }

    @Test
    void detectsATokenResponse() throws Exception {
        var detected = assertInstanceOf(DetectedInput.Jwt.class,
                InputDetector.detect("{\"access_token\":\"x\",\"token_type\":\"Bearer\",\"id_token\":\"aaa.bbb.ccc\"}"));
        assertEquals("aaa.bbb.ccc", detected.compact());
        assertTrue(detected.fromTokenResponse());
    }

    @Test
    void detectsSamlAsXmlAndAsBase64() throws Exception {
        String xml = "<samlp:Response xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\"/>";
        assertInstanceOf(DetectedInput.Saml.class, InputDetector.detect(xml));
        String posted = Base64.getMimeEncoder().encodeToString(xml.getBytes(StandardCharsets.UTF_8));
        assertEquals(xml, assertInstanceOf(DetectedInput.Saml.class, InputDetector.detect(posted)).xml());
    }

    @Test
    void rejectsJsonSerialization() {
        assertTrue(rejection("{\"payload\":\"e30\",\"signatures\":[]}").contains("JWS in JSON serialization"));
        assertTrue(rejection("{\"protected\":\"e30\",\"ciphertext\":\"x\",\"iv\":\"y\"}").contains("JWE in JSON serialization"));
    }

    @Test
    void rejectsJsonThatIsNotAnObject() {
        assertTrue(rejection("[\"aaa.bbb.ccc\"]").contains("JSON but not an object"));
    }

    @Test
    void rejectsDuplicateMembersInATokenResponse() {
        assertTrue(rejection("{\"id_token\":\"a.b.c\",\"id_token\":\"d.e.f\"}").contains("duplicate member 'id_token'"));
    }

    @Test
    void rejectsATokenResponseWithAnEmptyIdToken() {
        assertTrue(rejection("{\"id_token\":\"\"}").contains("\"id_token\" is empty"));
        assertTrue(rejection("{\"id_token\":\" \\n\"}").contains("\"id_token\" is empty"));
    }

    @Test
    void rejectsEmptyInputAndGarbage() {
        assertTrue(rejection("  \n").contains("empty"));
        assertTrue(rejection("hello world").contains("neither a compact JWS"));
        assertTrue(rejection("bm90IHhtbA==").contains("neither a compact JWS"));
    }

    @Test
    void rejectsOversizedInput() {
        byte[] big = new byte[InputLimits.MAX_INPUT_BYTES + 1];
        assertTrue(assertThrows(MalformedInputException.class, () -> InputDetector.detect(big)).getMessage()
                .contains("over the 1024 KiB limit"));
    }

    @Test
    void rejectsAnOversizedSamlMessageAsXmlOrBase64() {
        String xml = "<samlp:Response>" + " ".repeat(InputLimits.MAX_SAML_CHARS) + "</samlp:Response>";
        assertTrue(rejection(xml).contains("the limit is 256 KiB"));
        assertTrue(rejection(Base64.getMimeEncoder().encodeToString(xml.getBytes(StandardCharsets.UTF_8)))
                .contains("the limit is 256 KiB"));
    }

    @Test
    void rejectsInvalidUtf8() {
        byte[] bad = {(byte) 0xC3, (byte) 0x28};
        assertTrue(assertThrows(MalformedInputException.class, () -> InputDetector.detect(bad)).getMessage()
                .contains("not UTF-8"));
    }
}
