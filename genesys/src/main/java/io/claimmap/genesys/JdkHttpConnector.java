package io.claimmap.genesys;

import com.mypurecloud.sdk.v2.AsyncApiCallback;
import com.mypurecloud.sdk.v2.connector.ApiClientConnector;
import com.mypurecloud.sdk.v2.connector.ApiClientConnectorRequest;
import com.mypurecloud.sdk.v2.connector.ApiClientConnectorResponse;
import io.claimmap.engine.genesys.GenesysSettings;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;

/**
 * The SDK's HTTP connector, over the JDK's {@link HttpClient}. The SDK's own Apache connector has one timeout for
 * connect and read together and its retry loop sleeps whatever {@code Retry-After} says (and fails on an HTTP-date
 * value); claimmap needs both bounded, and a few seconds at most. This connector:
 * <ul>
 *   <li>bounds connecting and waiting for the answer separately (the {@link GenesysSettings} timeouts);</li>
 *   <li>rewrites {@code Retry-After} (seconds or an HTTP date) to whole seconds no longer than the bound, so
 *   the SDK's retry of 429 and 502/503/504 waits at most that long; the original value stays readable in
 *   {@link #ORIGINAL_RETRY_AFTER};</li>
 *   <li>reads at most {@link #MAX_BODY_BYTES} of an answer.</li>
 * </ul>
 * It also spares the launcher the SDK's three bundled HTTP clients (Apache, OkHttp with Kotlin, Netty).
 */
final class JdkHttpConnector implements ApiClientConnector {
    static final String ORIGINAL_RETRY_AFTER = "X-Claimmap-Original-Retry-After";
    static final int MAX_BODY_BYTES = 4 * 1024 * 1024;
    /** Headers the JDK's client sets itself and refuses from callers. */
    private static final Set<String> RESTRICTED = Set.of("connection", "content-length", "expect", "host", "upgrade");

    private final HttpClient client;
    private final Duration readTimeout;
    private final long maxRetryAfterSeconds;

    JdkHttpConnector(HttpClient client, Duration readTimeout, Duration maxRetryAfter) {
        this.client = client;
        this.readTimeout = readTimeout;
        this.maxRetryAfterSeconds = maxRetryAfter.toSeconds();
    }

    @Override
    public ApiClientConnectorResponse invoke(ApiClientConnectorRequest request) throws IOException {
        String body = request.readBody();
        // The SDK serialises an empty form for requests without a body; a GET sends none.
        HttpRequest.BodyPublisher publisher = body == null || body.isEmpty() && "GET".equals(request.getMethod())
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8);
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(request.getUrl()))
                .timeout(readTimeout)
                .method(request.getMethod(), publisher);
        request.getHeaders().forEach((name, value) -> {
            if (!RESTRICTED.contains(name.toLowerCase(Locale.ROOT)) && value != null) {
                builder.setHeader(name, value);
            }
        });
        HttpResponse<InputStream> response;
        try {
            response = client.send(builder.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted");
        }
        byte[] bytes;
        try (InputStream in = response.body()) {
            bytes = in.readNBytes(MAX_BODY_BYTES);
        }
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        response.headers().map().forEach((name, values) -> {
            if (!values.isEmpty()) {
                headers.put(name, values.get(0));
            }
        });
        String retryAfter = headers.get("Retry-After");
        if (retryAfter != null) {
            headers.put(ORIGINAL_RETRY_AFTER, retryAfter);
            headers.put("Retry-After", Long.toString(Math.min(maxRetryAfterSeconds, retryAfterSeconds(retryAfter))));
        }
        return new Response(response.statusCode(), Collections.unmodifiableMap(headers), bytes);
    }

    /** Seconds from a {@code Retry-After} value, delta-seconds or an HTTP date (RFC 9110 §10.2.3); 0 if unreadable. */
    static long retryAfterSeconds(String value) {
        String trimmed = value.strip();
        try {
            return Math.max(0, Long.parseLong(trimmed));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(trimmed, DateTimeFormatter.RFC_1123_DATE_TIME);
                return Math.max(0, Duration.between(ZonedDateTime.now(at.getZone()), at).toSeconds());
            } catch (RuntimeException notADate) {
                return 0;
            }
        }
    }

    @Override
    public Future<ApiClientConnectorResponse> invokeAsync(ApiClientConnectorRequest request,
                                                          AsyncApiCallback<ApiClientConnectorResponse> callback) {
        CompletableFuture<ApiClientConnectorResponse> future = new CompletableFuture<>();
        try {
            ApiClientConnectorResponse response = invoke(request);
            callback.onCompleted(response);
            future.complete(response);
        } catch (IOException | RuntimeException e) {
            callback.onFailed(e);
            future.completeExceptionally(e);
        }
        return future;
    }

    @Override
    public void close() {
        // The HttpClient is shared by the org's API and login clients and has nothing to release before JDK 21.
    }

    private record Response(int status, Map<String, String> headers, byte[] body) implements ApiClientConnectorResponse {
        @Override
        public int getStatusCode() {
            return status;
        }

        @Override
        public String getStatusReasonPhrase() {
            return "";
        }

        @Override
        public Map<String, String> getHeaders() {
            return headers;
        }

        @Override
        public boolean hasBody() {
            return body.length > 0;
        }

        @Override
        public String readBody() {
            return new String(body, StandardCharsets.UTF_8);
        }

        @Override
        public InputStream getBody() {
            return new ByteArrayInputStream(body);
        }

        @Override
        public void close() {
        }
    }
}
