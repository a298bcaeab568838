package io.claimmap.genesys;

import com.mypurecloud.sdk.v2.PureCloudRegionHosts;
import io.claimmap.engine.genesys.GenesysConfigException;
import io.claimmap.engine.keys.RemoteUrls;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Where an org is: the API base and the login base (where {@code /oauth/token} is). A region is one of the SDK's
 * {@link PureCloudRegionHosts}, named by its domain ({@code mypurecloud.ie}), its AWS-style name ({@code eu-west-1},
 * as CX-as-Code's {@code GENESYSCLOUD_REGION} takes it) or the SDK's constant ({@code eu_west_1}); its login host is
 * its API host with {@code login.} for {@code api.}. A base URL (https, or http on a loopback address for a test
 * server) serves both.
 */
record GenesysTarget(String apiBase, String loginBase) {

    static GenesysTarget parse(String target) throws GenesysConfigException {
        String value = target.strip();
        if (value.startsWith("https://") || value.startsWith("http://")) {
            return url(value);
        }
        String wanted = value.toLowerCase(Locale.ROOT);
        for (PureCloudRegionHosts region : PureCloudRegionHosts.values()) {
            String api = region.getApiHost();
            String domain = api.substring("https://api.".length());
            if (wanted.equals(domain) || wanted.replace('-', '_').equals(region.name())) {
                return new GenesysTarget(api, "https://login." + domain);
            }
        }
        throw new GenesysConfigException("--genesys: unknown region \"" + value + "\"; use one of "
                + Arrays.stream(PureCloudRegionHosts.values())
                    .map(r -> r.getApiHost().substring("https://api.".length()))
                    .collect(Collectors.joining(", "))
                + ", or a base URL");
    }

    private static GenesysTarget url(String value) throws GenesysConfigException {
        String shown = withoutCredentials(value);
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw new GenesysConfigException("--genesys: \"" + shown + "\" is not a valid URL");
        }
        if (uri.getHost() == null || uri.getUserInfo() != null || uri.getQuery() != null || uri.getFragment() != null
                || !(uri.getPath() == null || uri.getPath().isEmpty() || uri.getPath().equals("/"))) {
            throw new GenesysConfigException("--genesys: a base URL is a scheme, a host and a port only (it serves "
                    + "/oauth/token and /api/v2; the OAuth client comes from the environment), not \"" + shown + "\"");
        }
        if (uri.getScheme().equals("http") && !RemoteUrls.isLoopbackHost(uri.getHost())) {
            throw new GenesysConfigException("--genesys: \"" + shown + "\" must be https (http only on a loopback address)");
        }
        String base = uri.getScheme() + "://" + uri.getRawAuthority();
        return new GenesysTarget(base, base);
    }

    /** The URL as a message may show it: credentials someone put before the host are never echoed. */
    private static String withoutCredentials(String value) {
        return value.replaceFirst("^([A-Za-z][A-Za-z0-9+.-]*://)[^/?#]*@", "$1***@");
    }
}
