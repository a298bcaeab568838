package io.claimmap.engine.keys;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import io.claimmap.engine.input.MalformedInputException;
import io.claimmap.engine.input.StrictJson;

import java.io.IOException;
import java.net.URL;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * An OIDC provider's keys through its discovery document. The document is fetched when first needed and fetched
 * again (at most every few seconds) until it has been read once, so an IdP that is down when claimmap starts does
 * not leave it without keys for good; then its {@code jwks_uri} is read like any remote JWK Set.
 */
final class DiscoverySource implements JWKSource<SecurityContext> {
    static final long RETRY_MILLIS = 5_000;

    private record Discovered(String issuer, JWKSource<SecurityContext> jwks) {
    }

    /** What claimmap reads from a discovery document: its issuer and where its keys are. */
    record Document(String issuer, URL jwksUri) {
    }

    private final URL documentUrl;
    private final Function<URL, JWKSource<SecurityContext>> remote;
    private volatile Discovered discovered;
    private long retryAt;
    private String lastProblem;

    DiscoverySource(URL documentUrl, Function<URL, JWKSource<SecurityContext>> remote) {
        this.documentUrl = documentUrl;
        this.remote = remote;
    }

    @Override
    public List<JWK> get(JWKSelector selector, SecurityContext context) throws KeySourceException {
        return discovered().jwks().get(selector, context);
    }

    /** The issuer the document declares, or null while it could not be read. */
    String issuer() {
        try {
            return discovered().issuer();
        } catch (KeySourceException e) {
            return null;
        }
    }

    private Discovered discovered() throws KeySourceException {
        Discovered known = discovered;
        return known != null ? known : discover();
    }

    /** Reads a discovery document's text; nothing is fetched. */
    static Document read(String text) throws MalformedInputException, KeyConfigException {
        Map<String, Object> document = StrictJson.parseObject(text, "the discovery document");
        if (!(document.get("issuer") instanceof String issuer) || !(document.get("jwks_uri") instanceof String jwksUri)) {
            throw new KeyConfigException("the discovery document has no \"issuer\" or no \"jwks_uri\"");
        }
        return new Document(issuer, RemoteUrls.require(jwksUri, "the discovery document's jwks_uri"));
    }

    private synchronized Discovered discover() throws KeySourceException {
        if (discovered != null) {
            return discovered;
        }
        if (System.currentTimeMillis() < retryAt) {
            throw new KeySourceException(lastProblem);
        }
        try {
            Document document = read(KeyFetcher.fetch(documentUrl));
            discovered = new Discovered(document.issuer(), remote.apply(document.jwksUri()));
            return discovered;
        } catch (IOException e) {
            lastProblem = "the discovery document could not be fetched: " + KeySources.describe(e);
        } catch (MalformedInputException | KeyConfigException e) {
            lastProblem = e.getMessage();
        }
        retryAt = System.currentTimeMillis() + RETRY_MILLIS;
        throw new KeySourceException(lastProblem);
    }
}
