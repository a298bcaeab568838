package io.claimmap.engine.genesys;

import io.claimmap.engine.OptionalJars;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * Builds a {@link GenesysOrg} from {@code --genesys REGION|URL} and the environment, the way Genesys' own
 * CX-as-Code tooling reads it: {@code GENESYSCLOUD_OAUTHCLIENT_ID}, {@code GENESYSCLOUD_OAUTHCLIENT_SECRET}, and
 * {@code GENESYSCLOUD_REGION} when {@code --genesys} names no target.
 *
 * <p>The implementation (the {@code genesys} module and Genesys' Java SDK) is found with a {@link ServiceLoader}:
 * on the class path when it is there (tests, an application that bundles it), else in the folder {@code genesys/}
 * beside the engine's jar, through a child class loader. The launcher's class path does not name those jars, so a
 * command without {@code --genesys} neither opens nor loads any of them.
 */
public final class GenesysOrgs {
    public static final String CLIENT_ID = "GENESYSCLOUD_OAUTHCLIENT_ID";
    public static final String CLIENT_SECRET = "GENESYSCLOUD_OAUTHCLIENT_SECRET";
    public static final String REGION = "GENESYSCLOUD_REGION";
    /** The folder beside the engine's jar that holds the implementation and the SDK. */
    public static final String LIB_FOLDER = "genesys";

    private GenesysOrgs() {
    }

    /**
     * The settings for {@code --genesys}: {@code target} is the option's value, or null or blank (the option
     * without a value) for {@code GENESYSCLOUD_REGION}; the OAuth client always comes from {@code env}.
     *
     * @throws GenesysConfigException no target, or no client id or secret: a usage error
     */
    public static GenesysSettings settings(String target, Map<String, String> env) throws GenesysConfigException {
        String chosen = blankToNull(target) != null ? target.strip() : blankToNull(env.get(REGION));
        if (chosen == null) {
            throw new GenesysConfigException("--genesys needs a region or URL (or " + REGION + " in the environment)");
        }
        String id = blankToNull(env.get(CLIENT_ID));
        String secret = blankToNull(env.get(CLIENT_SECRET));
        if (id == null || secret == null) {
            throw new GenesysConfigException("--genesys needs an OAuth client (client credentials grant) in the "
                    + "environment: " + CLIENT_ID + " and " + CLIENT_SECRET + (id == null ? "" : " (the secret is missing)")
                    + "; see docs/GENESYS.md");
        }
        return GenesysSettings.of(chosen.strip(), id.strip(), secret.strip());
    }

    /** Opens the org with the implementation found on the class path or in {@code genesys/} beside the engine. */
    public static GenesysOrg open(GenesysSettings settings) throws GenesysConfigException {
        return provider().open(settings);
    }

    static GenesysOrgProvider provider() throws GenesysConfigException {
        ClassLoader own = GenesysOrgs.class.getClassLoader();
        var onClassPath = ServiceLoader.load(GenesysOrgProvider.class, own).findFirst();
        if (onClassPath.isPresent()) {
            return onClassPath.get();
        }
        ClassLoader loader;
        try {
            loader = OptionalJars.loader(LIB_FOLDER);
        } catch (IOException e) {
            throw new GenesysConfigException("the Genesys Cloud client in " + OptionalJars.folder(LIB_FOLDER)
                    + " cannot be read: " + e.getMessage());
        }
        if (loader != null) {
            var found = ServiceLoader.load(GenesysOrgProvider.class, loader).findFirst();
            if (found.isPresent()) {
                return found.get();
            }
        }
        Path folder = OptionalJars.folder(LIB_FOLDER);
        throw new GenesysConfigException("--genesys is not available in this build: the Genesys Cloud client was not found "
                + (folder == null ? "on the class path" : "in " + folder));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
