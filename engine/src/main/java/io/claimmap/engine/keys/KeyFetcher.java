package io.claimmap.engine.keys;

import com.nimbusds.jose.util.DefaultResourceRetriever;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URL;
import java.util.concurrent.Callable;

/**
 * Fetches JWK sets, discovery documents and SAML metadata with short timeouts, a response-size limit and no
 * redirects: a key endpoint that redirects elsewhere is a misconfiguration to report, not to follow.
 */
public final class KeyFetcher extends DefaultResourceRetriever {
    static final int CONNECT_TIMEOUT_MS = 2_000;
    static final int READ_TIMEOUT_MS = 3_000;
    static final int SIZE_LIMIT_BYTES = KeySourceReader.MAX_BYTES;
    /** The read timeout of the fetchers made from now on: {@link #READ_TIMEOUT_MS}, except within {@link #withReadTimeout}. */
    private static volatile int readTimeoutMs = READ_TIMEOUT_MS;

    public KeyFetcher() {
        super(CONNECT_TIMEOUT_MS, readTimeoutMs, SIZE_LIMIT_BYTES, true);
    }

    /**
     * For tests of what a read timeout does: the fetchers made while {@code action} runs give up reading after
     * {@code millis}, so a test does not wait out the real timeout.
     */
    static synchronized <T> T withReadTimeout(int millis, Callable<T> action) throws Exception {
        readTimeoutMs = millis;
        try {
            return action.call();
        } finally {
            readTimeoutMs = READ_TIMEOUT_MS;
        }
    }

    @Override
    protected HttpURLConnection openHTTPConnection(URL url) throws IOException {
        HttpURLConnection connection = super.openHTTPConnection(url);
        connection.setInstanceFollowRedirects(false);
        return connection;
    }
}
