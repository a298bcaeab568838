package io.claimmap.cli;

import io.claimmap.engine.doctor.DoctorReport;
import io.claimmap.engine.doctor.OidcDoctor;
import io.claimmap.engine.doctor.SamlDoctor;
import io.claimmap.engine.genesys.GenesysOrg;
import io.claimmap.engine.keys.KeyConfigException;
import io.claimmap.engine.keys.KeyMaterial;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code claimmap doctor}: checks a whole configuration before it is used. */
@Command(name = "doctor", mixinStandardHelpOptions = true, sortOptions = false, usageHelpWidth = 100,
        description = {"Check an identity provider's configuration before Genesys Cloud uses it. OIDC, for the "
                + "\"OpenID Connect Messenger Configuration\": discovery over https, a matching issuer, usable signing "
                + "keys, the code flow, the openid email profile scopes, the signing algorithms and PKCE S256. SAML "
                + "rotation readiness: every signing certificate the IdP publishes is held by Genesys Cloud, none expires "
                + "soon, and how many of the five certificate slots are used.", "",
                "With --genesys, Genesys Cloud itself says which certificates it holds for the provider whose issuer URI "
                + "is the metadata's entityID, and the doctor gives the order to rotate in.", ""},
        footer = {"", "Example:",
                "  claimmap doctor --discovery https://acme.okta.com/oauth2/default --client-id 0oa-genesys-messenger \\",
                "      --redirect-uri https://www.acme.example/support",
                "  claimmap doctor --saml-metadata examples/saml-okta/metadata-after-rotation.xml \\",
                "      --configured-cert examples/saml-okta/okta-saml-2025.cert.pem --now 2026-11-21T12:00:00Z",
                "  GENESYSCLOUD_OAUTHCLIENT_ID=... GENESYSCLOUD_OAUTHCLIENT_SECRET=... \\",
                "      claimmap doctor --saml-metadata metadata.xml --genesys mypurecloud.ie"},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:verdict pass or warn", "1:verdict fail (or warn, with --fail-on warning)",
                "2:usage error, unreadable file, bad option value"})
public final class DoctorCommand implements Callable<Integer> {
    @Option(names = "--discovery", paramLabel = "URL", description = "The OpenID provider's issuer URL (or its discovery document URL).")
    String discovery;

    @Option(names = "--client-id", paramLabel = "ID", description = "The client id configured in Genesys Cloud.")
    String clientId;

    @Option(names = "--redirect-uri", paramLabel = "URL", description = "The redirect URI configured at the IdP.")
    String redirectUri;

    @Option(names = "--saml-metadata", paramLabel = "FILE|URL", description = "The SAML IdP's metadata: its signing certificates.")
    String samlMetadata;

    @Option(names = "--configured-cert", paramLabel = "PEM", description = "A certificate configured in Genesys Cloud for "
            + "the SAML provider (repeatable: Genesys Cloud holds up to five).")
    List<String> configuredCerts = new ArrayList<>();

    @Mixin
    GenesysOption genesys = new GenesysOption();

    @Mixin
    WarnDaysOption warnDays = new WarnDaysOption();

    @Mixin
    NowOption time = new NowOption();

    @Mixin
    FormatOption format = new FormatOption();

    @Mixin
    FailOnOption failOn = new FailOnOption();

    @Mixin
    ColorOption color = new ColorOption();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Instant now = time.now();
        List<DoctorReport> reports = new ArrayList<>();
        if (discovery != null) {
            reports.add(OidcDoctor.check(discovery, clientId, redirectUri));
        }
        if (samlMetadata != null) {
            if (genesys.given() && !configuredCerts.isEmpty()) {
                throw new UsageException("--configured-cert and --genesys both say what Genesys Cloud holds: give one");
            }
            try {
                KeyMaterial.Loaded metadata = KeyMaterial.load(samlMetadata);
                if (genesys.given()) {
                    try (GenesysOrg org = genesys.open()) {
                        reports.add(SamlDoctor.check(metadata, org, now, warnDays.days()));
                    }
                } else {
                    reports.add(SamlDoctor.check(metadata, SamlDoctor.loadConfigured(configuredCerts), now, warnDays.days()));
                }
            } catch (KeyConfigException e) {
                throw new UsageException(e.getMessage());
            }
        } else if (!configuredCerts.isEmpty()) {
            throw new UsageException("--configured-cert needs --saml-metadata, the IdP's metadata to compare with");
        } else if (genesys.given()) {
            throw new UsageException("doctor --genesys checks a SAML provider's certificates: give --saml-metadata too");
        }
        if (reports.isEmpty()) {
            throw new UsageException("nothing to check: give --discovery URL and/or --saml-metadata SOURCE");
        }
        DoctorReport report = DoctorReport.combine(reports);
        format.print(spec, () -> ReportJson.doctor(report), () -> new KeysText(color.ansi()).doctor(report));
        return failOn.exitCode(report.verdict());
    }
}
