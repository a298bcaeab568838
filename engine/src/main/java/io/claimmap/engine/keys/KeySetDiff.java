package io.claimmap.engine.keys;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code claimmap keys diff OLD NEW}: keys compared by RFC 7638 thumbprint (a kid can be reused for another key),
 * and what that means for tokens signed now.
 */
public record KeySetDiff(List<KeyDescription> added, List<KeyDescription> removed, List<KeyDescription> kept,
                         List<String> consequences) {

    public static KeySetDiff of(List<KeyDescription> before, List<KeyDescription> after) {
        Map<String, KeyDescription> old = byThumbprint(before);
        Map<String, KeyDescription> now = byThumbprint(after);
        List<KeyDescription> added = new ArrayList<>();
        List<KeyDescription> removed = new ArrayList<>();
        List<KeyDescription> kept = new ArrayList<>();
        now.forEach((thumbprint, key) -> (old.containsKey(thumbprint) ? kept : added).add(key));
        old.forEach((thumbprint, key) -> {
            if (!now.containsKey(thumbprint)) {
                removed.add(key);
            }
        });
        List<String> consequences = new ArrayList<>();
        for (KeyDescription key : added) {
            consequences.add(samlCertificate(key)
                    ? "SAML messages signed with " + key.label() + " will fail against OLD (CERT_NOT_TRUSTED): upload it "
                    + "to Genesys Cloud and trust NEW before the IdP starts signing with it"
                    : "tokens signed with " + key.label() + " will fail against OLD" + (key.keyId() != null
                    ? " (KEY_NOT_FOUND)" : "") + ": trust NEW before the IdP starts signing with it");
        }
        for (KeyDescription key : removed) {
            consequences.add((samlCertificate(key) ? "SAML messages" : "tokens") + " signed with " + key.label()
                    + " will fail against NEW" + (samlCertificate(key) ? " (CERT_NOT_TRUSTED)" : "") + ": make sure the "
                    + "IdP no longer signs with it and that " + (samlCertificate(key) ? "messages" : "tokens")
                    + " it signed have expired");
        }
        for (KeyDescription key : added) {
            if (reusedKid(key, removed)) {
                consequences.add(key.label() + " now names a different key: verifiers that cache keys by kid keep "
                        + "the old one until they refresh");
            }
        }
        if (added.isEmpty() && removed.isEmpty()) {
            consequences.add("the same keys: tokens verify against OLD and NEW alike");
        }
        return new KeySetDiff(List.copyOf(added), List.copyOf(removed), List.copyOf(kept), List.copyOf(consequences));
    }

    /** A certificate without a kid: what SAML metadata and PEM certificates hold, and what SAML messages are signed with. */
    private static boolean samlCertificate(KeyDescription key) {
        return key.keyId() == null && key.certificate() != null;
    }

    /** True when a key was added or removed: tokens signed with it fail against one of the two sources. */
    public boolean tokensWillFail() {
        return !added.isEmpty() || !removed.isEmpty();
    }

    private static boolean reusedKid(KeyDescription key, List<KeyDescription> others) {
        return key.keyId() != null && others.stream().anyMatch(o -> key.keyId().equals(o.keyId()));
    }

    private static Map<String, KeyDescription> byThumbprint(List<KeyDescription> keys) {
        Map<String, KeyDescription> map = new LinkedHashMap<>();
        keys.forEach(k -> map.putIfAbsent(k.thumbprint(), k));
        return map;
    }
}
