package io.claimmap.engine.keys;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWK;
import io.claimmap.engine.input.HardenedXml;
import io.claimmap.engine.input.MalformedInputException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The signing certificates of a SAML IdP's metadata ({@code md:EntityDescriptor} or {@code md:EntitiesDescriptor}):
 * every {@code X509Certificate} of an {@code IDPSSODescriptor}'s {@code KeyDescriptor} whose use is signing or
 * unspecified. The metadata is configuration the user chose to trust, parsed with the same hardened parser as messages;
 * its own signature, if any, is not checked. An {@code EntitiesDescriptor} may hold service providers beside the IdP,
 * but not several IdPs: their certificates would each vouch for messages naming any of them.
 */
final class SamlMetadata {
    static final String MD = "urn:oasis:names:tc:SAML:2.0:metadata";
    static final String DS = "http://www.w3.org/2000/09/xmldsig#";

    private SamlMetadata() {
    }

    /** The signing certificates as JWKs that keep their certificate ({@code x5c}). */
    static List<JWK> signingKeys(String xml, String what) throws KeyConfigException {
        refuseHtml(xml, what);
        Document document;
        try {
            document = HardenedXml.parse(xml, what);
        } catch (MalformedInputException e) {
            throw new KeyConfigException(e.getMessage());
        }
        Element root = document.getDocumentElement();
        if (!MD.equals(root.getNamespaceURI())
                || !(root.getLocalName().equals("EntityDescriptor") || root.getLocalName().equals("EntitiesDescriptor"))) {
            throw new KeyConfigException(what + ": not SAML 2.0 metadata (expected an md:EntityDescriptor, found "
                    + root.getLocalName() + ")");
        }
        NodeList idps = root.getElementsByTagNameNS(MD, "IDPSSODescriptor");
        if (idps.getLength() == 0) {
            throw new KeyConfigException(what + ": the metadata has no IDPSSODescriptor; give the identity provider's "
                    + "metadata, not the service provider's");
        }
        // Keys are trusted for any Issuer: with several IdPs, one could sign messages that name another.
        java.util.Set<String> entities = new java.util.LinkedHashSet<>();
        for (int i = 0; i < idps.getLength(); i++) {
            entities.add(idps.item(i).getParentNode() instanceof Element entity ? entity.getAttribute("entityID") : "");
        }
        if (entities.size() > 1) {
            throw new KeyConfigException(what + ": the metadata describes " + entities.size() + " identity providers ("
                    + String.join(", ", entities.stream().map(e -> "\"" + cap(e) + "\"").toList()) + "); the "
                    + "certificates of one IdP must not vouch for messages of another, so give the metadata (the "
                    + "EntityDescriptor) of the one IdP whose messages are checked");
        }
        Map<String, JWK> keys = new LinkedHashMap<>();
        for (int i = 0; i < idps.getLength(); i++) {
            for (Element descriptor : children((Element) idps.item(i), MD, "KeyDescriptor")) {
                String use = descriptor.getAttribute("use");
                if (!use.isEmpty() && !use.equals("signing")) {
                    continue;
                }
                for (Element keyInfo : children(descriptor, DS, "KeyInfo")) {
                    for (Element data : children(keyInfo, DS, "X509Data")) {
                        for (Element certificate : children(data, DS, "X509Certificate")) {
                            String base64 = certificate.getTextContent().replaceAll("\\s", "");
                            keys.putIfAbsent(base64, toJwk(base64, what));
                        }
                    }
                }
            }
        }
        if (keys.isEmpty()) {
            throw new KeyConfigException(what + ": the metadata names no signing certificate "
                    + "(IDPSSODescriptor/KeyDescriptor/KeyInfo/X509Data/X509Certificate)");
        }
        return new ArrayList<>(keys.values());
    }

    /**
     * The identity provider's {@code entityID}: the root {@code EntityDescriptor}'s, or in an
     * {@code EntitiesDescriptor} the first one with an {@code IDPSSODescriptor}; null if none is named.
     */
    static String entityId(String xml, String what) throws KeyConfigException {
        Document document;
        try {
            document = HardenedXml.parse(xml, what);
        } catch (MalformedInputException e) {
            throw new KeyConfigException(e.getMessage());
        }
        NodeList idps = document.getElementsByTagNameNS(MD, "IDPSSODescriptor");
        for (int i = 0; i < idps.getLength(); i++) {
            if (idps.item(i).getParentNode() instanceof Element entity && entity.getLocalName().equals("EntityDescriptor")
                    && !entity.getAttribute("entityID").isEmpty()) {
                return entity.getAttribute("entityID");
            }
        }
        return null;
    }

    private static JWK toJwk(String base64, String what) throws KeyConfigException {
        try {
            X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(Base64.getDecoder().decode(base64)));
            return PemKeys.certificateKey(certificate);
        } catch (IllegalArgumentException | GeneralSecurityException | JOSEException e) {
            throw new KeyConfigException(what + ": an X509Certificate in the metadata is not a usable X.509 certificate");
        }
    }

    /** A web page where metadata was expected (an IdP's sign-in page, a proxy's error): said so, not "a DOCTYPE". */
    static void refuseHtml(String text, String what) throws KeyConfigException {
        String start = text.strip().toLowerCase(java.util.Locale.ROOT);
        if (start.startsWith("<!doctype html") || start.startsWith("<html")) {
            throw new KeyConfigException(what + ": is an HTML page, not SAML metadata, a JWK Set, a discovery document "
                    + "or PEM (for an OpenID provider, give its discovery URL: the issuer + /.well-known/openid-configuration)");
        }
    }

    private static String cap(String text) {
        return text.length() <= 200 ? text : text.substring(0, 197) + "...";
    }

    private static List<Element> children(Element parent, String namespace, String localName) {
        List<Element> found = new ArrayList<>();
        for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element element && namespace.equals(element.getNamespaceURI())
                    && localName.equals(element.getLocalName())) {
                found.add(element);
            }
        }
        return found;
    }
}
