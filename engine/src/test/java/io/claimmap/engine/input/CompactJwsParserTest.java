package io.claimmap.engine.input;

import io.claimmap.engine.testing.TestTokens;
import org.junit.jupiter.api.Test;

import java.util.Base64;

import static io.claimmap.engine.testing.TestTokens.raw;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CompactJwsParserTest {
    private static final String HEADER = "{\"alg\":\"RS256\",\"kid\":\"k1\"}";
    private static final String PAYLOAD = "{\"sub\":\"abc\",\"exp\":1800000000}";

    private static String rejection(String token) {
        return assertThrows(MalformedInputException.class, () -> CompactJwsParser.parse(token)).getMessage();
    }

    @Test
    void parsesAWellFormedToken() throws Exception {
        CompactJws jws = CompactJwsParser.parse(TestTokens.sign(TestTokens.claims().build()));
        assertEquals("RS256", jws.algorithm());
        assertEquals("okta-2026", jws.keyId());
        assertEquals("00u1a2b3c4d5e6f7g8h9", jws.claims().get("sub"));
    }

    @Test
    void rejectsPaddingInASegment() {
        String token = raw(HEADER, PAYLOAD, "c2ln");
        String padded = token.substring(0, token.indexOf('.')) + "==" + token.substring(token.indexOf('.'));
        assertTrue(rejection(padded).contains("header segment has '=' padding"), rejection(padded));
    }

    @Test
    void rejectsStrayCharactersInASegment() {
        String token = raw(HEADER, PAYLOAD, "c2ln");
        String[] parts = token.split("\\.");
        String stray = parts[0] + "." + parts[1].substring(0, 4) + "+" + parts[1].substring(4) + "." + parts[2];
        assertTrue(rejection(stray).contains("payload segment has a stray character '+' at position 5"), rejection(stray));
        String space = parts[0] + "." + parts[1] + "." + "c2 ln";
        assertTrue(rejection(space).contains("signature segment has a space at position 3"), rejection(space));
    }

    @Test
    void rejectsNonCanonicalBase64Url() {
        // "c2lu" decodes to "sin"; "c2lv" is canonical, but "c2k" vs "c2l": the last char carries stray bits.
        String token = raw(HEADER, PAYLOAD, "c2l");
        assertTrue(rejection(token).contains("not canonical"), rejection(token));
    }

    /**
     * The canonical check looks at the last character's unused bits; it must refuse exactly the signatures that do not
     * come back the same from decoding and encoding again (every last character, every length that can end a segment).
     */
    @Test
    void refusesExactlyTheSignaturesThatDoNotEncodeBackTheSame() {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        for (String body : new String[] {"c", "c2", "c2l", "c2lub", "c2lub2", "c2lub2I"}) {
            for (char last : alphabet.toCharArray()) {
                String signature = body + last;
                boolean canonical = Base64.getUrlEncoder().withoutPadding()
                        .encodeToString(Base64.getUrlDecoder().decode(signature)).equals(signature);
                String token = raw(HEADER, PAYLOAD, signature);
                if (canonical) {
                    assertDoesNotThrow(() -> CompactJwsParser.parse(token), signature);
                } else {
                    assertTrue(rejection(token).contains("signature segment is not canonical"), signature);
                }
            }
        }
    }

    /**
     * The payload segment is checked by decoding it, and by the character-by-character test only when that fails: the
     * same refusals with the same messages as the signature segment's character-by-character test, for every stray
     * character at every place and every length, and still after the header's problems and before the signature's.
     */
    @Test
    void thePayloadIsRefusedExactlyAsTheCharacterByCharacterTestRefusesIt() {
        String good = TestTokens.b64(PAYLOAD);
        String header = TestTokens.b64(HEADER);
        int compared = 0;
        for (String stray : new String[] {"=", "==", "+", "/", " ", "\t", ".", "é", "\u0141", "\u3000", "%", "A", "AB", "ABC"}) {
            for (int at : new int[] {0, 1, 7, good.length() - 1, good.length()}) {
                String payload = good.substring(0, at) + stray + good.substring(at);
                String asSignature = header + "." + good + "." + payload;
                String asPayload = header + "." + payload + ".c2ln";
                String expected;
                try {
                    CompactJwsParser.parse(asSignature);
                    expected = null;
                } catch (MalformedInputException e) {
                    expected = e.getMessage().replace("signature segment", "payload segment");
                }
                if (expected != null) {
                    assertEquals(expected, rejection(asPayload), stray + " at " + at);
                    if (!stray.equals(".")) { // a dot in both would make it five segments
                        assertEquals(expected, rejection(header + "." + payload + "." + payload),
                                "the payload's problem is named before the signature's");
                    }
                    compared++;
                } else {
                    String message = assertThrows(MalformedInputException.class, () -> CompactJwsParser.parse(asPayload))
                            .getMessage();
                    assertTrue(message.startsWith("the payload is"), stray + " at " + at + ": " + message); // JSON, not base64
                }
            }
        }
        assertTrue(compared > 40, "compared " + compared);
        String badHeader = header + "=." + good + "+.c2ln";
        assertTrue(rejection(badHeader).contains("header segment has '=' padding"), rejection(badHeader));
    }

    /** The last header is kept by its segment: every token still gets its own header's members, and cannot change them. */
    @Test
    void eachTokenGetsItsOwnHeader() throws Exception {
        String first = raw(HEADER, PAYLOAD, "c2ln");
        String second = raw("{\"alg\":\"ES256\",\"kid\":\"k2\",\"typ\":\"JWT\"}", PAYLOAD, "c2ln");
        String duplicate = raw("{\"alg\":\"RS256\",\"alg\":\"none\"}", PAYLOAD, "c2ln");
        for (int round = 0; round < 2; round++) {
            assertEquals("k1", CompactJwsParser.parse(first).keyId());
            assertEquals("k2", CompactJwsParser.parse(second).keyId());
            assertEquals("ES256", CompactJwsParser.parse(second).algorithm());
            assertTrue(rejection(duplicate).contains("the header has a duplicate member 'alg'"));
            assertEquals("RS256", CompactJwsParser.parse(first).algorithm());
        }
        assertThrows(UnsupportedOperationException.class, () -> CompactJwsParser.parse(first).header().put("alg", "none"));
        assertEquals("RS256", CompactJwsParser.parse(first).algorithm());
    }

    @Test
    void rejectsAJwe() {
        assertTrue(rejection("eyJhbGciOiJSU0EtT0FFUCJ9.a2V5.aXY.Y2lwaGVy.dGFn").contains("JWE"));
    }

    @Test
    void rejectsTheWrongNumberOfSegments() {
        assertTrue(rejection("abc.def").contains("this input has 2"));
    }

    @Test
    void rejectsANonJsonPayload() {
        assertTrue(rejection(raw(HEADER, "hello, not json", "c2ln")).contains("the payload is not valid JSON"));
    }

    @Test
    void rejectsAPayloadThatIsNotAnObject() {
        assertTrue(rejection(raw(HEADER, "[1,2]", "c2ln")).contains("the payload is a JSON array, not a JSON object"));
    }

    @Test
    void rejectsDuplicateClaims() {
        String message = rejection(raw(HEADER, "{\"sub\":\"victim\",\"sub\":\"attacker\",\"exp\":1}", "c2ln"));
        assertTrue(message.contains("the payload has a duplicate member 'sub'"), message);
    }

    @Test
    void rejectsDuplicateHeaderMembers() {
        String message = rejection(raw("{\"alg\":\"RS256\",\"alg\":\"none\"}", PAYLOAD, "c2ln"));
        assertTrue(message.contains("the header has a duplicate member 'alg'"), message);
    }

    @Test
    void rejectsFiftyThousandLevelsOfNesting() {
        String deep = "{\"a\":" + "[".repeat(50_000) + "]".repeat(50_000) + "}";
        String message = assertThrows(MalformedInputException.class,
                () -> StrictJson.parseObject(deep, "the payload")).getMessage();
        assertTrue(message.contains("nests JSON deeper than 32 levels"), message);
        // Through the parser, the same payload is refused first for its length.
        assertTrue(rejection(raw(HEADER, "{\"a\":" + "[".repeat(20_000) + "]".repeat(20_000) + "}", "c2ln"))
                .contains("nests JSON deeper"));
    }

    @Test
    void rejectsATwoMegabyteToken() {
        String big = raw(HEADER, "{\"pad\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}", "c2ln");
        assertTrue(rejection(big).contains("the limit is 65536"), rejection(big));
    }

    @Test
    void rejectsAHeaderWithoutAlg() {
        assertTrue(rejection(raw("{\"kid\":\"k1\"}", PAYLOAD, "c2ln")).contains("has no \"alg\""));
    }

    @Test
    void rejectsAnEmptyPayloadSegment() {
        assertTrue(rejection(TestTokens.b64(HEADER) + "..c2ln").contains("payload segment is empty"));
    }
}
