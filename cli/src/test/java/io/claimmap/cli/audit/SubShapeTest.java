package io.claimmap.cli.audit;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SubShapeTest {
    @Test
    void classifiesTheShapesGenesysLookupsDependOn() {
        assertEquals(SubShape.SALESFORCE_URL, SubShape.of("https://login.salesforce.com/id/00D5g000004SxyzEAC/0055g00000ABcdeAAD"));
        assertEquals(SubShape.SALESFORCE_URL, SubShape.of("https://acme.my.salesforce.com/id/00D/005"));
        assertEquals(SubShape.URL, SubShape.of("https://idp.example/users/1"));
        assertEquals(SubShape.AUTH0_PIPE, SubShape.of("auth0|65f0c0ffee"));
        assertEquals(SubShape.AUTH0_PIPE, SubShape.of("google-oauth2|1094471123"));
        assertEquals(SubShape.UUID, SubShape.of("7f3c2a9e-51d4-4c8b-a0e6-9b2d1f4c8e37"));
        assertEquals(SubShape.EMAIL, SubShape.of("ada@example.com"));
        assertEquals(SubShape.OTHER, SubShape.of("00u1a2b3c4d5e6f7g8h9"));
        assertEquals(SubShape.MISSING, SubShape.of(null));
        assertEquals(SubShape.MISSING, SubShape.of(" "));
    }
}
