package io.claimmap.examples;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.ECKey;
import io.claimmap.engine.testing.TestTokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static io.claimmap.examples.GenesysPackagingTest.JAR;
import static io.claimmap.examples.GenesysPackagingTest.java;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged CLI keeps serve's jars in {@code lib/server/} and BouncyCastle in {@code lib/bouncycastle/}, off the
 * class path every other command opens at start (docs/PERFORMANCE.md): a validation loads nothing from either, an EC
 * token still verifies with BouncyCastle, and serve starts both ways it can be run (the launcher's class path, and
 * {@code java -jar}, where Main adds lib/server/ itself).
 */
class ServerPackagingTest {
    static final Path LIB = JAR.resolveSibling("lib");
    static final Pattern LISTENING = Pattern.compile("listening on (http://127\\.0\\.0\\.1:\\d+)");

    @TempDir
    Path dir;

    static Set<String> jars(Path folder) throws Exception {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".jar")).collect(Collectors.toSet());
        }
    }

    @Test
    void serveAndBouncyCastleJarsAreKeptApart() throws Exception {
        Set<String> main = jars(LIB);
        Set<String> server = jars(LIB.resolve("server"));
        assertTrue(server.stream().anyMatch(n -> n.startsWith("claimmap-server-")), server.toString());
        assertTrue(server.stream().anyMatch(n -> n.startsWith("javalin-")), server.toString());
        assertTrue(server.stream().anyMatch(n -> n.startsWith("logback-classic-")), server.toString());
        assertTrue(jars(LIB.resolve("bouncycastle")).stream().anyMatch(n -> n.startsWith("bcprov-")));
        for (String jar : main) {
            assertFalse(server.contains(jar), jar + " is in lib/ and lib/server/");
            assertFalse(jar.startsWith("bcprov-") || jar.startsWith("javalin-") || jar.startsWith("jetty-")
                    || jar.startsWith("logback-") || jar.startsWith("claimmap-server-"), jar + " is on every command's class path");
        }
        assertFalse(jars(LIB.resolve("genesys")).stream().anyMatch(server::contains), "a server jar in lib/genesys/");
    }

    @Test
    void validateLoadsNothingFromTheServerOrBouncyCastle() throws Exception {
        GenesysPackagingTest.Result run = java(Map.of(), "-verbose:class", "-jar", JAR.toString(), "validate",
                "examples/salesforce/token.jwt", "--jwks", "examples/salesforce/jwks.json", "--now", ExamplesTest.NOW);
        assertEquals(0, run.exit(), run.out());
        assertTrue(run.out().contains("io.claimmap.cli.Main"), "class loading is logged");
        assertFalse(run.out().contains("lib/server/"), "a class came from lib/server");
        assertFalse(run.out().contains("lib/bouncycastle/"), "a class came from lib/bouncycastle");
        GenesysPackagingTest.Result help = java(Map.of(), "-jar", JAR.toString(), "--help");
        assertEquals(0, help.exit(), help.out());
        assertTrue(help.out().contains("serve"), help.out());
    }

    @Test
    void anEcTokenVerifiesWithBouncyCastleFromItsFolder() throws Exception {
        ECKey key = TestTokens.ecKey();
        String token = TestTokens.sign(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).build(),
                TestTokens.claims().build(), key);
        Path tokenFile = Files.writeString(dir.resolve("token.jwt"), token);
        Path jwks = Files.writeString(dir.resolve("jwks.json"), TestTokens.publicSet(key).toString());
        GenesysPackagingTest.Result run = java(Map.of(), "-verbose:class", "-jar", JAR.toString(), "validate",
                tokenFile.toString(), "--jwks", jwks.toString(), "--now", TestTokens.NOW.toString());
        assertEquals(0, run.exit(), run.out());
        assertTrue(run.out().contains("PASS  jwt"), run.out());
        assertTrue(Pattern.compile("org\\.bouncycastle\\.jce\\.provider\\.BouncyCastleProvider source: \\S*/lib/bouncycastle/bcprov-")
                .matcher(run.out()).find(), "BouncyCastle, from lib/bouncycastle/, verified it");
    }

    @Test
    void serveRunsWithTheLaunchersClassPath() throws Exception {
        assertServes(List.of("-cp", JAR + java.io.File.pathSeparator + LIB.resolve("server") + "/*", "io.claimmap.cli.Main"));
    }

    @Test
    void serveRunsUnderJavaJar() throws Exception {
        assertServes(List.of("-jar", JAR.toString()));
    }

    @Test
    void serveWithoutItsJarsSaysWhatIsMissing() throws Exception {
        Path alone = Files.copy(JAR, dir.resolve("claimmap.jar"));
        GenesysPackagingTest.Result run = java(Map.of(), "-jar", alone.toString(), "serve", "--unverified");
        assertEquals(2, run.exit(), run.out());
        assertEquals("claimmap: serve needs the server's jars in lib/server/ beside claimmap.jar ("
                + dir.resolve("lib").resolve("server") + "): is this a complete installation?", run.out().strip());
    }

    private static void assertServes(List<String> launch) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
        command.addAll(launch);
        command.addAll(List.of("serve", "--port", "0", "--no-access-log", "--jwks", "examples/salesforce/jwks.json",
                "--now", ExamplesTest.NOW));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (BufferedReader log = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String base = null;
            boolean ready = false;
            StringBuilder seen = new StringBuilder();
            for (String line; !ready && (line = log.readLine()) != null; ) {
                seen.append(line).append('\n');
                Matcher listening = LISTENING.matcher(line);
                base = listening.find() ? listening.group(1) : base;
                ready = line.contains("rules in service");
            }
            assertNotNull(base, seen.toString());
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/validate"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"token\":\""
                            + Files.readString(Path.of("examples/salesforce/token.jwt")).strip() + "\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, answer.statusCode(), answer.body());
            assertTrue(answer.body().contains("\"externalId\":\"0055g00000ABcdeAAD\""), answer.body());
        } finally {
            process.destroy();
            process.waitFor();
        }
    }
}
