package io.claimmap.engine.keys;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import io.claimmap.engine.input.MalformedInputException;
import io.claimmap.engine.input.StrictJson;

import java.io.Closeable;
import java.io.IOException;
import java.net.URL;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * An OIDC provider's keys through its discovery document. The document is fetched when first needed and fetched
 * again (at most every few seconds) until it has been read once, so an IdP that is down when claimmap starts does
 * not leave it without keys for good; then its {@code jwks_uri} is read like any remote JWK Set.
 * <p>
 * Lock-free: one caller fetches at a time; every other caller meanwhile answers at once with the last error (or,
 * once the document has been read, with its keys), so requests never queue behind a slow IdP.
 */
final class DiscoverySource implements JWKSource<SecurityContext>, Closeable {
    static final long RETRY_MILLIS = 5_000;

    private record Discovered(String issuer, JWKSource<SecurityContext> jwks) {
    }

    /** What claimmap reads from a discovery document: its issuer and where its keys are. */
    record Document(String issuer, URL jwksUri) {
    }

    private final URL documentUrl;
    private final Function<URL, JWKSource<SecurityContext>> remote;
    private final KeySourceHealth health;
    private final LongSupplier millis;
    private final AtomicBoolean fetching = new AtomicBoolean();
    private volatile Discovered discovered;
    private volatile long retryAt;
    private volatile String lastProblem = "the discovery document is being fetched";
    private volatile boolean closed;

    /** @param millis the clock of the retry delay ({@code System::currentTimeMillis}; a test's own in tests) */
    DiscoverySource(URL documentUrl, Function<URL, JWKSource<SecurityContext>> remote, KeySourceHealth health,
                    LongSupplier millis) {
        this.documentUrl = documentUrl;
        this.remote = remote;
        this.health = health;
        this.millis = millis;
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
        if (known != null) {
            return known;
        }
        if (millis.getAsLong() >= retryAt && fetching.compareAndSet(false, true)) {
            try {
                return discover();
            } finally {
                fetching.set(false);
            }
        }
        throw new KeySourceException(lastProblem);
    }

    /** Reads a discovery document's text; nothing is fetched. */
    static Document read(String text) throws MalformedInputException, KeyConfigException {
        Map<String, Object> document = StrictJson.parseObject(text, "the discovery document");
        if (!(document.get("issuer") instanceof String issuer) || !(document.get("jwks_uri") instanceof String jwksUri)) {
            throw new KeyConfigException("the discovery document has no \"issuer\" or no \"jwks_uri\"");
        }
        return new Document(issuer, KeySourceReader.url(jwksUri, "the discovery document's jwks_uri"));
    }

    private Discovered discover() throws KeySourceException {
        if (discovered != null) {
            return discovered;
        }
        try {
            Document document = read(KeySourceReader.fetch(documentUrl));
            Discovered found = new Discovered(document.issuer(), remote.apply(document.jwksUri()));
            discovered = found;
            if (closed) {
                close();
            }
            return found;
        } catch (IOException e) {
            lastProblem = "the discovery document could not be fetched: " + KeySourceReader.describe(e);
        } catch (MalformedInputException | KeyConfigException e) {
            lastProblem = e.getMessage();
        }
        retryAt = millis.getAsLong() + RETRY_MILLIS;
        health.reportDown(lastProblem);
        throw new KeySourceException(lastProblem);
    }

    @Override
    public void close() throws IOException {
        closed = true;
        Discovered known = discovered;
        if (known != null && known.jwks() instanceof Closeable closeable) {
            closeable.close();
        }
    }
}
