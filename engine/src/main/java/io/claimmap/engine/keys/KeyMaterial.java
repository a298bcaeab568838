package io.claimmap.engine.keys;

import com.nimbusds.jose.jwk.JWK;
import io.claimmap.engine.input.MalformedInputException;
import io.claimmap.engine.input.StrictJson;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Reads every key a SOURCE holds, whatever it is: a JWK Set (file or URL), an OIDC discovery URL, SAML IdP
 * metadata (its signing certificates), or PEM keys and certificates. For inspection and diffs, where a broken key is reported rather than fatal.
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

    private static final int MAX_FILE_BYTES = 512 * 1024;

    private KeyMaterial() {
    }

    public static Loaded load(String source) throws KeyConfigException {
        String content;
        if (RemoteUrls.isUrl(source)) {
            URL url = RemoteUrls.require(source, source);
            try {
                content = new KeyFetcher().retrieveResource(url).getContent();
            } catch (IOException e) {
                return Loaded.unavailable(source, "could not be fetched: " + KeySources.describe(e));
            }
        } else {
            content = readFile(Path.of(source));
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
                Loaded keys = load(RemoteUrls.require(jwksUri, source + " jwks_uri").toString());
                return new Loaded(source + " -> " + jwksUri, keys.keys(), keys.unusable(), keys.unavailable());
            }
        } catch (MalformedInputException e) {
            throw new KeyConfigException(e.getMessage());
        }
        throw new KeyConfigException(source + ": a JSON object with neither \"keys\" (a JWK Set) nor \"jwks_uri\" (a discovery document)");
    }

    private static String readFile(Path path) throws KeyConfigException {
        try {
            if (Files.size(path) > MAX_FILE_BYTES) {
                throw new KeyConfigException(path + ": file is over " + MAX_FILE_BYTES / 1024 + " KiB");
            }
            return Files.readString(path);
        } catch (NoSuchFileException e) {
            throw new KeyConfigException(path + ": no such file");
        } catch (IOException e) {
            throw new KeyConfigException(path + ": cannot be read (" + e.getMessage() + ")");
        }
    }
}
