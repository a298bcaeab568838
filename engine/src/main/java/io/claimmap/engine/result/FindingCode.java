package io.claimmap.engine.result;

import java.util.Set;

/**
 * The stable finding codes of the contract, with their severities, each explained in docs/FINDINGS.md (a test keeps
 * the two in step). Codes are never renamed; new ones may be added.
 * Each is raised in exactly one place per kind of input (the JWT checks in {@code jwt}, the SAML checks in
 * {@code saml}), in the mapping checks, or in the built-in rule packs.
 */
public enum FindingCode {
    MALFORMED_INPUT(Severity.ERROR),
    ALG_NOT_ALLOWED(Severity.ERROR),
    KEY_NOT_FOUND(Severity.ERROR),
    SIGNATURE_INVALID(Severity.ERROR),
    SIGNATURE_NOT_CHECKED(Severity.ERROR),
    KEYS_UNAVAILABLE(Severity.ERROR),
    KEY_UNUSABLE(Severity.WARNING),
    HEADER_KEY_IGNORED(Severity.INFO),
    TOKEN_EXPIRED(Severity.ERROR),
    TOKEN_NOT_YET_VALID(Severity.ERROR),
    EXPIRY_MISSING(Severity.ERROR),
    ISSUER_MISMATCH(Severity.ERROR),
    AUDIENCE_MISMATCH(Severity.ERROR),
    SUB_MISSING(Severity.ERROR),
    SUB_IS_URL(Severity.WARNING),
    EXTERNAL_ID_UNMAPPED(Severity.ERROR),
    EXTERNAL_CONTACT_NOT_FOUND(Severity.ERROR),
    EXTERNAL_CONTACT_FOUND(Severity.INFO),
    EXTERNAL_CONTACT_CONFLICT(Severity.WARNING),
    EXTERNAL_ID_DIFFERS_FROM_SUB(Severity.INFO),
    QM_AGENT_NAME_MISSING(Severity.WARNING),
    QM_DEPARTMENT_MISSING(Severity.WARNING),
    QM_PROFILE_DEPARTMENT_MISSING(Severity.INFO),
    RULE_FAILED(Severity.ERROR),
    MAPPING_CONFLICT(Severity.WARNING),
    CERT_NOT_TRUSTED(Severity.ERROR),
    SAML_SIGNATURE_MISSING(Severity.ERROR),
    CERT_EXPIRED(Severity.ERROR),
    CERT_EXPIRING_SOON(Severity.WARNING),
    KEY_TOO_WEAK(Severity.ERROR),
    SAML_STATUS_NOT_SUCCESS(Severity.ERROR),
    SUBJECT_CONFIRMATION_INVALID(Severity.ERROR),
    AZP_MISMATCH(Severity.WARNING),
    DISCOVERY_UNAVAILABLE(Severity.ERROR),
    SIGNING_KEYS_MISSING(Severity.ERROR),
    CODE_FLOW_NOT_OFFERED(Severity.ERROR),
    SCOPES_NOT_OFFERED(Severity.WARNING),
    PKCE_S256_NOT_OFFERED(Severity.WARNING),
    REDIRECT_URI_INVALID(Severity.ERROR),
    CERT_NOT_CONFIGURED(Severity.ERROR),
    CERT_SLOTS_FULL(Severity.WARNING),
    CERT_SLOTS_EXCEEDED(Severity.ERROR),
    GENESYS_UNAVAILABLE(Severity.WARNING),
    GENESYS_USER_NOT_FOUND(Severity.ERROR),
    GENESYS_PROVIDER_NOT_FOUND(Severity.ERROR);

    /** Codes that mean the input's signature was not verified against a configured key. */
    public static final Set<String> UNVERIFIED = Set.of(MALFORMED_INPUT.name(), ALG_NOT_ALLOWED.name(),
            KEY_NOT_FOUND.name(), SIGNATURE_INVALID.name(), SIGNATURE_NOT_CHECKED.name(), KEYS_UNAVAILABLE.name(),
            CERT_NOT_TRUSTED.name(), SAML_SIGNATURE_MISSING.name(), KEY_TOO_WEAK.name());

    private final Severity severity;

    FindingCode(Severity severity) {
        this.severity = severity;
    }

    public Severity severity() {
        return severity;
    }

    /** The contract's severity of a code, if it is one of these. */
    public static java.util.Optional<Severity> severityOf(String code) {
        for (FindingCode known : values()) {
            if (known.name().equals(code)) {
                return java.util.Optional.of(known.severity);
            }
        }
        return java.util.Optional.empty();
    }

    public Finding finding(String message, String remedy, String rule) {
        return new Finding(name(), severity, message, remedy, rule);
    }
}
