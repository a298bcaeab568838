package io.claimmap.genesys.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mypurecloud.sdk.v2.ApiClient;
import com.mypurecloud.sdk.v2.ApiDateFormat;
import com.mypurecloud.sdk.v2.extensions.AuthResponse;
import com.mypurecloud.sdk.v2.model.ErrorBody;
import com.mypurecloud.sdk.v2.model.ExternalContact;
import com.mypurecloud.sdk.v2.model.GenericSAML;
import com.mypurecloud.sdk.v2.model.Okta;
import com.mypurecloud.sdk.v2.model.User;
import com.mypurecloud.sdk.v2.model.UsersSearchResponse;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fake Genesys Cloud org on an ephemeral loopback port: {@code /oauth/token} (client credentials, HTTP Basic), the
 * identifier lookups, users search and the SAML identity providers, answering with the SDK's own model classes
 * serialised by the SDK's object mapper, so the shapes are the API's. Faults are queued per path: each answers
 * once, in order, before the normal answer returns.
 */
public final class FakeGenesys implements AutoCloseable {
    public static final String NEW_LOOKUP = "/api/v2/externalcontacts/identifierlookup/contacts";
    public static final String OLD_LOOKUP = "/api/v2/externalcontacts/identifierlookup";
    public static final String USERS_SEARCH = "/api/v2/users/search";
    public static final String PROVIDERS = "/api/v2/identityproviders/";

    /** A canned answer: status, headers, JSON body; {@code hang} blocks until the server closes (a read timeout). */
    public record Fault(int status, Map<String, String> headers, String body, boolean hang) {
        public static Fault status(int status, String code, String message) {
            ErrorBody error = new ErrorBody();
            error.setStatus(status);
            error.setCode(code);
            error.setMessage(message);
            return new Fault(status, Map.of(), json(error), false);
        }

        public static Fault rateLimited(String retryAfter) {
            Fault fault = status(429, "too.many.requests", "Rate limit exceeded the maximum. Retry the request in [30] seconds");
            return new Fault(429, Map.of("Retry-After", retryAfter), fault.body(), false);
        }

        public static Fault hanging() {
            return new Fault(0, Map.of(), "", true);
        }
    }

    private static final ObjectMapper MAPPER = ApiClient.buildObjectMapper(new ApiDateFormat());

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final CountDownLatch closing = new CountDownLatch(1);
    private final String basicAuth;
    private final Map<String, ExternalContact> contacts = new ConcurrentHashMap<>();
    private final Map<String, User> users = new ConcurrentHashMap<>();
    private final Map<String, Object> providers = Collections.synchronizedMap(new LinkedHashMap<>());
    private final Map<String, Deque<Fault>> faults = new ConcurrentHashMap<>();
    private final List<String> requests = Collections.synchronizedList(new ArrayList<>());
    private final List<String> tokens = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger tokenRequests = new AtomicInteger();
    private volatile boolean newLookupEndpoint = true;
    private volatile int expiresIn = 86_400;

    public FakeGenesys(String clientId, String clientSecret) {
        basicAuth = "Basic " + Base64.getEncoder().encodeToString((clientId + ":" + clientSecret).getBytes(StandardCharsets.UTF_8));
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public FakeGenesys contact(String externalId, String id, String firstName, String lastName) {
        ExternalContact contact = new ExternalContact();
        contact.setId(id);
        contact.setFirstName(firstName);
        contact.setLastName(lastName);
        contacts.put(externalId, contact);
        return this;
    }

    public FakeGenesys user(String email, String id, String name, String department) {
        // The model's id is read-only (set by the API): made from the JSON the API sends.
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", id);
        json.put("name", name);
        json.put("email", email);
        json.put("username", email);
        json.put("department", department);
        json.put("state", "active");
        users.put(email, MAPPER.convertValue(json, User.class));
        return this;
    }

    /** A SAML provider of {@code kind}: {@code certificate} holds the first value, {@code certificates} all of them. */
    public FakeGenesys provider(String kind, String name, String issuerUri, List<String> certificates) {
        Object model;
        if (kind.equals("okta")) {
            Okta okta = new Okta();
            okta.setName(name);
            okta.setIssuerURI(issuerUri);
            okta.setCertificate(certificates.isEmpty() ? null : certificates.get(0));
            okta.setCertificates(certificates);
            model = okta;
        } else {
            GenericSAML generic = new GenericSAML();
            generic.setName(name);
            generic.setIssuerURI(issuerUri);
            generic.setCertificate(certificates.isEmpty() ? null : certificates.get(0));
            generic.setCertificates(certificates);
            model = generic;
        }
        providers.put(kind, model);
        return this;
    }

    /** An org that predates {@code /identifierlookup/contacts}: that path answers 404. */
    public FakeGenesys withoutNewLookupEndpoint() {
        newLookupEndpoint = false;
        return this;
    }

    public FakeGenesys tokenLifetime(int seconds) {
        expiresIn = seconds;
        return this;
    }

    /** Queue faults for a path (exact, or {@link #PROVIDERS} for every provider kind, "/oauth/token" for login). */
    public FakeGenesys fault(String path, Fault... answers) {
        faults.computeIfAbsent(path, p -> new ConcurrentLinkedDeque<>()).addAll(List.of(answers));
        return this;
    }

    /** Every access token issued so far stops being accepted (as after a revocation). */
    public void revokeTokens() {
        tokens.clear();
    }

    public int tokenRequests() {
        return tokenRequests.get();
    }

    /** "METHOD path" of each request, in order. */
    public List<String> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            requests.add(exchange.getRequestMethod() + " " + path);
            byte[] body = exchange.getRequestBody().readAllBytes();
            Fault fault = nextFault(path);
            if (fault != null) {
                if (fault.hang()) {
                    closing.await();
                    return;
                }
                fault.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
                send(exchange, fault.status(), fault.body());
                return;
            }
            if (path.equals("/oauth/token")) {
                token(exchange, new String(body, StandardCharsets.UTF_8));
                return;
            }
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            if (authorization == null || !authorization.startsWith("Bearer ") || !tokens.contains(authorization.substring(7))) {
                send(exchange, 401, Fault.status(401, "bad.credentials", "Invalid login credentials.").body());
                return;
            }
            route(exchange, path, body);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void route(HttpExchange exchange, String path, byte[] body) throws IOException {
        if (path.equals(NEW_LOOKUP) && newLookupEndpoint || path.equals(OLD_LOOKUP)) {
            JsonNode identifier = MAPPER.readTree(body);
            ExternalContact contact = "ExternalId".equals(identifier.path("type").asText())
                    ? contacts.get(identifier.path("value").asText()) : null;
            if (contact == null) {
                send(exchange, 404, Fault.status(404, "not.found", "The requested contact was not found.").body());
            } else {
                send(exchange, 200, json(contact));
            }
        } else if (path.equals(USERS_SEARCH) && exchange.getRequestMethod().equals("POST")) {
            JsonNode query = MAPPER.readTree(body).path("query").path(0);
            User user = "EXACT".equals(query.path("type").asText()) ? users.get(query.path("value").asText()) : null;
            UsersSearchResponse response = new UsersSearchResponse();
            response.setTotal(user == null ? 0L : 1L);
            response.setPageNumber(1);
            response.setPageSize(2);
            response.setPageCount(user == null ? 0 : 1);
            response.setResults(user == null ? List.of() : List.of(user));
            response.setTypes(List.of("users"));
            send(exchange, 200, json(response));
        } else if (path.startsWith(PROVIDERS) && exchange.getRequestMethod().equals("GET")) {
            Object provider = providers.get(path.substring(PROVIDERS.length()));
            if (provider == null) {
                send(exchange, 404, Fault.status(404, "not.found", "Identity provider not found").body());
            } else {
                send(exchange, 200, json(provider));
            }
        } else {
            send(exchange, 404, Fault.status(404, "not.found", "The requested resource was not found.").body());
        }
    }

    private void token(HttpExchange exchange, String form) throws IOException {
        tokenRequests.incrementAndGet();
        if (!basicAuth.equals(exchange.getRequestHeaders().getFirst("Authorization"))
                || !form.contains("grant_type=client_credentials")) {
            send(exchange, 401, "{\"error\":\"invalid_client\",\"description\":\"client not found\",\"error_description\":\"client not found\"}");
            return;
        }
        String token = "token-" + tokenRequests.get();
        tokens.add(token);
        AuthResponse response = new AuthResponse();
        response.setAccess_token(token);
        response.setToken_type("bearer");
        response.setExpires_in(expiresIn);
        send(exchange, 200, json(response));
    }

    private Fault nextFault(String path) {
        Deque<Fault> queue = faults.get(path);
        if ((queue == null || queue.isEmpty()) && path.startsWith(PROVIDERS)) {
            queue = faults.get(PROVIDERS);
        }
        return queue == null ? null : queue.poll();
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.getResponseHeaders().set("ININ-Correlation-Id", "fake-correlation");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
    }

    static String json(Object model) {
        try {
            return MAPPER.writeValueAsString(model);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
