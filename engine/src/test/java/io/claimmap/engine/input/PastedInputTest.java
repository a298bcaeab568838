package io.claimmap.engine.input;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What people paste: each is cleaned up when only one reading is possible, or refused naming the actual mistake. */
class PastedInputTest {
    private static final String TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhIn0.c2lnbmF0dXJl";
    private static final String XML = "<samlp:Response xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\"/>";
    // base64 of XML with +, / and = in it, as a POST body carries them
    private static final String POSTED = Base64.getEncoder().encodeToString((XML + "<!-- ??>>>~~~ -->")
            .getBytes(StandardCharsets.UTF_8));

    private static String jwt(String input) throws Exception {
        return assertInstanceOf(DetectedInput.Jwt.class, InputDetector.detect(input)).compact();
    }

    private static String saml(String input) throws Exception {
        return assertInstanceOf(DetectedInput.Saml.class, InputDetector.detect(input)).xml();
    }

    private static String rejection(String input) {
        return assertThrows(MalformedInputException.class, () -> InputDetector.detect(input)).getMessage();
    }

    private static String urlEncoded(String base64) {
        return base64.replace("+", "%2B").replace("/", "%2F").replace("=", "%3D");
    }

    @Test
    void aBearerPrefixIsRemoved() throws Exception {
        assertEquals(TOKEN, jwt("Bearer " + TOKEN));
        assertEquals(TOKEN, jwt("  bearer   " + TOKEN + "\n"));
        assertEquals(TOKEN, jwt("Authorization: Bearer " + TOKEN));
        assertEquals(TOKEN, jwt("\"Bearer " + TOKEN + "\""));
        assertTrue(rejection("Bearer ").contains("Authorization header without a token"));
    }

    @Test
    void quotesAroundATokenAreRemoved() throws Exception {
        assertEquals(TOKEN, jwt("\"" + TOKEN + "\""));
        assertEquals(TOKEN, jwt("'" + TOKEN + "'\n"));
        assertEquals(TOKEN, jwt("Bearer `" + TOKEN + "`"));
    }

    @Test
    void aTokenWrappedOverSeveralLinesIsRejoined() throws Exception {
        String wrapped = TOKEN.substring(0, 20) + "\n" + TOKEN.substring(20, 41) + "\r\n  " + TOKEN.substring(41);
        assertEquals(TOKEN, jwt(wrapped));
    }

    @Test
    void aUrlEncodedSamlResponseIsDecoded() throws Exception {
        assertTrue(POSTED.contains("+") || POSTED.contains("/") || POSTED.contains("="), POSTED);
        assertTrue(saml(urlEncoded(POSTED)).startsWith(XML));
    }

    @Test
    void aWholeFormBodyGivesItsSamlResponse() throws Exception {
        assertTrue(saml("SAMLResponse=" + urlEncoded(POSTED) + "&RelayState=%2Fdashboard").startsWith(XML));
        assertTrue(saml("RelayState=abc&SAMLResponse=" + urlEncoded(POSTED)).startsWith(XML));
        assertTrue(rejection("SAMLRequest=" + urlEncoded(POSTED) + "&RelayState=x").contains("AuthnRequest"));
        assertTrue(rejection("SAMLResponse=bm90IHhtbA%3D%3D").contains("the form's SAMLResponse is not the base64 of a SAML message"));
        assertTrue(rejection("SAMLResponse=abc%2").contains("'%' that is not followed by two hex digits"));
    }

    @Test
    void aFormPostedIdTokenIsValidated() throws Exception {
        assertEquals(TOKEN, jwt("id_token=" + TOKEN + "&state=xyz"));
    }

    @Test
    void aJwkSetAsInputSaysUseJwks() {
        assertTrue(rejection("{\"keys\":[{\"kty\":\"RSA\",\"n\":\"AQAB\",\"e\":\"AQAB\"}]}").contains("use --jwks")
                || rejection("{\"keys\":[]}").contains("--jwks"));
        assertTrue(rejection("{\"keys\":[]}").contains("is a JWK Set"));
        assertTrue(rejection("{\"kty\":\"RSA\",\"n\":\"AQAB\",\"e\":\"AQAB\"}").contains("single JWK"));
        assertTrue(rejection("{\"issuer\":\"https://idp\",\"jwks_uri\":\"https://idp/keys\"}").contains("--discovery"));
    }

    @Test
    void aSamlFileStartingWithAByteOrderMarkIsRead() throws Exception {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] xml = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + XML).getBytes(StandardCharsets.UTF_8);
        byte[] file = new byte[bom.length + xml.length];
        System.arraycopy(bom, 0, file, 0, 3);
        System.arraycopy(xml, 0, file, 3, xml.length);
        assertInstanceOf(DetectedInput.Saml.class, InputDetector.detect(file));
        assertEquals(TOKEN, jwt("\ufeff" + TOKEN));
    }

    @Test
    void aUtf16FileIsNamedAsSuch() {
        byte[] utf16 = ("\ufeff" + XML).getBytes(StandardCharsets.UTF_16LE);
        assertTrue(assertThrows(MalformedInputException.class, () -> InputDetector.detect(utf16)).getMessage()
                .contains("UTF-16"));
    }
}
