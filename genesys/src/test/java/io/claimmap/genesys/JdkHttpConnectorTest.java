package io.claimmap.genesys;

import com.mypurecloud.sdk.v2.connector.ApiClientConnectorRequest;
import com.mypurecloud.sdk.v2.connector.ApiClientConnectorResponse;
import io.claimmap.genesys.testing.FakeGenesys;
import io.claimmap.genesys.testing.FakeGenesys.Fault;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The connector claimmap gives the SDK: Retry-After cut to the bound (what the SDK's retry then waits), read as given. */
class JdkHttpConnectorTest {
    static ApiClientConnectorRequest post(String url) {
        return new ApiClientConnectorRequest() {
            @Override public String getMethod() { return "POST"; }
            @Override public String getUrl() { return url; }
            @Override public Map<String, String> getHeaders() { return Map.of("Content-Type", "application/json", "Host", "ignored"); }
            @Override public boolean hasBody() { return true; }
            @Override public String readBody() { return "{}"; }
            @Override public InputStream getBody() { return new ByteArrayInputStream("{}".getBytes(StandardCharsets.UTF_8)); }
        };
    }

    @Test
    void retryAfterIsCutToTheBoundAndTheOriginalKept() throws Exception {
        String inAMinute = ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(60).format(DateTimeFormatter.RFC_1123_DATE_TIME);
        try (FakeGenesys genesys = new FakeGenesys("id", "secret")) {
            genesys.fault(FakeGenesys.USERS_SEARCH, Fault.rateLimited("30"), Fault.rateLimited("2"), Fault.rateLimited(inAMinute));
            JdkHttpConnector connector = new JdkHttpConnector(HttpClient.newHttpClient(), Duration.ofSeconds(5), Duration.ofSeconds(5));
            try (ApiClientConnectorResponse response = connector.invoke(post(genesys.url() + FakeGenesys.USERS_SEARCH))) {
                assertEquals(429, response.getStatusCode());
                assertEquals("5", response.getHeaders().get("Retry-After"));
                assertEquals("30", response.getHeaders().get(JdkHttpConnector.ORIGINAL_RETRY_AFTER));
                assertTrue(response.readBody().contains("too.many.requests"));
            }
            try (ApiClientConnectorResponse response = connector.invoke(post(genesys.url() + FakeGenesys.USERS_SEARCH))) {
                assertEquals("2", response.getHeaders().get("retry-after"), "a shorter wait is honoured as it is");
            }
            try (ApiClientConnectorResponse response = connector.invoke(post(genesys.url() + FakeGenesys.USERS_SEARCH))) {
                assertEquals("5", response.getHeaders().get("Retry-After"), "an HTTP date is read, then cut");
            }
        }
        assertTrue(JdkHttpConnector.retryAfterSeconds(ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(120)
                .format(DateTimeFormatter.RFC_1123_DATE_TIME)) > 100);
        assertEquals(0, JdkHttpConnector.retryAfterSeconds("soon"));
        assertEquals(0, JdkHttpConnector.retryAfterSeconds("-3"));
    }
}
