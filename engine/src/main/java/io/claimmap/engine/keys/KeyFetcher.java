package io.claimmap.engine.keys;

import com.nimbusds.jose.util.DefaultResourceRetriever;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URL;

/**
 * Fetches JWK sets, discovery documents and SAML metadata with short timeouts, a response-size limit and no
 * redirects: a key endpoint that redirects elsewhere is a misconfiguration to report, not to follow.
 */
public final class KeyFetcher extends DefaultResourceRetriever {
    static final int CONNECT_TIMEOUT_MS = 2_000;
    static final int READ_TIMEOUT_MS = 3_000;
    static final int SIZE_LIMIT_BYTES = KeySourceReader.MAX_BYTES;

    public KeyFetcher() {
        super(CONNECT_TIMEOUT_MS, READ_TIMEOUT_MS, SIZE_LIMIT_BYTES, true);
    }

    @Override
    protected HttpURLConnection openHTTPConnection(URL url) throws IOException {
        HttpURLConnection connection = super.openHTTPConnection(url);
        connection.setInstanceFollowRedirects(false);
        return connection;
    }
}
