package io.claimmap.cli;

import io.claimmap.engine.genesys.GenesysConfigException;
import io.claimmap.engine.genesys.GenesysOrg;
import io.claimmap.engine.genesys.GenesysOrgs;
import io.claimmap.engine.genesys.GenesysSettings;
import picocli.CommandLine.Option;

import java.util.Map;

/**
 * {@code --genesys [REGION|URL]}: live checks against a Genesys Cloud org. The OAuth client comes from
 * {@code GENESYSCLOUD_OAUTHCLIENT_ID} / {@code GENESYSCLOUD_OAUTHCLIENT_SECRET}, the default target from
 * {@code GENESYSCLOUD_REGION}; never a secret on the command line. Nothing of the Genesys SDK is loaded unless the
 * option is given ({@link GenesysOrgs#open}).
 */
public final class GenesysOption {
    private static volatile Map<String, String> environment;

    @Option(names = "--genesys", paramLabel = "REGION|URL", arity = "0..1", fallbackValue = "",
            description = "Ask this Genesys Cloud org (a region such as mypurecloud.ie or euw2.pure.cloud, or a base URL; "
                    + "default $GENESYSCLOUD_REGION), with the OAuth client in $GENESYSCLOUD_OAUTHCLIENT_ID and "
                    + "$GENESYSCLOUD_OAUTHCLIENT_SECRET (docs/GENESYS.md).")
    String target;

    public boolean given() {
        return target != null;
    }

    /** The org, connected lazily (the first look-up logs in); a usage error if the option cannot be used. */
    public GenesysOrg open() {
        try {
            return GenesysOrgs.open(settings());
        } catch (GenesysConfigException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /**
     * What to reach and with which OAuth client, or null without the option; a usage error when the environment
     * lacks the client. Nothing is loaded or opened yet.
     */
    public GenesysSettings settings() {
        if (!given()) {
            return null;
        }
        try {
            return GenesysOrgs.settings(target, environment == null ? System.getenv() : environment);
        } catch (GenesysConfigException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /** The environment credentials are read from, for tests and embedders; null goes back to the process's own. */
    public static void environment(Map<String, String> env) {
        environment = env == null ? null : Map.copyOf(env);
    }
}
