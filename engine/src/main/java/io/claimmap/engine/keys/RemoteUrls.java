package io.claimmap.engine.keys;

import java.net.InetAddress;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.UnknownHostException;

/** Which URLs claimmap will fetch keys from: https anywhere, plain http only on loopback (local tests and sidecars). */
public final class RemoteUrls {
    private RemoteUrls() {
    }

    public static boolean isUrl(String value) {
        return value.startsWith("https://") || value.startsWith("http://");
    }

    public static URL require(String value, String what) throws KeyConfigException {
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw new KeyConfigException(what + " is not a valid URL: " + value);
        }
        String scheme = uri.getScheme();
        if (uri.getHost() == null || scheme == null) {
            throw new KeyConfigException(what + " is not an absolute URL: " + value);
        }
        if (scheme.equals("http") && !isLoopbackHost(uri.getHost())) {
            throw new KeyConfigException(what + " uses plain http to a non-loopback host; keys are fetched over https only: " + value);
        }
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new KeyConfigException(what + " must be an https URL: " + value);
        }
        try {
            return uri.toURL();
        } catch (MalformedURLException e) {
            throw new KeyConfigException(what + " is not a valid URL: " + value);
        }
    }

    /** localhost or a literal loopback address; names are never resolved. */
    public static boolean isLoopbackHost(String host) {
        if (host.equals("localhost")) {
            return true;
        }
        // Literal addresses only: resolving a name here would be a network lookup of configuration input.
        if (!host.matches("[0-9.]+|\\[[0-9a-fA-F:]+]")) {
            return false;
        }
        try {
            return InetAddress.getByName(host.replace("[", "").replace("]", "")).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
