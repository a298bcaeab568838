/**
 * Live Genesys Cloud look-ups, free of any SDK type: {@link io.claimmap.engine.genesys.GenesysOrg} is what the
 * engine asks (the External Contact an identifier finds, the user QM reads, the certificates an identity provider
 * holds), {@link io.claimmap.engine.genesys.GenesysOrgs} builds one from {@code --genesys REGION|URL} and the
 * environment. The implementation over Genesys' Java SDK lives in the {@code genesys} module and is loaded only
 * when {@code --genesys} is given.
 */
package io.claimmap.engine.genesys;
