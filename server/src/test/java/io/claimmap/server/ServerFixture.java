package io.claimmap.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.claimmap.engine.ValidationSettings;
import io.claimmap.engine.keys.KeySourceSpec;
import io.claimmap.engine.testing.TestTokens;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** A real server on an ephemeral loopback port with the built-in packs, and an HTTP client to call it. */
final class ServerFixture implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    /** How often watched rules are polled here: tests wait for reloads, and a second per edit adds up. */
    static final Duration WATCH_INTERVAL = Duration.ofMillis(50);
    final ClaimmapServer server;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final ByteArrayOutputStream accessLog = new ByteArrayOutputStream();
    private final String apiKey;

    private ServerFixture(ServerSettings settings) {
        this.apiKey = settings.apiKey();
        this.server = ClaimmapServer.start(settings, new PrintStream(accessLog, true));
        this.server.watchInterval(WATCH_INTERVAL);
    }

    static ServerFixture started(ServerSettings settings) {
        return new ServerFixture(settings);
    }

    /** Serves as {@code claimmap serve} does: the same {@link ValidationSettings} build the validator and reload rules. */
    static ServerFixture serving(ServerSettings settings, List<KeySourceSpec> keys, Path cache, List<Path> rules) throws Exception {
        ServerFixture fixture = new ServerFixture(settings);
        ValidationSettings validation = ValidationSettings.builder().keySources(keys).rules(rules).ruleCache(cache).build();
        fixture.server.serve(validation.validator(), validation::loadRules, rules, () -> TestTokens.NOW);
        return fixture;
    }

    static ServerFixture serving(Path cache) throws Exception {
        return serving(ServerSettings.defaults("127.0.0.1", 0), List.of(trustedKeys()), cache, List.of());
    }

    /** The test RSA key's JWK Set, as a file a {@code --jwks} option would name. */
    static synchronized KeySourceSpec trustedKeys() throws IOException {
        if (trustedJwks == null) {
            Path file = Files.createTempFile("claimmap-test-jwks", ".json");
            file.toFile().deleteOnExit();
            Files.writeString(file, TestTokens.publicSet(TestTokens.rsaKey()).toString());
            trustedJwks = file;
        }
        return KeySourceSpec.jwks(trustedJwks.toString());
    }

    private static Path trustedJwks;

    String url(String path) {
        return "http://127.0.0.1:" + server.port() + path;
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(authorized(HttpRequest.newBuilder(URI.create(url(path)))).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
        return send(authorized(HttpRequest.newBuilder(URI.create(url(path)))).POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonNode validate(String token) throws Exception {
        HttpResponse<String> response = post("/v1/validate", JSON.createObjectNode().put("token", token).toString());
        if (response.statusCode() != 200) {
            throw new AssertionError("status " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    private HttpRequest.Builder authorized(HttpRequest.Builder request) {
        return apiKey == null ? request : request.header("Authorization", "Bearer " + apiKey);
    }

    @Override
    public void close() {
        server.stop();
    }
}
