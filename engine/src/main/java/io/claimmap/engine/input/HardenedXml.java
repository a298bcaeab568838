package io.claimmap.engine.input;

import org.w3c.dom.Document;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import java.io.IOException;
import java.io.StringReader;

/**
 * XML parsing for hostile input (SAML messages, IdP metadata) with the JDK's own parser: namespace-aware, DOCTYPE
 * refused outright (so no entity of any kind, internal or external, is ever declared or expanded), no XInclude, no
 * external DTD or schema access, secure processing on, element depth capped. Messages never quote the input. A new
 * parser per call: JAXP builders are not thread-safe. Parse errors never reach stderr.
 */
public final class HardenedXml {
    /** Deepest element nesting accepted; real SAML messages are about 8 deep. */
    public static final int MAX_ELEMENT_DEPTH = 64;

    private static final String DISALLOW_DOCTYPE = "http://apache.org/xml/features/disallow-doctype-decl";
    private static final String EXTERNAL_GENERAL_ENTITIES = "http://xml.org/sax/features/external-general-entities";
    private static final String EXTERNAL_PARAMETER_ENTITIES = "http://xml.org/sax/features/external-parameter-entities";
    private static final String LOAD_EXTERNAL_DTD = "http://apache.org/xml/features/nonvalidating/load-external-dtd";
    private static final String MAX_DEPTH = "jdk.xml.maxElementDepth";

    private static final ErrorHandler THROWING = new ErrorHandler() {
        @Override
        public void warning(SAXParseException e) {
        }

        @Override
        public void error(SAXParseException e) throws SAXException {
            throw e;
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXException {
            throw e;
        }
    };

    private static final java.util.regex.Pattern QUOTED_NAME = java.util.regex.Pattern.compile("\"[^\"]*[\\p{L}\\p{N}][^\"]*\"");

    private HardenedXml() {
    }

    /**
     * Parses {@code xml} (already size-checked by the caller) into a DOM.
     *
     * @param what names the document in error messages ("the SAML message")
     */
    public static Document parse(String xml, String what) throws MalformedInputException {
        if (xml.length() > InputLimits.MAX_INPUT_BYTES) {
            throw new MalformedInputException(what + " is over the " + InputLimits.MAX_INPUT_BYTES / 1024 + " KiB limit");
        }
        DocumentBuilder builder = newBuilder();
        try {
            return builder.parse(new InputSource(new StringReader(xml)));
        } catch (SAXParseException e) {
            throw new MalformedInputException(describe(e, what));
        } catch (SAXException e) {
            throw new MalformedInputException(what + " is not well-formed XML");
        } catch (IOException e) {
            throw new MalformedInputException(what + " could not be read as XML");
        }
    }

    private static String describe(SAXParseException e, String what) {
        String message = String.valueOf(e.getMessage());
        if (message.contains("DOCTYPE")) {
            return what + " has a DOCTYPE declaration; SAML messages and metadata never have one, and claimmap refuses them "
                    + "(they are how entity-expansion and external-entity attacks start)";
        }
        if (message.contains(MAX_DEPTH) || message.contains("maxElementDepth")) {
            return what + " nests elements deeper than " + MAX_ELEMENT_DEPTH + " levels";
        }
        // The parser quotes names it read, and text with a stray '<' (an email in "Grace <grace@...>") reads as one.
        return what + " is not well-formed XML (line " + e.getLineNumber() + ", column " + e.getColumnNumber() + "): "
                + QUOTED_NAME.matcher(message).replaceAll("\"…\"");
    }

    private static DocumentBuilder newBuilder() {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newDefaultInstance();
        try {
            factory.setNamespaceAware(true);
            factory.setValidating(false);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature(DISALLOW_DOCTYPE, true);
            factory.setFeature(EXTERNAL_GENERAL_ENTITIES, false);
            factory.setFeature(EXTERNAL_PARAMETER_ENTITIES, false);
            factory.setFeature(LOAD_EXTERNAL_DTD, false);
            factory.setXIncludeAware(false);
            factory.setExpandEntityReferences(false);
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            factory.setAttribute(MAX_DEPTH, String.valueOf(MAX_ELEMENT_DEPTH));
            DocumentBuilder builder = factory.newDocumentBuilder();
            builder.setErrorHandler(THROWING);
            builder.setEntityResolver((publicId, systemId) -> {
                throw new SAXException("external entities are not resolved");
            });
            return builder;
        } catch (ParserConfigurationException | IllegalArgumentException e) {
            throw new IllegalStateException("the JDK XML parser does not support a hardening feature claimmap needs", e);
        }
    }
}
