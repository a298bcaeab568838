package io.claimmap.engine.keys;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSetCacheRefreshEvaluator;
import com.nimbusds.jose.jwk.source.JWKSetParseException;
import com.nimbusds.jose.jwk.source.JWKSetSource;
import com.nimbusds.jose.jwk.source.JWKSetUnavailableException;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.ResourceRetriever;
import io.claimmap.engine.input.MalformedInputException;

import java.io.IOException;
import java.net.URL;

/** nimbus' URL JWK Set source, but reading the set with {@link JwkSets}: the good keys of a partly broken set work. */
final class LenientJwkSetSource implements JWKSetSource<SecurityContext> {
    private final URL url;
    private final ResourceRetriever retriever;

    LenientJwkSetSource(URL url, ResourceRetriever retriever) {
        this.url = url;
        this.retriever = retriever;
    }

    @Override
    public JWKSet getJWKSet(JWKSetCacheRefreshEvaluator refresh, long currentTime, SecurityContext context)
            throws KeySourceException {
        String content;
        try {
            content = retriever.retrieveResource(url).getContent();
        } catch (IOException e) {
            throw new JWKSetUnavailableException("the JWK Set could not be fetched: " + KeySourceReader.describe(e), e);
        }
        try {
            JwkSets.Parsed parsed = JwkSets.parse(content, "the response");
            if (parsed.keys().isEmpty()) {
                throw new JWKSetParseException("the JWK Set holds no usable key"
                        + (parsed.problems().isEmpty() ? "" : ": " + String.join("; ", parsed.problems())), null);
            }
            return new JWKSet(parsed.keys());
        } catch (MalformedInputException e) {
            throw new JWKSetParseException(e.getMessage() + " (is the URL a JWK Set?)", null);
        }
    }

    @Override
    public void close() {
        // nothing held open: each fetch opens and closes its own connection
    }
}
