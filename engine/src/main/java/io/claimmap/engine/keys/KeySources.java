package io.claimmap.engine.keys;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.source.JWKSetCacheRefreshEvaluator;
import com.nimbusds.jose.jwk.source.JWKSetSource;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.jwk.source.OutageTolerantJWKSetSource;
import com.nimbusds.jose.util.health.HealthStatus;
import com.nimbusds.jose.proc.SecurityContext;
import io.claimmap.engine.input.MalformedInputException;

import java.io.IOException;
import java.net.URL;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Builds {@link KeySource}s from what the user configured: JWK Set files or URLs, discovery URLs, PEM files and SAML
 * IdP metadata files or URLs, all read through {@link KeySourceReader}.
 */
public final class KeySources {
    static final long CACHE_TTL_MS = 5 * 60_000;
    static final long CACHE_REFRESH_TIMEOUT_MS = 5_000;
    static final long OUTAGE_TOLERANCE_MS = 15 * 60_000;
    private static final String WELL_KNOWN = "/.well-known/openid-configuration";

    private KeySources() {
    }

    /** {@code --jwks FILE|URL}. */
    public static KeySource jwks(String fileOrUrl) throws KeyConfigException {
        if (KeySourceReader.isUrl(fileOrUrl)) {
            URL url = KeySourceReader.url(fileOrUrl, "--jwks");
            String description = "jwks " + RemoteUrls.redacted(fileOrUrl);
            KeySourceHealth health = KeySourceHealth.remote(description);
            return new KeySource(description, remote(url, health), false, null, KeySource.Protocol.JWT, health);
        }
        String json = KeySourceReader.readFile(fileOrUrl, "--jwks");
        try {
            JwkSets.Parsed parsed = JwkSets.parse(json, "the file");
            if (parsed.keys().isEmpty()) {
                throw new KeyConfigException("--jwks " + fileOrUrl + ": the JWK Set has no usable key"
                        + (parsed.problems().isEmpty() ? "" : " (" + String.join("; ", parsed.problems()) + ")"));
            }
            return new KeySource("jwks " + fileOrUrl, new ImmutableJWKSet<>(new JWKSet(parsed.keys())), false, null,
                    KeySource.Protocol.JWT);
        } catch (MalformedInputException e) {
            throw new KeyConfigException("--jwks " + fileOrUrl + ": not a JWK Set (" + e.getMessage() + ")");
        }
    }

    /** {@code --key FILE}: PEM public keys and X.509 certificates. */
    public static KeySource pem(String file) throws KeyConfigException {
        String text = KeySourceReader.readFile(file, "--key");
        List<JWK> keys = PemKeys.parse(text, "--key " + file);
        return new KeySource("key " + file, new ImmutableJWKSet<>(new JWKSet(keys)), true, null);
    }

    /** {@code --discovery URL}: an issuer URL or its {@code /.well-known/openid-configuration}. */
    public static KeySource discovery(String issuerOrDocument) throws KeyConfigException {
        return discovery(issuerOrDocument, System::currentTimeMillis);
    }

    /** {@link #discovery(String)} with the clock of its retry delay: tests move it on instead of waiting. */
    static KeySource discovery(String issuerOrDocument, LongSupplier millis) throws KeyConfigException {
        String documentUrl = issuerOrDocument.endsWith(WELL_KNOWN) ? issuerOrDocument
                : issuerOrDocument.replaceAll("/+$", "") + WELL_KNOWN;
        URL url = KeySourceReader.url(documentUrl, "--discovery");
        String description = "discovery " + RemoteUrls.redacted(documentUrl);
        KeySourceHealth health = KeySourceHealth.remote(description);
        DiscoverySource discovery = new DiscoverySource(url, jwksUrl -> remote(jwksUrl, health), health, millis);
        discovery.issuer(); // fetch now when reachable; if not, the source retries when keys are next needed
        return new KeySource(description, discovery, false, discovery::issuer, KeySource.Protocol.JWT,
                health);
    }

    /**
     * {@code --saml-metadata FILE|URL}: the signing certificates of a SAML IdP's metadata. A URL is fetched like a
     * remote JWK Set (https only unless loopback, timeouts, size limit, no redirects) and cached the same way.
     */
    public static KeySource samlMetadata(String fileOrUrl) throws KeyConfigException {
        String description = "saml-metadata " + (KeySourceReader.isUrl(fileOrUrl) ? RemoteUrls.redacted(fileOrUrl) : fileOrUrl);
        if (KeySourceReader.isUrl(fileOrUrl)) {
            URL url = KeySourceReader.url(fileOrUrl, "--saml-metadata");
            KeySourceHealth health = KeySourceHealth.remote(description);
            return new KeySource(description, cached(JWKSourceBuilder.create(new MetadataSetSource(url, description)), health),
                    false, null, KeySource.Protocol.SAML, health);
        }
        String xml = KeySourceReader.readFile(fileOrUrl, "--saml-metadata");
        List<JWK> keys = SamlMetadata.signingKeys(xml, "--saml-metadata " + fileOrUrl);
        return new KeySource(description, new ImmutableJWKSet<>(new JWKSet(keys)), false, null, KeySource.Protocol.SAML);
    }

    /** Remote SAML metadata as a JWK Set source: fetched with {@link KeySourceReader}, its signing certificates as keys. */
    private record MetadataSetSource(URL url, String description) implements JWKSetSource<SecurityContext> {
        @Override
        public JWKSet getJWKSet(JWKSetCacheRefreshEvaluator refreshEvaluator, long currentTime, SecurityContext context)
                throws KeySourceException {
            String xml;
            try {
                xml = KeySourceReader.fetch(url);
            } catch (IOException e) {
                throw new KeySourceException("the metadata could not be fetched: " + KeySourceReader.describe(e));
            }
            try {
                return new JWKSet(SamlMetadata.signingKeys(xml, "the metadata"));
            } catch (KeyConfigException e) {
                throw new KeySourceException(e.getMessage());
            }
        }

        @Override
        public void close() {
        }
    }

    static JWKSource<SecurityContext> remote(URL url, KeySourceHealth health) {
        return cached(JWKSourceBuilder.create(new LenientJwkSetSource(url, new KeyFetcher())), health);
    }

    /**
     * The cache and failure handling of every remote source. Health comes from nimbus' own reports: a fetch that
     * succeeds or fails ({@code healthReporting}), and the outage-tolerant layer answering with the last keys while
     * the endpoint is down. The health report sits outside that layer and would count such an answer as healthy, so
     * an outage event (raised on the same thread, within the same fetch) marks the fetch as failed.
     */
    private static JWKSource<SecurityContext> cached(JWKSourceBuilder<SecurityContext> builder, KeySourceHealth health) {
        ThreadLocal<Boolean> servedFromOutageCache = new ThreadLocal<>();
        return builder
                .cache(CACHE_TTL_MS, CACHE_REFRESH_TIMEOUT_MS)
                .rateLimited(true)
                .retrying(true)
                .outageTolerant(OUTAGE_TOLERANCE_MS, event -> {
                    if (event instanceof OutageTolerantJWKSetSource.OutageEvent<?> outage) {
                        servedFromOutageCache.set(true);
                        health.reportDown(KeySourceHealth.describe(outage.getException()) + " (serving the last keys for "
                                + outage.getRemainingTime() / 1000 + " s more)");
                    }
                })
                .healthReporting(report -> {
                    boolean outage = Boolean.TRUE.equals(servedFromOutageCache.get());
                    servedFromOutageCache.remove();
                    if (report.getHealthStatus() == HealthStatus.NOT_HEALTHY) {
                        health.reportDown(KeySourceHealth.describe(report.getException()));
                    } else if (!outage) {
                        health.reportUp();
                    }
                })
                .build();
    }
}
