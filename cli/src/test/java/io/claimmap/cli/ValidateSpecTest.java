package io.claimmap.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@link ValidateSpec}, validate's model built without annotations for the cold start, is the model picocli derives
 * from {@link ValidateCommand}'s annotations: every option and parameter with the same attributes in the same order,
 * the same usage text, and the same fields (or the same error) for each command line below. When this fails after an
 * option of validate changed, make the same change in ValidateSpec.
 */
class ValidateSpecTest {
    private static final List<String[]> COMMAND_LINES = List.of(
            new String[]{"t.jwt"},
            new String[]{"-", "--jwks", "a.json", "--jwks", "https://idp.example/keys", "--discovery", "https://idp.example",
                    "--key", "k.pem", "--saml-metadata", "m.xml", "--issuer", "i1", "--issuer", "i2", "--audience", "a"},
            new String[]{"t.jwt", "--now", "2026-11-21T12:00:00Z", "--rules", "r.drl", "--rules", "rules/",
                    "--no-builtin-rules", "--rule-max-firings", "50", "--rule-timeout", "500ms"},
            new String[]{"t.jwt", "--now", "1763726400", "--contacts", "c.csv", "--genesys", "--unverified",
                    "--clock-skew", "0"},
            new String[]{"t.jwt", "--genesys=mypurecloud.ie", "--clock-skew=86400", "--purpose", "agent",
                    "--format", "json", "--explain", "--fail-on", "warning", "--color", "never"},
            new String[]{"t.jwt", "--genesys", "euw2.pure.cloud", "--purpose=messaging", "--color=always"},
            new String[]{"t.jwt", "--clock-skew", "86401"},
            new String[]{"t.jwt", "--clock-skew", "-1"},
            new String[]{"t.jwt", "--clock-skew", "soon"},
            new String[]{"t.jwt", "--purpose", "robot"},
            new String[]{"t.jwt", "--format", "xml"},
            new String[]{"t.jwt", "--fail-on", "never"},
            new String[]{"t.jwt", "--color", "sometimes"},
            new String[]{"t.jwt", "--now", "yesterday"},
            new String[]{"t.jwt", "--rule-timeout", "forever"},
            new String[]{"t.jwt", "--rule-max-firings", "many"},
            new String[]{"t.jwt", "--jwks"},
            new String[]{"t.jwt", "--nope"},
            new String[]{"t.jwt", "u.jwt"},
            new String[]{},
            new String[]{"-h"},
            new String[]{"--version"});

    private static CommandLine annotated() {
        return new CommandLine(new ValidateCommand());
    }

    @Test
    void everyOptionAndParameterHasTheAnnotatedAttributesInTheSameOrder() {
        assertEquals(describe(annotated().getCommandSpec()), describe(ValidateSpec.commandLine().getCommandSpec()));
    }

    @Test
    void theUsageTextIsTheSame() {
        for (CommandLine.Help.Ansi ansi : List.of(CommandLine.Help.Ansi.OFF, CommandLine.Help.Ansi.ON)) {
            assertEquals(annotated().getUsageMessage(ansi), ValidateSpec.commandLine().getUsageMessage(ansi));
        }
    }

    @Test
    void everyCommandLineSetsTheSameFieldsOrFailsAlike() {
        for (String[] args : COMMAND_LINES) {
            assertEquals(parse(annotated(), args), parse(ValidateSpec.commandLine(), args), String.join(" ", args));
        }
    }

    private static String describe(CommandSpec spec) {
        List<String> lines = new ArrayList<>();
        List<ArgSpec> args = new ArrayList<>(spec.positionalParameters());
        args.addAll(spec.options());
        for (ArgSpec arg : args) {
            String names = arg instanceof OptionSpec option ? String.join(",", option.names()) : "positional";
            lines.add(names + " label=" + arg.paramLabel() + " arity=" + arg.arity() + " type=" + arg.type().getName()
                    + " aux=" + Arrays.toString(arg.auxiliaryTypes()) + " default=" + arg.defaultValue()
                    + " initial=" + arg.initialValue() + " description=" + Arrays.toString(arg.description())
                    + " hidden=" + arg.hidden() + " required=" + arg.required() + " interactive=" + arg.interactive()
                    + " split=" + arg.splitRegex() + " converters=" + arg.converters().length
                    + (arg instanceof OptionSpec option ? " fallback=" + option.fallbackValue() + " usageHelp="
                    + option.usageHelp() + " versionHelp=" + option.versionHelp() + " negatable=" + option.negatable()
                    + " order=" + option.order() : ""));
        }
        lines.add("usage width=" + spec.usageMessage().width() + " sort=" + spec.usageMessage().sortOptions());
        lines.add("version=" + Arrays.toString(spec.version()) + " provider="
                + (spec.versionProvider() == null ? null : spec.versionProvider().getClass().getName()));
        return String.join("\n", lines);
    }

    /** What parsing made of the command object (its fields and its mixins', recursively), or the error's message. */
    private static String parse(CommandLine cli, String[] args) {
        cli.registerConverter(io.claimmap.engine.Purpose.class, label -> io.claimmap.engine.Purpose.fromLabel(label));
        try {
            CommandLine.ParseResult result = cli.parseArgs(args);
            return "help=" + result.isUsageHelpRequested() + " version=" + result.isVersionHelpRequested() + "\n"
                    + fields(cli.getCommand());
        } catch (CommandLine.ParameterException e) {
            return "error: " + e.getMessage();
        }
    }

    private static String fields(Object object) {
        StringBuilder dump = new StringBuilder(object.getClass().getSimpleName()).append(" {");
        for (Field field : object.getClass().getDeclaredFields()) {
            if (Modifier.isStatic(field.getModifiers()) || field.getType() == CommandSpec.class) {
                continue;
            }
            field.setAccessible(true);
            Object value;
            try {
                value = field.get(object);
            } catch (IllegalAccessException e) {
                throw new AssertionError(e);
            }
            boolean ours = value != null && value.getClass().getPackageName().equals(ValidateSpecTest.class.getPackageName())
                    && !value.getClass().isEnum();
            dump.append(' ').append(field.getName()).append('=').append(ours ? fields(value) : String.valueOf(value));
        }
        return dump.append(" }").toString();
    }
}
