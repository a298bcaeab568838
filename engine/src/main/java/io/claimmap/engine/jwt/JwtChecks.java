package io.claimmap.engine.jwt;

import io.claimmap.engine.input.CompactJws;
import io.claimmap.engine.keys.KeySource;
import io.claimmap.engine.result.Finding;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything checked about a parsed JWT before the rules run: signature and keys, then time, issuer, audience and
 * subject. Immutable configuration, thread-safe.
 */
public final class JwtChecks {
    private final SignatureCheck signature;
    private final List<String> issuers;
    private final List<KeySource> discoverySources;
    private final List<String> audiences;
    private final Duration clockSkew;

    public JwtChecks(List<KeySource> keySources, List<String> issuers, List<String> audiences, Duration clockSkew) {
        this.signature = new SignatureCheck(keySources);
        this.issuers = List.copyOf(issuers);
        this.discoverySources = keySources.stream().filter(source -> source.issuerSource() != null).toList();
        this.audiences = List.copyOf(audiences);
        this.clockSkew = clockSkew;
    }

    public List<Finding> check(CompactJws jws, Instant now) {
        List<Finding> findings = new ArrayList<>(signature.check(jws));
        var claims = jws.claims();
        ClaimChecks.time(claims, now, clockSkew, findings);
        String iss = claims.get("iss") instanceof String s ? s : null;
        ClaimChecks.issuer(iss, issuers, "--issuer", findings);
        // Read per check: a discovery document that could not be fetched at start is fetched later.
        List<String> discoveryIssuers = discoverySources.isEmpty() ? List.of() // no stream for nothing, per token
                : discoverySources.stream().map(KeySource::issuer).filter(i -> i != null).distinct().toList();
        ClaimChecks.issuer(iss, discoveryIssuers, "the discovery document's issuer", findings);
        ClaimChecks.audience(claims.get("aud"), audiences, findings);
        ClaimChecks.authorizedParty(claims.get("azp"), audiences, findings);
        ClaimChecks.subject(claims.get("sub"), findings);
        return findings;
    }
}
