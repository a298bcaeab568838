package io.claimmap.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.claimmap.engine.Inspection;
import io.claimmap.engine.Purpose;
import io.claimmap.engine.ValidationRequest;
import io.claimmap.engine.facts.Claim;
import io.claimmap.engine.facts.Facts;
import io.claimmap.engine.facts.Token;
import io.claimmap.engine.result.Finding;
import io.claimmap.engine.result.ResultJson;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code claimmap claims INPUT}: the facts the rules will see for an input, verified or not; no rule runs. */
@Command(name = "claims", mixinStandardHelpOptions = true, sortOptions = false, usageHelpWidth = 100,
        description = {"Show the claims and Token properties the rules will see for an input, verified or not.", "",
                "Every claim or SAML attribute (name, value, values) and the Token properties, with the exact names "
                + "and values to write rules against. Says whether the input was verified against the keys given; "
                + "no rule runs.", ""},
        footer = {"", "Examples:",
                "  claimmap claims examples/custom-rules/token.jwt --jwks examples/custom-rules/jwks.json \\",
                "      --now 2026-11-21T12:00:00Z",
                "  claimmap claims examples/saml-okta/response.xml --format json"},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:the facts were read (verified or not)",
                "1:nothing could be read (malformed input, or a SAML message no signature covers)",
                "2:usage error, unreadable file, bad option value"})
public final class ClaimsCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "INPUT", description = "A file holding the token or SAML message, or - for "
            + "standard input.")
    String input;

    @Mixin
    ValidationOptions validation = new ValidationOptions();

    @Option(names = "--purpose", paramLabel = "messaging|agent",
            description = "The Token's purpose: messaging (default for JWT) or agent (default for SAML).")
    Purpose purpose;

    @Mixin
    FormatOption output = new FormatOption();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        byte[] content = InputFiles.read(input);
        Inspection inspection = validation.validator().inspect(new ValidationRequest(content, purpose, validation.now(), false));
        output.print(spec, () -> json(inspection), () -> text(inspection));
        return inspection.facts() == null ? ExitCodes.FAIL : ExitCodes.OK;
    }

    static String json(Inspection inspection) {
        ObjectNode root = ResultJson.facts(inspection);
        ResultJson.addFindings(root.putArray("findings"), inspection.findings());
        return ResultJson.pretty(root);
    }

    static String text(Inspection inspection) {
        StringBuilder out = new StringBuilder();
        Facts facts = inspection.facts();
        out.append(inspection.input().kind()).append(inspection.verified() ? ", verified" : ", NOT verified");
        List<String> codes = new ArrayList<>();
        inspection.findings().stream().map(Finding::code).distinct().forEach(codes::add);
        if (!codes.isEmpty()) {
            out.append(" (").append(String.join(", ", codes)).append(')');
        }
        out.append('\n');
        if (!inspection.verified()) {
            out.append(facts == null
                    ? "Nothing could be read that the rules would see; validate it to see why.\n"
                    : "These are the claims as the input states them; nothing proves the IdP issued them.\n");
        }
        if (facts == null) {
            return out.toString();
        }
        out.append('\n').append("Claims (").append(facts.claims().size()).append(")  Claim( name == \"...\", value ... )\n");
        int width = 4;
        for (Claim claim : facts.claims()) {
            width = Math.max(width, Math.min(48, TraceText.escape(claim.getName()).length()));
        }
        for (Claim claim : facts.claims()) {
            String value = claim.getValues().size() == 1 ? quote(claim.getValue())
                    : "values " + list(claim.getValues()) + "  value " + quote(claim.getValue());
            out.append(String.format("  %-" + width + "s  %s%n", TraceText.escape(claim.getName()), value));
        }
        Token token = facts.token();
        out.append('\n').append("Token  Token( issuer == \"...\", ... )\n");
        row(out, "kind", quote(token.getKind()));
        row(out, "issuer", quote(token.getIssuer()));
        row(out, "subject", quote(token.getSubject()));
        row(out, "audience", list(token.getAudience()));
        row(out, "keyId", quote(token.getKeyId()));
        row(out, "algorithm", quote(token.getAlgorithm()));
        row(out, "purpose", quote(token.getPurpose()));
        row(out, "subjectUrl", String.valueOf(token.isSubjectUrl()));
        return out.toString();
    }

    private static void row(StringBuilder out, String name, String value) {
        out.append(String.format("  %-10s  %s%n", name, value));
    }

    /** A value as a DRL string literal would hold it: quoted, with anything unprintable escaped. */
    private static String quote(String value) {
        return value == null ? "null" : '"' + TraceText.escape(value).replace("\"", "\\\"") + '"';
    }

    private static String list(List<String> values) {
        List<String> quoted = new ArrayList<>();
        values.forEach(v -> quoted.add(quote(v)));
        return "[" + String.join(", ", quoted) + "]";
    }
}
