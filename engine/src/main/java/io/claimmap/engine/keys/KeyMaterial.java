package io.claimmap.engine.keys;

import com.nimbusds.jose.jwk.JWK;
import io.claimmap.engine.input.MalformedInputException;
import io.claimmap.engine.input.StrictJson;

import java.io.IOException;
import java.net.URL;
import java.util.List;
import java.util.Map;

/**
 * Reads every key a SOURCE holds, whatever it is: a JWK Set (file or URL), an OIDC discovery URL, SAML IdP
 * metadata (its signing certificates), or PEM keys and certificates, read through {@link KeySourceReader} as validation
 * reads them. For inspection and diffs, where a broken key is reported rather than fatal.
 */
public final class KeyMaterial {
    /**
     * @param unusable    a sentence per key that could not be read
     * @param unavailable why a remote source could not be read, or null
     * @param entityId    for SAML metadata, the IdP's {@code entityID} (what Genesys Cloud calls the provider's
     *                    issuer URI), else null
     */
    public record Loaded(String source, List<JWK> keys, List<String> unusable, String unavailable, String entityId) {
        public Loaded(String source, List<JWK> keys, List<String> unusable, String unavailable) {
            this(source, keys, unusable, unavailable, null);
        }

        static Loaded unavailable(String source, String reason) {
            return new Loaded(source, List.of(), List.of(), reason);
        }
    }

    private KeyMaterial() {
    }

    public static Loaded load(String source) throws KeyConfigException {
        String content;
        if (KeySourceReader.isUrl(source)) {
            URL url = KeySourceReader.url(source, source);
            try {
                content = KeySourceReader.fetch(url);
            } catch (IOException e) {
                return Loaded.unavailable(source, "could not be fetched: " + KeySourceReader.describe(e));
            }
        } else {
            content = KeySourceReader.readFile(source, "");
        }
        return parse(source, content);
    }

    private static Loaded parse(String source, String content) throws KeyConfigException {
        String text = content.strip();
        if (text.startsWith("-----BEGIN")) {
            return new Loaded(source, PemKeys.parse(text, source), List.of(), null);
        }
        if (text.startsWith("<")) {
            return new Loaded(source, SamlMetadata.signingKeys(text, source), List.of(), null, SamlMetadata.entityId(text, source));
        }
        if (!text.startsWith("{")) {
            throw new KeyConfigException(source + ": neither a JWK Set, a discovery document, SAML metadata nor PEM");
        }
        try {
            Map<String, Object> json = StrictJson.parseObject(text, source);
            if (json.containsKey("keys")) {
                JwkSets.Parsed parsed = JwkSets.parse(text, source);
                return new Loaded(source, parsed.keys(), parsed.problems(), null);
            }
            if (json.get("jwks_uri") instanceof String jwksUri) {
                Loaded keys = load(KeySourceReader.url(jwksUri, source + " jwks_uri").toString());
                return new Loaded(source + " -> " + jwksUri, keys.keys(), keys.unusable(), keys.unavailable());
            }
        } catch (MalformedInputException e) {
            throw new KeyConfigException(e.getMessage());
        }
        throw new KeyConfigException(source + ": a JSON object with neither \"keys\" (a JWK Set) nor \"jwks_uri\" (a discovery document)");
    }
}
