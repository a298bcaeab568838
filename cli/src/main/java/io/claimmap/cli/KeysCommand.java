package io.claimmap.cli;

import io.claimmap.engine.keys.CertificateExpiry;
import io.claimmap.engine.keys.KeyConfigException;
import io.claimmap.engine.keys.KeyInspection;
import io.claimmap.engine.keys.KeyMaterial;
import io.claimmap.engine.keys.KeySetDiff;
import io.claimmap.engine.result.Verdict;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code claimmap keys}: what a key source holds, and what changed between two. */
@Command(name = "keys", mixinStandardHelpOptions = true, usageHelpWidth = 100,
        description = {"Inspect key sources and compare them: the usual cause of an integration that worked yesterday "
                + "and fails today is a key or certificate change at the IdP.", ""},
        subcommands = {KeysCommand.Inspect.class, KeysCommand.Diff.class, CommandLine.HelpCommand.class})
public final class KeysCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static List<KeyMaterial.Loaded> load(List<String> sources) {
        List<KeyMaterial.Loaded> loaded = new ArrayList<>();
        for (String source : sources) {
            try {
                loaded.add(KeyMaterial.load(source));
            } catch (KeyConfigException e) {
                throw new UsageException(e.getMessage());
            }
        }
        return loaded;
    }

    static KeyInspection inspect(List<String> sources, Instant now, int warnDays) {
        return KeyInspection.of(load(sources), now, warnDays);
    }

    @Command(name = "inspect", mixinStandardHelpOptions = true, sortOptions = false, usageHelpWidth = 100,
            description = {"Describe every key of each SOURCE: kid, type, algorithm, use, size or curve, the RFC 7638 "
                    + "SHA-256 thumbprint, and for certificates the subject, validity, days left and SHA-256 fingerprint.", ""},
            footer = {"", "Examples:",
                    "  claimmap keys inspect examples/okta-rotation/jwks-after-rotation.json --now 2026-11-21T12:00:00Z",
                    "  claimmap keys inspect https://acme.okta.com/oauth2/default/.well-known/openid-configuration --format json"},
            exitCodeListHeading = "%nExit status:%n",
            exitCodeList = {"0:no errors (warnings allowed)", "1:an error finding (an expired certificate, an unreachable "
                    + "source), or a warning with --fail-on warning (a certificate that expires soon)",
                    "2:usage error, unreadable or unrecognised file"})
    static final class Inspect implements Callable<Integer> {
        @Parameters(arity = "1..*", paramLabel = "SOURCE",
                description = "A JWK Set (file or URL), an OIDC discovery URL, a PEM public key or certificate, or "
                        + "SAML IdP metadata (file or URL).")
        List<String> sources;

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
            KeyInspection inspection = inspect(sources, time.now(), warnDays.days());
            format.print(spec, () -> ReportJson.inspection(inspection), () -> new KeysText(color.ansi()).inspection(inspection));
            return failOn.exitCode(Verdict.of(inspection.findings()));
        }
    }

    @Command(name = "diff", mixinStandardHelpOptions = true, sortOptions = false, usageHelpWidth = 100,
            description = {"Compare two key sources by key thumbprint: which keys were added, removed and kept, and what "
                    + "that means for tokens signed now.", ""},
            footer = {"", "Example:",
                    "  claimmap keys diff examples/okta-rotation/jwks-before-rotation.json \\",
                    "      examples/okta-rotation/jwks-after-rotation.json"},
            exitCodeListHeading = "%nExit status:%n",
            exitCodeList = {"0:the same keys: tokens verify against OLD and NEW alike",
                    "1:keys were added or removed: tokens signed with some key will fail against OLD or NEW",
                    "2:usage error, unreadable or unrecognised file"})
    static final class Diff implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "OLD", description = "The key source trusted now.")
        String before;

        @Parameters(index = "1", paramLabel = "NEW", description = "The key source to compare it with.")
        String after;

        @Mixin
        NowOption time = new NowOption();

        @Mixin
        FormatOption format = new FormatOption();

        @Mixin
        ColorOption color = new ColorOption();

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            Instant now = time.now();
            KeyInspection old = inspect(List.of(before), now, CertificateExpiry.DEFAULT_WARN_DAYS);
            KeyInspection next = inspect(List.of(after), now, CertificateExpiry.DEFAULT_WARN_DAYS);
            for (KeyInspection side : List.of(old, next)) {
                side.findings().stream().filter(f -> f.code().equals("KEYS_UNAVAILABLE")).findFirst()
                        .ifPresent(f -> { throw new UsageException(f.message()); });
            }
            KeySetDiff diff = KeySetDiff.of(old.keys(), next.keys());
            format.print(spec, () -> ReportJson.diff(diff), () -> new KeysText(color.ansi()).diff(diff));
            return diff.tokensWillFail() ? ExitCodes.FAIL : ExitCodes.OK;
        }
    }
}
