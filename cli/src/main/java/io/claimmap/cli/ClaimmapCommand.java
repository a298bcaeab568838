package io.claimmap.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.util.Arrays;

/** The top-level {@code claimmap} command: a home for the subcommands. */
@Command(name = "claimmap",
        mixinStandardHelpOptions = true,
        usageHelpWidth = 100,
        description = {"Policy-as-code for identity claim mapping: validates OIDC ID tokens and SAML assertions before "
                + "Genesys Cloud sees them and maps their claims with Drools rules to the External Contact and QM "
                + "fields.", ""},
        subcommands = {ValidateCommand.class, ClaimsCommand.class, EvalCommand.class, TestCommand.class, CheckCommand.class,
                AuditCommand.class, DiffCommand.class, ServeCommand.class, KeysCommand.class, DoctorCommand.class,
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

    /** The whole command tree with claimmap's error handling: one line and a hint on stderr, never a stack trace. */
    public static CommandLine commandLine() {
        return configured(new CommandLine(new ClaimmapCommand()));
    }

    /**
     * The command line for these arguments. picocli reflects over every command it is given, which is a good part of
     * a cold start (about 20 ms for the subcommands a validation does not use, and more with each one added), so when
     * the arguments start with a subcommand's name or alias, only that subcommand is built, under a root that has the
     * same name and standard options; otherwise (no arguments, root options, {@code help}) the whole tree.
     */
    public static CommandLine commandLine(String... args) {
        if (args.length > 0 && args[0].equals("validate")) {
            // The cold start's command: a model built without annotations (ValidateSpec), under a bare root, which
            // reads none either (its own options are never parsed: the first argument is the subcommand).
            CommandSpec spec = CommandSpec.wrapWithoutInspection(new ClaimmapCommand());
            spec.name("claimmap").usageMessage().width(100);
            CommandLine cli = new CommandLine(spec);
            cli.addSubcommand("validate", ValidateSpec.commandLine());
            return configured(cli);
        }
        Command root = ClaimmapCommand.class.getAnnotation(Command.class);
        if (args.length > 0) {
            for (Class<?> sub : root.subcommands()) {
                Command command = sub.getAnnotation(Command.class);
                if (sub == CommandLine.HelpCommand.class || command == null
                        || !(command.name().equals(args[0]) || Arrays.asList(command.aliases()).contains(args[0]))) {
                    continue;
                }
                CommandSpec spec = CommandSpec.wrapWithoutInspection(new ClaimmapCommand());
                spec.name(root.name()).mixinStandardHelpOptions(root.mixinStandardHelpOptions());
                spec.usageMessage().width(root.usageHelpWidth());
                CommandLine cli = new CommandLine(spec);
                cli.addSubcommand(command.name(), new CommandLine(sub), command.aliases());
                return configured(cli);
            }
        }
        return commandLine();
    }

    /**
     * What every claimmap command line gets, the whole tree or one subcommand: the version, converters, error
     * handling, and UTF-8 on stdout and stderr whatever the locale (JSON is UTF-8 by definition, and a name must not
     * become "?").
     */
    private static CommandLine configured(CommandLine cli) {
        withVersion(cli);
        cli.setOut(utf8(System.out));
        cli.setErr(utf8(System.err));
        cli.registerConverter(io.claimmap.engine.Purpose.class, new CommandLine.ITypeConverter<io.claimmap.engine.Purpose>() {
            @Override
            public io.claimmap.engine.Purpose convert(String label) {
                try {
                    return io.claimmap.engine.Purpose.fromLabel(label);
                } catch (IllegalArgumentException e) {
                    throw new CommandLine.TypeConversionException("expected messaging or agent, not '" + label + "'");
                }
            }
        });
        // Anonymous classes, not lambdas: picocli's interfaces are Java 5 class files, which JDK 17's class-data
        // archive keeps only while no lambda implements them (docs/PERFORMANCE.md).
        cli.setExecutionExceptionHandler(new CommandLine.IExecutionExceptionHandler() {
            @Override
            public int handleExecutionException(Exception e, CommandLine line, CommandLine.ParseResult parseResult) {
                PrintWriter err = line.getErr();
                if (e instanceof UsageException) {
                    // Messages may quote what a key source or rule file said: each line escaped, the line breaks kept.
                    String message = InputFiles.withoutPastedContent(e.getMessage(),
                            parseResult == null ? null : parseResult.originalArgs().toArray(new String[0]));
                    err.println("claimmap: " + String.join("\n", message.lines().map(TextReport::safe).toList()));
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
            }
        });
        cli.setParameterExceptionHandler(new CommandLine.IParameterExceptionHandler() {
            @Override
            public int handleParseException(CommandLine.ParameterException e, String[] args) {
                PrintWriter err = e.getCommandLine().getErr();
                err.println("claimmap: " + InputFiles.withoutPastedContent(e.getMessage(), args));
                StringBuilder command = new StringBuilder();
                for (CommandLine line = e.getCommandLine(); line != cli && line != null; line = line.getParent()) {
                    command.insert(0, line.getCommandName() + " "); // "keys inspect ", not "inspect "
                }
                err.println("Try 'claimmap " + command + "--help' for the options.");
                err.flush();
                return ExitCodes.USAGE;
            }
        });
        return cli;
    }

    /** Every command, at any depth, answers {@code -V} with claimmap's version: set here, not on each command. */
    private static void withVersion(CommandLine line) {
        if (line.getCommandSpec().versionProvider() == null) {
            line.getCommandSpec().versionProvider(new Version());
        }
        line.getSubcommands().values().forEach(ClaimmapCommand::withVersion);
    }

    private static PrintWriter utf8(java.io.OutputStream stream) {
        return new PrintWriter(new java.io.OutputStreamWriter(stream, java.nio.charset.StandardCharsets.UTF_8), true);
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
