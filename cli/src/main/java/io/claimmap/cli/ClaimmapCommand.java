package io.claimmap.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

/** The top-level {@code claimmap} command: a home for the subcommands. */
@Command(name = "claimmap",
        mixinStandardHelpOptions = true,
        usageHelpWidth = 100,
        versionProvider = ClaimmapCommand.Version.class,
        description = {"Policy-as-code for identity claim mapping: validates OIDC ID tokens and SAML assertions before "
                + "Genesys Cloud sees them and maps their claims with Drools rules to the External Contact and QM "
                + "fields.", ""},
        subcommands = {ValidateCommand.class, CheckCommand.class, ServeCommand.class, KeysCommand.class, DoctorCommand.class,
                CommandLine.HelpCommand.class},
        footer = {"", "Examples:",
                "  claimmap validate examples/salesforce/token.jwt --jwks examples/salesforce/jwks.json \\",
                "      --now 2026-11-21T12:00:00Z",
                "  claimmap serve --discovery https://acme.okta.com/oauth2/default --port 8080",
                "  claimmap help validate"},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:verdict pass or warn", "1:verdict fail",
                "2:usage error, unreadable file, rules that do not compile, bad option value"})
public final class ClaimmapCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The command line with claimmap's error handling: one line and a hint on stderr, never a stack trace. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new ClaimmapCommand());
        cli.setExecutionExceptionHandler((e, line, parseResult) -> {
            PrintWriter err = line.getErr();
            if (e instanceof UsageException) {
                err.println("claimmap: " + e.getMessage());
            } else {
                err.println("claimmap: unexpected error: " + e);
                if (System.getenv("CLAIMMAP_DEBUG") != null) {
                    e.printStackTrace(err);
                } else {
                    err.println("Set CLAIMMAP_DEBUG=1 to see the stack trace, and please report it.");
                }
            }
            err.flush();
            return ExitCodes.USAGE;
        });
        cli.setParameterExceptionHandler((e, args) -> {
            PrintWriter err = e.getCommandLine().getErr();
            err.println("claimmap: " + e.getMessage());
            err.println("Try 'claimmap " + (e.getCommandLine() == cli ? "" : e.getCommandLine().getCommandName() + " ")
                    + "--help' for the options.");
            err.flush();
            return ExitCodes.USAGE;
        });
        return cli;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = ClaimmapCommand.class.getPackage().getImplementationVersion();
            return new String[]{"claimmap " + (version == null ? "development build" : version),
                    "Java " + System.getProperty("java.version")};
        }
    }
}
