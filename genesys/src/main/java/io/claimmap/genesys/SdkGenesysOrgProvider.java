package io.claimmap.genesys;

import io.claimmap.engine.genesys.GenesysConfigException;
import io.claimmap.engine.genesys.GenesysOrg;
import io.claimmap.engine.genesys.GenesysOrgProvider;
import io.claimmap.engine.genesys.GenesysSettings;

import java.time.Clock;

/** The {@link GenesysOrgProvider} service: a {@link SdkGenesysOrg} over Genesys' Java SDK. */
public final class SdkGenesysOrgProvider implements GenesysOrgProvider {
    @Override
    public GenesysOrg open(GenesysSettings settings) throws GenesysConfigException {
        return new SdkGenesysOrg(settings, GenesysTarget.parse(settings.target()), Clock.systemUTC());
    }
}
