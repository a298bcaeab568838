package io.claimmap.engine.keys;

import java.net.InetAddress;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** Which URLs claimmap will fetch keys from: https anywhere, plain http only on loopback (local tests and sidecars). */
public final class RemoteUrls {
    private RemoteUrls() {
    }

    private static final Pattern USER_INFO = Pattern.compile("(?<=://)[^/?#@]*@");
    private static final Pattern SECRET_PARAMETER = Pattern.compile(
            "(?i)([?&][^=&#]*(?:key|token|secret|passw|sig|code|credential|auth)[^=&#]*=)[^&#]*");

    /**
     * The URL as logs, metrics, {@code /readyz} and findings show it: credentials written into it (user:password@, a
     * query parameter named like a key, token, secret or signature) are hidden. Other parts stay, for the operator.
     */
    public static String redacted(String url) {
        return SECRET_PARAMETER.matcher(USER_INFO.matcher(url).replaceFirst("***@")).replaceAll("$1***");
    }

    public static boolean isUrl(String value) {
        return value.startsWith("https://") || value.startsWith("http://");
    }

    public static URL require(String value, String what) throws KeyConfigException {
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw new KeyConfigException(what + " is not a valid URL" + shown(value));
        }
        String scheme = uri.getScheme();
        if (uri.getHost() == null || scheme == null) {
            throw new KeyConfigException(what + " is not an absolute URL" + shown(value));
        }
        if (scheme.equals("http") && !isLoopbackHost(uri.getHost())) {
            throw new KeyConfigException(what + " uses plain http to a non-loopback host; keys are fetched over https only: " + redacted(value));
        }
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new KeyConfigException(what + " must be an https URL: " + redacted(value));
        }
        try {
            return uri.toURL();
        } catch (MalformedURLException e) {
            throw new KeyConfigException(what + " is not a valid URL: " + redacted(value));
        }
    }

    /** A value without a scheme is not quoted: it may be a token or SAML message given where a URL belongs. */
    private static String shown(String value) {
        return value.contains("://") ? ": " + redacted(value) : " (it has no scheme such as https://; the value is not shown)";
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
