package io.claimmap.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * Writes a corpus of realistic ID token payloads as JSON Lines for the audit benchmark (bench/audit.sh), and an
 * External Contacts export for a part of them. Deterministic: the same count gives the same files.
 * <pre>java -cp bench/target/classes io.claimmap.bench.ClaimsCorpus OUT.jsonl COUNT CONTACTS.csv</pre>
 * The mix: Auth0 database and social users with a CRM customer id (40%), Salesforce identity URLs (20%), Okta
 * (20%), Entra ID object ids (15%), a custom IdP keyed by email (5%); one in 50 has no sub, one in 20 an unverified
 * email; every third of the first 300,000 customers has a contact. A smaller count gives a prefix of a larger one.
 */
public final class ClaimsCorpus {
    private static final String[] GIVEN = {"Ada", "Grace", "Alan", "Linus", "Margaret", "Edsger", "Barbara", "Donald",
            "Frances", "Ken", "Dennis", "Radia", "Hedy", "Katherine", "Mary", "Dorothy"};
    private static final String[] FAMILY = {"Lovelace", "Hopper", "Turing", "Torvalds", "Hamilton", "Dijkstra",
            "Liskov", "Knuth", "Allen", "Thompson", "Ritchie", "Perlman", "Lamarr", "Johnson", "Jackson", "Vaughan"};

    /** Contacts for the first 300,000 customers only (about 100,000 contacts), whatever the corpus size. */
    static final long CONTACTS_UP_TO = 300_000;

    private ClaimsCorpus() {
    }

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args[0]);
        long count = Long.parseLong(args[1]);
        Path contacts = Path.of(args[2]);
        Random random = new Random(42);
        long iat = 1_795_341_300L;
        try (BufferedWriter lines = Files.newBufferedWriter(out, StandardCharsets.UTF_8);
             BufferedWriter csv = Files.newBufferedWriter(contacts, StandardCharsets.UTF_8)) {
            csv.write("id,firstName,lastName,externalId\n");
            StringBuilder line = new StringBuilder(512);
            for (long i = 0; i < count; i++) {
                line.setLength(0);
                String given = GIVEN[random.nextInt(GIVEN.length)];
                String family = FAMILY[random.nextInt(FAMILY.length)];
                String email = given.toLowerCase() + "." + family.toLowerCase() + i + "@example.com";
                int kind = random.nextInt(100);
                String issuer;
                String sub;
                String audience;
                if (kind < 40) {
                    issuer = "https://acme.eu.auth0.com/";
                    sub = (random.nextInt(4) == 0 ? "google-oauth2|" + (100_000_000_000L + i) : "auth0|" + hex(random, 24));
                    audience = "AcmeMessengerClientId";
                } else if (kind < 60) {
                    issuer = "https://login.salesforce.com";
                    sub = "https://login.salesforce.com/id/00D5g000004SxyzEAC/0055g" + base62(random, 10);
                    audience = "3MVG9-genesys-messenger";
                } else if (kind < 80) {
                    issuer = "https://acme.okta.com/oauth2/default";
                    sub = "00u" + base62(random, 17);
                    audience = "0oa-genesys-messenger";
                } else if (kind < 95) {
                    issuer = "https://login.microsoftonline.com/9188040d-6c67-4c5b-b112-36a304b66dad/v2.0";
                    sub = hex(random, 8) + "-" + hex(random, 4) + "-4" + hex(random, 3) + "-a" + hex(random, 3) + "-"
                            + hex(random, 12);
                    audience = "6731de76-14a6-49ae-97bc-6eba6914391e";
                } else {
                    issuer = "https://accounts.acme.example";
                    sub = email;
                    audience = "genesys";
                }
                boolean noSub = random.nextInt(50) == 0;
                boolean verified = random.nextInt(20) != 0;
                line.append("{\"iss\":\"").append(issuer).append('"');
                if (!noSub) {
                    line.append(",\"sub\":\"").append(sub).append('"');
                }
                line.append(",\"aud\":\"").append(audience).append("\",\"iat\":").append(iat + i)
                        .append(",\"exp\":").append(iat + i + 3600).append(",\"auth_time\":").append(iat + i - 20)
                        .append(",\"nonce\":\"").append(base62(random, 22)).append("\",\"email\":\"").append(email)
                        .append("\",\"email_verified\":").append(verified).append(",\"name\":\"").append(given)
                        .append(' ').append(family).append("\",\"given_name\":\"").append(given)
                        .append("\",\"family_name\":\"").append(family).append("\",\"locale\":\"en-GB\"");
                if (kind < 40) {
                    line.append(",\"https://acme.example/customer_id\":\"C-").append(100_000 + i).append('"');
                }
                line.append("}\n");
                lines.append(line);
                if (!noSub && i % 3 == 0 && i < CONTACTS_UP_TO) {
                    csv.write(hex(random, 8) + "-0000-4000-8000-" + hex(random, 12) + "," + given + "," + family + ","
                            + (kind < 40 ? "C-" + (100_000 + i) : sub) + "\n");
                }
            }
        }
    }

    private static String hex(Random random, int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(Character.forDigit(random.nextInt(16), 16));
        }
        return out.toString();
    }

    private static String base62(Random random, int length) {
        String alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return out.toString();
    }
}
