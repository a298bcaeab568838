package io.claimmap.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code claimmap serve}: the REST pre-exchange validation hook. This class holds the options only; {@link ServeRunner}
 * starts the server. The server's jars (Javalin, Jetty, logback, Prometheus) are not on the class path of the other
 * commands (the launcher adds {@code lib/server/} for serve alone, see {@link Main}), so no field, method or
 * converter here names a server type: picocli reflects over this class whenever it builds the whole command tree.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false, usageHelpWidth = 100,
        description = {"Run the pre-exchange validation hook: POST /v1/validate with {\"token\": \"...\"} or "
                + "{\"saml\": \"...\"} answers with the same JSON document as 'validate --format json'. Also "
                + "/healthz, /readyz, /metrics, /v1/rules and /openapi.json. Edits of --rules files are compiled and "
                + "swapped in while serving.", ""},
        footer = {"", "Examples:",
                "  claimmap serve --jwks examples/salesforce/jwks.json --contacts examples/salesforce/contacts.json",
                "  CLAIMMAP_API_KEY=$(cat key.txt) claimmap serve --discovery https://acme.okta.com/oauth2/default \\",
                "      --host 0.0.0.0 --port 8080 --rules rules/",
                "", "Logs one line per event on stderr (--log-format json for JSON lines); the access log is on stdout.",
                "Stops gracefully on SIGTERM or Ctrl-C: requests in flight finish first (up to --drain-timeout), then exit 0."},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:stopped", "2:usage error, unreadable file, rules that do not compile, port in use"})
public final class ServeCommand implements Callable<Integer> {
    @Mixin
    ValidationOptions validation = new ValidationOptions();

    @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = "127.0.0.1", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8080", description = "Port to listen on, 0 for any free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--api-key", paramLabel = "KEY", description = "Require this key on /v1/* (Authorization: Bearer KEY or "
            + "X-API-Key). Prefer the CLAIMMAP_API_KEY environment variable, which other users cannot see in ps.")
    String apiKey;

    @Option(names = "--max-body-bytes", paramLabel = "BYTES", defaultValue = "1048576", description = "Largest request body (default: ${DEFAULT-VALUE}).")
    long maxBodyBytes;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "32", description = "Request threads at most (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--validation-threads", paramLabel = "N", description = "Threads that validate, taking requests "
            + "in arrival order, which keeps the latency's tail short under load; 0 validates on the request threads "
            + "(default: the number of cores; 0 with --genesys, whose look-ups wait on the network).")
    Integer validationThreads; // null: the server's default (this class names no server type)

    @Option(names = "--body-timeout", paramLabel = "DURATION", defaultValue = "5s", converter = DurationConverter.class,
            description = "How long a request body may take to arrive in full, then 408; it is read without holding a "
                    + "request thread (default: ${DEFAULT-VALUE}).")
    Duration bodyTimeout;

    @Option(names = "--drain-timeout", paramLabel = "DURATION", defaultValue = "10s", converter = DurationConverter.class,
            description = "On SIGTERM or Ctrl-C, how long requests in flight may take to finish; 0 stops at once "
                    + "(default: ${DEFAULT-VALUE}).")
    Duration drainTimeout;

    @Option(names = "--log-format", paramLabel = "FORMAT", defaultValue = "text",
            description = "The log on stderr, one line per event: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    LogFormat logFormat;

    @Option(names = "--ui", description = "Also serve the playground page at / (loopback only): paste a token or SAML "
            + "message, see the verdict, findings, mapping, claims and rule trace, and try a scratch rule.")
    boolean ui;

    @Option(names = "--ui-allow-remote", description = "Serve the playground to other hosts too (with --ui and a "
            + "non-loopback --host); needs an API key, which every call the page makes must present.")
    boolean uiAllowRemote;

    @Option(names = "--no-access-log", description = "Do not write the JSON access log to stdout.")
    boolean noAccessLog;

    /** {@code --log-format}. */
    enum LogFormat { text, json }

    @Option(names = "--decision-log", paramLabel = "FILE|-", description = "Append one JSON line per evaluated request "
            + "(verdict, codes, externalId, rule revision, claims as --decision-log-claims says; never the token or "
            + "SAML message) to FILE, or to stdout with -. Written off the request path; records that do not fit the "
            + "queue are dropped and counted in /metrics.")
    String decisionLog;

    @Option(names = "--decision-log-claims", paramLabel = "none|names|values", defaultValue = "names",
            converter = DecisionLogClaimsConverter.class, description = "How much of the claims the decision log holds: "
            + "none, their names (default), or names and values (personal data; makes the log a corpus for audit and diff).")
    DecisionLogClaims decisionLogClaims;

    /** {@code --decision-log-claims}; the server's {@code DecisionLog.Claims} by the same names. */
    enum DecisionLogClaims { none, names, values }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    static final class DecisionLogClaimsConverter implements CommandLine.ITypeConverter<DecisionLogClaims> {
        @Override
        public DecisionLogClaims convert(String value) {
            try {
                return DecisionLogClaims.valueOf(value.trim().toLowerCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException("expected none, names or values, not '" + value + "'");
            }
        }
    }

    @Override
    public Integer call() throws Exception {
        return ServeRunner.run(this, spec.commandLine().getErr());
    }
}
