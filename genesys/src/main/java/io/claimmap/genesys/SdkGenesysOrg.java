package io.claimmap.genesys;

import com.fasterxml.jackson.core.type.TypeReference;
import com.mypurecloud.sdk.v2.ApiClient;
import com.mypurecloud.sdk.v2.ApiException;
import com.mypurecloud.sdk.v2.ApiRequest;
import com.mypurecloud.sdk.v2.ApiRequestBuilder;
import com.mypurecloud.sdk.v2.api.IdentityProviderApi;
import com.mypurecloud.sdk.v2.api.UsersApi;
import com.mypurecloud.sdk.v2.connector.ApiClientConnectorProperty;
import com.mypurecloud.sdk.v2.extensions.AuthResponse;
import com.mypurecloud.sdk.v2.model.ErrorBody;
import com.mypurecloud.sdk.v2.model.ExternalContact;
import com.mypurecloud.sdk.v2.model.User;
import com.mypurecloud.sdk.v2.model.UserSearchCriteria;
import com.mypurecloud.sdk.v2.model.UserSearchRequest;
import com.mypurecloud.sdk.v2.model.UsersSearchResponse;
import io.claimmap.engine.genesys.ContactLookup;
import io.claimmap.engine.genesys.GenesysOrg;
import io.claimmap.engine.genesys.GenesysSettings;
import io.claimmap.engine.genesys.ProviderCertificates;
import io.claimmap.engine.genesys.UserLookup;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A {@link GenesysOrg} over Genesys' official Java SDK ({@code com.mypurecloud:platform-client-v2}): the SDK's
 * {@link ApiClient} with its retry of 429 and 502/503/504, its typed APIs and models where they fit, and
 * claimmap's {@link JdkHttpConnector} under it for bounded timeouts and a bounded {@code Retry-After}.
 *
 * <p>One instance is shared by every look-up (serve keeps one for its life): one HTTP client, one access token,
 * obtained with the client-credentials grant on first use and again {@link #REFRESH_MARGIN} before it expires, or
 * at once if Genesys refuses it (401). Thread-safe. Neither the secret nor the token appears in any message.
 */
final class SdkGenesysOrg implements GenesysOrg {
    static final Duration REFRESH_MARGIN = Duration.ofSeconds(60);
    static final String OAUTH = "PureCloud OAuth";
    /** The SAML identity providers of {@code /api/v2/identityproviders/{kind}}, as the SDK's typed calls. */
    static final List<String> SAML_PROVIDERS = List.of("okta", "adfs", "salesforce", "generic", "onelogin", "ping",
            "gsuite", "identitynow");

    private final GenesysSettings settings;
    private final GenesysTarget target;
    private final Clock clock;
    private final ApiClient api;
    private final ApiClient login;
    private String token;
    private Instant tokenRefreshAt = Instant.MIN;

    SdkGenesysOrg(GenesysSettings settings, GenesysTarget target, Clock clock) {
        this.settings = settings;
        this.target = target;
        this.clock = clock;
        HttpClient http = HttpClient.newBuilder()
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        JdkHttpConnector connector = new JdkHttpConnector(http, settings.readTimeout(), settings.maxRetryAfter());
        this.api = client(target.apiBase(), connector);
        // The SDK's authorizeClientCredentials derives the login host from the API base path by putting "login." in
        // place of its first label: right for a region, wrong for a base URL (http://127.0.0.1:8080 would become
        // https://login.0.0.1:8080, and http://localhost has no label to replace). The same request (the SDK's
        // request builder and AuthResponse model) goes through a second ApiClient whose base path is the login base.
        this.login = client(target.loginBase(), connector);
    }

    private ApiClient client(String basePath, JdkHttpConnector connector) {
        ApiClient.RetryConfiguration retry = new ApiClient.RetryConfiguration();
        int retries = settings.maxRetries();
        long waitMs = settings.maxRetryAfter().toMillis();
        if (retries > 0) {
            // The SDK retries while retryCount <= retryMax, so retryMax is one less than the retries wanted; past
            // maxRetriesBeforeBackoff it would switch to 3 s, 9 s, 27 s back-off, so that threshold is never reached.
            retry.setRetryMax(retries - 1);
            retry.setMaxRetriesBeforeBackoff(retries + 1);
            retry.setRetryAfterDefaultMs(Math.min(1000, waitMs));
            long worstCase = retries * (waitMs + settings.readTimeout().toMillis()) / 1000 + 1;
            retry.setMaxRetryTimeSec((int) Math.min(Integer.MAX_VALUE, worstCase));
        } else {
            retry.setMaxRetryTimeSec(0);
        }
        return ApiClient.Builder.standard()
                .withBasePath(basePath)
                .withProperty(ApiClientConnectorProperty.CONNECTOR_PROVIDER, connector)
                .withRetryConfiguration(retry)
                .withShouldRefreshAccessToken(false)
                .withUserAgent("claimmap")
                .build();
    }

    @Override
    public String describe() {
        return target.apiBase();
    }

    // ---------------------------------------------------------------------------------------------- look-ups

    @Override
    public ContactLookup findContact(String externalId) {
        Map<String, String> identifier = new LinkedHashMap<>();
        // The SDK's ContactIdentifier model has no ExternalId type yet (its enum would write OutdatedSdkVersion),
        // so the body is the documented {"type", "value"} object as a map, through the SDK's request builder.
        identifier.put("type", "ExternalId");
        identifier.put("value", externalId);
        String what = "External Contact look-up";
        String permission = "externalContacts:contact:view";
        try {
            ExternalContact contact = call(what, permission, () -> post("/api/v2/externalcontacts/identifierlookup/contacts",
                    identifier, new TypeReference<ExternalContact>() { }));
            if (contact == null) {
                // Older orgs answer only the first identifier lookup endpoint; it also answers 404 for "no such contact".
                contact = call(what, permission, () -> post("/api/v2/externalcontacts/identifierlookup", identifier,
                        new TypeReference<ExternalContact>() { }));
            }
            if (contact == null) {
                return ContactLookup.notFound();
            }
            return ContactLookup.found(contact.getId(), join(contact.getFirstName(), contact.getLastName()));
        } catch (Unavailable e) {
            return ContactLookup.unavailable(e.getMessage());
        }
    }

    @Override
    public UserLookup findUser(String emailOrUsername) {
        UserSearchCriteria criteria = new UserSearchCriteria();
        criteria.setType(UserSearchCriteria.TypeEnum.EXACT);
        criteria.setFields(List.of("email", "username"));
        criteria.setValue(emailOrUsername);
        UserSearchRequest request = new UserSearchRequest();
        request.setQuery(List.of(criteria));
        request.setPageSize(2);
        UsersApi users = new UsersApi(api);
        try {
            UsersSearchResponse response = call("user search", "directory:user:view", () -> users.postUsersSearch(request));
            List<User> results = response == null || response.getResults() == null ? List.of() : response.getResults();
            if (results.isEmpty()) {
                return UserLookup.notFound();
            }
            User user = results.get(0);
            return UserLookup.found(user.getId(), user.getName(), user.getDepartment(), user.getEmail());
        } catch (Unavailable e) {
            return UserLookup.unavailable(e.getMessage());
        }
    }

    @Override
    public ProviderCertificates identityProviderCertificates(String issuerUri) {
        IdentityProviderApi providers = new IdentityProviderApi(api);
        List<String> others = new ArrayList<>();
        try {
            for (String kind : SAML_PROVIDERS) {
                Provider provider = call("identity provider " + kind, "sso:provider:view", () -> provider(providers, kind));
                if (provider == null) {
                    continue; // 404: no provider of this kind is configured
                }
                if (Objects.equals(provider.issuerUri(), issuerUri)) {
                    return certificates(kind + " \"" + provider.name() + "\"", provider);
                }
                others.add(kind + ": " + provider.issuerUri());
            }
            return ProviderCertificates.notFound(others);
        } catch (Unavailable e) {
            return ProviderCertificates.unavailable(e.getMessage());
        }
    }

    private record Provider(String name, String issuerUri, String certificate, List<String> certificates) {
    }

    /** The SDK's typed call for each kind; each model has the same four members claimmap reads. */
    private static Provider provider(IdentityProviderApi api, String kind) throws IOException, ApiException {
        return switch (kind) {
            case "okta" -> { var p = api.getIdentityprovidersOkta(); yield new Provider(p.getName(), p.getIssuerURI(), p.getCertificate(), p.getCertificates()); }
            case "adfs" -> { var p = api.getIdentityprovidersAdfs(); yield new Provider(p.getName(), p.getIssuerURI(), p.getCertificate(), p.getCertificates()); }
            case "salesforce" -> { var p = api.getIdentityprovidersSalesforce(); yield new Provider(p.getName(), p.getIssuerURI(), p.getCertificate(), p.getCertificates()); }
            case "generic" -> { var p = api.getIdentityprovidersGeneric(); yield new Provider(p.getName(), p.getIssuerURI(), p.getCertificate(), p.getCertificates()); }
            case "onelogin" -> { var p = api.getIdentityprovidersOnelogin(); yield new Provider(p.getName(), p.getIssuerURI(), p.getCertificate(), p.getCertificates()); }
            case "ping" -> { var p = api.getIdentityprovidersPing(); yield new Provider(p.getName(), p.getIssuerURI(), p.getCertificate(), p.getCertificates()); }
            case "gsuite" -> { var p = api.getIdentityprovidersGsuite(); yield new Provider(p.getName(), p.getIssuerURI(), p.getCertificate(), p.getCertificates()); }
            case "identitynow" -> { var p = api.getIdentityprovidersIdentitynow(); yield new Provider(p.getName(), p.getIssuerURI(), p.getCertificate(), p.getCertificates()); }
            default -> throw new IllegalArgumentException(kind);
        };
    }

    private static ProviderCertificates certificates(String name, Provider provider) {
        Set<String> values = new LinkedHashSet<>();
        if (provider.certificate() != null && !provider.certificate().isBlank()) {
            values.add(provider.certificate().strip());
        }
        if (provider.certificates() != null) {
            provider.certificates().stream().filter(c -> c != null && !c.isBlank()).map(String::strip).forEach(values::add);
        }
        Map<String, X509Certificate> parsed = new LinkedHashMap<>();
        List<String> unreadable = new ArrayList<>();
        int index = 0;
        for (String value : values) {
            index++;
            try {
                X509Certificate certificate = parse(value);
                parsed.putIfAbsent(Base64.getEncoder().encodeToString(certificate.getEncoded()), certificate);
            } catch (CertificateException | IllegalArgumentException e) {
                unreadable.add("certificate " + index + " held for " + name + " is neither PEM nor base64 DER X.509");
            }
        }
        return ProviderCertificates.found(name, new ArrayList<>(parsed.values()), unreadable);
    }

    /** PEM, or base64 DER with or without line breaks (the API returns either). */
    static X509Certificate parse(String value) throws CertificateException {
        String text = value.strip();
        byte[] der;
        if (text.startsWith("-----BEGIN")) {
            der = text.getBytes(StandardCharsets.US_ASCII);
        } else {
            der = Base64.getMimeDecoder().decode(text);
        }
        return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
    }

    // ---------------------------------------------------------------------------------------------- plumbing

    private <B, T> T post(String path, B body, TypeReference<T> type) throws IOException, ApiException {
        ApiRequest<B> request = ApiRequestBuilder.create("POST", path)
                .withBody(body)
                .withContentTypes("application/json")
                .withAccepts("application/json")
                .withAuthNames(OAUTH)
                .build();
        return api.invoke(request, type).getBody();
    }

    @FunctionalInterface
    private interface Call<T> {
        T run() throws IOException, ApiException;
    }

    /** A look-up that could not be made; the message is the reason, safe to show. */
    private static final class Unavailable extends Exception {
        Unavailable(String reason) {
            super(reason, null, false, false);
        }
    }

    /**
     * Runs a call with a valid token: null for a 404, a refused token (401) renewed once, anything else an
     * {@link Unavailable} whose reason names the permission for a 403.
     */
    private <T> T call(String what, String permission, Call<T> call) throws Unavailable {
        for (int attempt = 0; ; attempt++) {
            ensureToken();
            try {
                return call.run();
            } catch (ApiException e) {
                if (e.getStatusCode() == 404) {
                    return null;
                }
                if (e.getStatusCode() == 401 && attempt == 0) {
                    invalidateToken();
                    continue;
                }
                throw new Unavailable(safe(what + ": " + apiFailure(e, permission)));
            } catch (IOException e) {
                throw new Unavailable(safe(what + ": " + ioFailure(e, target.apiBase())));
            }
        }
    }

    private synchronized void invalidateToken() {
        tokenRefreshAt = Instant.MIN;
    }

    private synchronized void ensureToken() throws Unavailable {
        Instant now = clock.instant();
        if (token != null && now.isBefore(tokenRefreshAt)) {
            return;
        }
        String basic = basicCredentials();
        ApiRequest<Void> request = ApiRequestBuilder.create("POST", "/oauth/token")
                .withCustomHeader("Authorization", "Basic " + basic)
                .withCustomHeader("Content-Type", "application/x-www-form-urlencoded")
                .withFormParameter("grant_type", "client_credentials")
                .build();
        AuthResponse response;
        try {
            response = login.invoke(request, new TypeReference<AuthResponse>() { }).getBody();
        } catch (ApiException e) {
            throw new Unavailable(safe("OAuth login at " + target.loginBase() + ": " + loginFailure(e)));
        } catch (IOException e) {
            throw new Unavailable(safe("OAuth login: " + ioFailure(e, target.loginBase())));
        }
        if (response == null || response.getAccess_token() == null || response.getAccess_token().isEmpty()) {
            throw new Unavailable("OAuth login at " + target.loginBase() + ": the token endpoint answered without an access_token");
        }
        token = response.getAccess_token();
        api.setAccessToken(token);
        Duration lifetime = Duration.ofSeconds(Math.max(0, response.getExpires_in()));
        tokenRefreshAt = now.plus(lifetime.compareTo(REFRESH_MARGIN.multipliedBy(2)) > 0
                ? lifetime.minus(REFRESH_MARGIN) : lifetime.dividedBy(2));
    }

    /** The HTTP Basic value of the client credentials: as secret as the secret itself. */
    private String basicCredentials() {
        return Base64.getEncoder().encodeToString((settings.clientId() + ":" + settings.clientSecret())
                .getBytes(StandardCharsets.UTF_8));
    }

    private String loginFailure(ApiException e) {
        int status = e.getStatusCode();
        // A 403 from the token endpoint refuses the client itself (no permission is asked for at login).
        if (status == 400 || status == 401 || status == 403) {
            return "the OAuth client was refused (" + status + detail(e) + "): check " + "GENESYSCLOUD_OAUTHCLIENT_ID and "
                    + "GENESYSCLOUD_OAUTHCLIENT_SECRET, the region, and that the client's grant type is Client Credentials";
        }
        return apiFailure(e, null);
    }

    private String apiFailure(ApiException e, String permission) {
        int status = e.getStatusCode();
        if (status < 0) {
            return e.getCause() instanceof IOException io ? ioFailure(io, target.apiBase()) : "failed (" + e.getCause() + ")";
        }
        if (status == 401) {
            return "the access token was refused (401" + detail(e) + ")";
        }
        if (status == 403) {
            return "permission missing: " + permission + " (403" + detail(e) + "); give the OAuth client a role with "
                    + permission;
        }
        if (status == 429) {
            String original = e.getHeader(JdkHttpConnector.ORIGINAL_RETRY_AFTER);
            return "rate limited by Genesys Cloud (429" + (original == null ? "" : ", Retry-After " + original.strip())
                    + ") after " + settings.maxRetries() + " retries waiting at most "
                    + settings.maxRetryAfter().toSeconds() + " s each";
        }
        if (status >= 500) {
            boolean retried = status == 502 || status == 503 || status == 504;
            return "Genesys Cloud answered " + status + detail(e) + (retried ? " after " + settings.maxRetries() + " retries" : "");
        }
        return "Genesys Cloud answered " + status + detail(e);
    }

    /** ", message" from Genesys' error body (the SDK's {@link ErrorBody}), or nothing. */
    private String detail(ApiException e) {
        if (!e.hasRawBody()) {
            return "";
        }
        try {
            ErrorBody body = api.getObjectMapper().readValue(e.getRawBody(), ErrorBody.class);
            String message = body.getMessage() != null ? body.getMessage() : body.getCode();
            return message == null ? "" : ": " + message;
        } catch (IOException | RuntimeException notAnErrorBody) {
            return "";
        }
    }

    private String ioFailure(IOException e, String base) {
        String host = URI.create(base).getAuthority();
        if (e instanceof HttpConnectTimeoutException) {
            return "could not connect to " + host + " within " + settings.connectTimeout().toMillis() + " ms";
        }
        if (e instanceof HttpTimeoutException) {
            return "no answer from " + host + " within " + settings.readTimeout().toMillis() + " ms (read timeout)";
        }
        if (e instanceof ConnectException) {
            return host + " is unreachable (" + (e.getMessage() == null ? "connection refused" : e.getMessage()) + ")";
        }
        return host + ": " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage());
    }

    /** One line, no control characters, bounded, and never the secret or the token, whatever the server echoed. */
    private String safe(String reason) {
        String text = reason.replaceAll("[\\p{Cntrl}\\p{Cf}]+", " ");
        text = text.replace(basicCredentials(), "***").replace(settings.clientSecret(), "***");
        String current = token;
        if (current != null && !current.isEmpty()) {
            text = text.replace(current, "***");
        }
        return text.length() > 400 ? text.substring(0, 399) + "…" : text;
    }

    private static String join(String first, String last) {
        String name = ((first == null ? "" : first) + " " + (last == null ? "" : last)).strip();
        return name.isEmpty() ? null : name;
    }

    @Override
    public void close() {
        try {
            api.close();
            login.close();
        } catch (Exception ignored) {
            // nothing to release that matters: the connector's close does nothing
        }
    }

    @Override
    public String toString() {
        return "GenesysOrg[" + target.apiBase() + ", client " + settings.clientId() + "]";
    }
}
