package io.claimmap.engine.keys;

import java.util.Objects;

/**
 * One configured key source, as the user wrote it: which option and what location. The one place a key-source
 * option becomes a {@link KeySource} (for validation) or {@link KeyMaterial.Loaded} (for inspection).
 *
 * @param kind     which option it came from
 * @param location a file path or URL
 */
public record KeySourceSpec(Kind kind, String location) {
    /** The options that name key sources, each with the protocol its keys may verify. */
    public enum Kind {
        JWKS("--jwks"), DISCOVERY("--discovery"), KEY("--key"), SAML_METADATA("--saml-metadata");

        private final String option;

        Kind(String option) {
            this.option = option;
        }

        public String option() {
            return option;
        }
    }

    public KeySourceSpec {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(location, "location");
    }

    public static KeySourceSpec jwks(String location) {
        return new KeySourceSpec(Kind.JWKS, location);
    }

    public static KeySourceSpec discovery(String location) {
        return new KeySourceSpec(Kind.DISCOVERY, location);
    }

    public static KeySourceSpec key(String location) {
        return new KeySourceSpec(Kind.KEY, location);
    }

    public static KeySourceSpec samlMetadata(String location) {
        return new KeySourceSpec(Kind.SAML_METADATA, location);
    }

    /** The trusted source this spec names; files are read now, URLs when keys are first needed. */
    public KeySource open() throws KeyConfigException {
        return switch (kind) {
            case JWKS -> KeySources.jwks(location);
            case DISCOVERY -> KeySources.discovery(location);
            case KEY -> KeySources.pem(location);
            case SAML_METADATA -> KeySources.samlMetadata(location);
        };
    }

    @Override
    public String toString() {
        return kind.option() + " " + location;
    }
}
