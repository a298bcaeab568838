package io.claimmap.engine.input;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The XML parser's messages quote names it read; what a broken message held is never echoed back. */
class HardenedXmlTest {
    @Test
    void aBrokenMessageIsNotQuotedInTheError() {
        for (String xml : new String[]{"<AttributeValue>Grace Hopper <grace.hopper@example.com></AttributeValue>",
                "<AttributeValue>&grace.hopper;</AttributeValue>", "<grace.hopper a='1' a='2'/>",
                "<AttributeValue>grace.hopper</AttributeValue></grace.hopper>"}) {
            String message = assertThrows(MalformedInputException.class, () -> HardenedXml.parse(xml, "the SAML message"))
                    .getMessage();
            assertTrue(message.startsWith("the SAML message is not well-formed XML (line 1, column ")
                    && !message.contains("grace"), message);
        }
    }
}
