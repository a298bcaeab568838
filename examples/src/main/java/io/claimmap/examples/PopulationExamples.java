package io.claimmap.examples;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.jwk.RSAKey;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code examples/population}: a small population for {@code audit} and {@code diff}. Customers of Acme sign in to Web
 * Messaging through Salesforce, Auth0 and Okta (signed tokens, and plain claims as JSON Lines), agents through Okta
 * SAML (signed responses, and a decision log replayed with claim values); a contacts export; and two versions of
 * Acme's policy, so that the diff between them shows what the second one changes for whom.
 */
final class PopulationExamples {
    private static final Instant NOW = ExampleGenerator.NOW;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String AUTH0 = "https://acme.eu.auth0.com/";
    private static final String OKTA = "https://acme.okta.com/oauth2/default";
    private static final String SALESFORCE = "https://login.salesforce.com";
    private static final String SF_ORG = "https://login.salesforce.com/id/00D5g000004SxyzEAC/";

    private final ExampleGenerator generator;

    PopulationExamples(ExampleGenerator generator) {
        this.generator = generator;
    }

    void generate() throws Exception {
        RSAKey salesforce = generator.key("salesforce-sf-242", "sf-242");
        RSAKey auth0 = generator.key("auth0-acme", "auth0-acme-1");
        RSAKey okta = generator.key("okta-2026-11", "okta-2026-11");
        RSAKey oktaOld = generator.key("okta-2026-05", "okta-2026-05");
        generator.writeJwks("population/jwks.json", salesforce, auth0, okta);

        generator.write("population/corpus/tokens/salesforce-ada.jwt", ExampleGenerator.sign(salesforce,
                ExampleGenerator.claims(SALESFORCE, SF_ORG + "0055g00000ABcdeAAD", "3MVG9-genesys-messenger")
                        .claim("name", "Ada Lovelace").claim("email", "ada.lovelace@example.com").build()));
        generator.write("population/corpus/tokens/salesforce-charles.jwt", ExampleGenerator.sign(salesforce,
                ExampleGenerator.claims(SALESFORCE, SF_ORG + "0055g00000XYzabAAE", "3MVG9-genesys-messenger")
                        .claim("name", "Charles Babbage").build()));
        generator.write("population/corpus/tokens/auth0-linus.jwt", ExampleGenerator.sign(auth0,
                ExampleGenerator.claims(AUTH0, "auth0|65f0c0ffee1234567890abcd", "AcmeMessengerClientId")
                        .claim("https://acme.example/customer_id", "C-10442").claim("email_verified", true).build()));
        generator.write("population/corpus/tokens/auth0-margaret.jwt", ExampleGenerator.sign(auth0,
                ExampleGenerator.claims(AUTH0, "google-oauth2|1094471123", "AcmeMessengerClientId")
                        .claim("https://acme.example/customer_id", "C-10587").claim("email_verified", false).build()));
        generator.write("population/corpus/tokens/okta-grace.jwt", ExampleGenerator.sign(okta,
                ExampleGenerator.claims(OKTA, "00u1a2b3c4d5e6f7g8h9", "0oa-genesys-messenger").build()));
        generator.write("population/corpus/tokens/okta-expired.jwt", ExampleGenerator.sign(okta,
                ExampleGenerator.claims(OKTA, "00u9z8y7x6w5v4u3t2s1", "0oa-genesys-messenger")
                        .issueTime(Date.from(NOW.minusSeconds(7200))).expirationTime(Date.from(NOW.minusSeconds(3600)))
                        .build()));
        generator.write("population/corpus/tokens/okta-old-key.jwt", ExampleGenerator.sign(oktaOld,
                ExampleGenerator.claims(OKTA, "00u5k4j3h2g1f0e9d8c7", "0oa-genesys-messenger").build()));
        generator.write("population/corpus/tokens/truncated.jwt", "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxMjM");

        SamlExamples.Credential idp = generator.samlCredential("okta-saml-2025", Instant.parse("2025-11-01T00:00:00Z"),
                Instant.parse("2028-11-01T00:00:00Z"));
        generator.write("population/metadata.xml", SamlExamples.metadata(idp.certificate()).strip());
        generator.write("population/corpus/saml/grace-hopper.xml", SamlExamples.signedResponse(agent(
                "grace.hopper@example.com", "Grace", "Hopper", "Billing", null), "id5100000001", NOW, idp));
        generator.write("population/corpus/saml/alan-turing.xml", SamlExamples.signedResponse(agent(
                "alan.turing@example.com", "Alan", "Turing", "Support", null), "id5100000002", NOW, idp));
        generator.write("population/corpus/saml/linus-torvalds.xml", SamlExamples.signedResponse(agent(
                "linus.torvalds@example.com", null, null, null, "Platform"), "id5100000003", NOW, idp));
        // As posted to the ACS: the SAMLResponse form field, base64.
        String katherine = SamlExamples.signedResponse(agent("katherine.johnson@example.com", "Katherine", "Johnson",
                "Billing", null), "id5100000004", NOW, idp);
        generator.write("population/corpus/saml/katherine-johnson.b64",
                Base64.getMimeEncoder().encodeToString(katherine.getBytes(StandardCharsets.UTF_8)));

        generator.write("population/corpus/customers.jsonl", String.join("\n", customers()));
        generator.write("population/corpus/agents-decision-log.jsonl", String.join("\n", agentDecisions()));
        generator.write("population/contacts.csv", String.join("\n",
                "id,firstName,lastName,externalId",
                "4b1f2c3d-0a9e-4c55-9b1e-6f0d2a7c8e11,Ada,Lovelace," + SF_ORG + "0055g00000ABcdeAAD",
                "8e2a9b7c-5d4f-4a3b-9c2d-1e0f9a8b7c6d,Charles,Babbage,0055g00000XYzabAAE",
                "1c9d7e6f-2b3a-4c5d-8e9f-0a1b2c3d4e5f,Linus,Torvalds,auth0|65f0c0ffee1234567890abcd",
                "2d8e6f5a-3c4b-4d6e-9f0a-1b2c3d4e5f60,Grace,Hopper,00u1a2b3c4d5e6f7g8h9",
                "3e7f5a4b-4d5c-4e7f-8a1b-2c3d4e5f6071,Mary,Jackson,7f3c2a9e-51d4-4c8b-a0e6-9b2d1f4c8e37",
                "4f6a4b3c-5e6d-4f80-9b2c-3d4e5f607182,Hedy,Lamarr,hedy.lamarr@example.com",
                "5a5b3c2d-6f7e-4091-8c3d-4e5f60718293,Barbara,Liskov,auth0|5e1a0c0ffee0987654321fed"));
        generator.write("population/rules-v1/acme.drl", """
                // Acme's policy, version 1: the CRM customer id from Auth0 is the externalId.
                package acme.population;

                import io.claimmap.engine.facts.*;

                global MappingDraft mapping;

                rule "Acme Auth0: externalId is the CRM customer id"
                when
                    Token( issuer == "https://acme.eu.auth0.com/" )
                    Claim( name == "https://acme.example/customer_id", $customerId : value )
                then
                    mapping.setExternalId( $customerId );
                end""");
        generator.write("population/rules-v2/acme.drl", """
                // Acme's policy, version 2: the CRM customer id only for verified email addresses, and the agent's
                // department from Okta's org_unit attribute when the IdP sends no department.
                package acme.population;

                import io.claimmap.engine.facts.*;

                global MappingDraft mapping;

                rule "Acme Auth0: externalId is the CRM customer id of a verified customer"
                when
                    Token( issuer == "https://acme.eu.auth0.com/" )
                    Claim( name == "email_verified", value == "true" )
                    Claim( name == "https://acme.example/customer_id", $customerId : value )
                then
                    mapping.setExternalId( $customerId );
                end

                rule "Acme agents: department from org_unit"
                when
                    Token( purpose == "agent" )
                    not Claim( name == "department" )
                    Claim( name == "org_unit", $unit : value )
                then
                    mapping.setDepartment( $unit );
                end""");
    }

    private static SamlExamples.Agent agent(String email, String first, String last, String department, String orgUnit) {
        List<Map.Entry<String, String>> attributes = new ArrayList<>();
        if (first != null) {
            attributes.add(Map.entry("firstName", first));
            attributes.add(Map.entry("lastName", last));
        }
        attributes.add(Map.entry("email", email));
        if (department != null) {
            attributes.add(Map.entry("department", department));
        }
        if (orgUnit != null) {
            attributes.add(Map.entry("org_unit", orgUnit));
        }
        return new SamlExamples.Agent(email, attributes);
    }

    /** ID token payloads of customers, one per line, as an export of sign-ins would give them. */
    private static List<String> customers() throws Exception {
        List<String> lines = new ArrayList<>();
        lines.add(claims(AUTH0, "auth0|5e1a0c0ffee0987654321fed", "email_verified", true,
                "https://acme.example/customer_id", "C-20001", "email", "barbara.liskov@example.com"));
        lines.add(claims(AUTH0, "auth0|6a2b0c0ffee1122334455667", "email_verified", false,
                "https://acme.example/customer_id", "C-20002"));
        lines.add(claims("https://login.microsoftonline.com/9188040d-6c67-4c5b-b112-36a304b66dad/v2.0",
                "7f3c2a9e-51d4-4c8b-a0e6-9b2d1f4c8e37", "name", "Mary Jackson"));
        lines.add(claims("https://accounts.acme.example", "hedy.lamarr@example.com", "name", "Hedy Lamarr"));
        lines.add(claims(SALESFORCE, SF_ORG + "0055g00000QRstuAAA", "name", "Dorothy Vaughan"));
        lines.add(claims(OKTA, "00u7p6o5n4m3l2k1j0i9", "email", "annie.easley@example.com"));
        lines.add(claims(OKTA, null, "email", "no.subject@example.com"));
        lines.add("");
        lines.add("{\"iss\": \"" + OKTA + "\", \"sub\": \"00u-duplicate\", \"sub\": \"00u-other\"}");
        lines.add("{\"iss\": \"" + OKTA + "\", \"sub\": ");
        return lines;
    }

    private static String claims(String issuer, String subject, Object... more) throws Exception {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", issuer);
        if (subject != null) {
            claims.put("sub", subject);
        }
        for (int i = 0; i < more.length; i += 2) {
            claims.put((String) more[i], more[i + 1]);
        }
        return JSON.writeValueAsString(claims);
    }

    /** What {@code serve --decision-log-claims values} recorded for agents' SAML sign-ins, replayed as a corpus. */
    private static List<String> agentDecisions() throws Exception {
        List<String> lines = new ArrayList<>();
        lines.add(decision("warn", List.of("QM_DEPARTMENT_MISSING"), "edsger.dijkstra@example.com",
                "Edsger", "Dijkstra", null, "Research"));
        lines.add(decision("pass", List.of(), "frances.allen@example.com", "Frances", "Allen", "Support", null));
        lines.add(decision("warn", List.of("QM_AGENT_NAME_MISSING", "QM_DEPARTMENT_MISSING"), "anonymous.agent@example.com",
                null, null, null, null));
        lines.add("{\"time\": \"2026-11-21T11:58:00Z\", \"revision\": \"r1\", \"verdict\": \"pass\", \"kind\": \"saml\", "
                + "\"issuer\": \"" + SamlExamples.ISSUER + "\", \"externalId\": \"x@example.com\", \"codes\": [], "
                + "\"claims\": [\"email\", \"firstName\"]}");
        return lines;
    }

    private static String decision(String verdict, List<String> codes, String email, String first, String last,
                                   String department, String orgUnit) throws Exception {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", SamlExamples.ISSUER);
        claims.put("sub", email);
        claims.put("aud", List.of(SamlExamples.ACS));
        if (first != null) {
            claims.put("firstName", first);
            claims.put("lastName", last);
        }
        claims.put("email", email);
        if (department != null) {
            claims.put("department", department);
        }
        if (orgUnit != null) {
            claims.put("org_unit", orgUnit);
        }
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("time", "2026-11-21T11:59:00Z");
        record.put("revision", "r1");
        record.put("verdict", verdict);
        record.put("kind", "saml");
        record.put("purpose", "agent");
        record.put("issuer", SamlExamples.ISSUER);
        record.put("externalId", email);
        record.put("codes", codes);
        record.put("claims", claims);
        return JSON.writeValueAsString(record);
    }
}
