package io.claimmap.engine.genesys;

/**
 * The service an implementation of {@link GenesysOrg} offers ({@code META-INF/services}). {@link GenesysOrgs#open}
 * finds it, so the engine and the CLI never link against an SDK.
 */
public interface GenesysOrgProvider {
    /**
     * A connected org; no request is made yet (the first look-up logs in).
     *
     * @throws GenesysConfigException the target is neither a known region nor an https (or loopback http) URL
     */
    GenesysOrg open(GenesysSettings settings) throws GenesysConfigException;
}
