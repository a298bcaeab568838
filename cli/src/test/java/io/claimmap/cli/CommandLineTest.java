package io.claimmap.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The command line Main builds for a subcommand holds only that subcommand, and behaves as the whole tree does. */
class CommandLineTest {
    @Test
    void aSubcommandsArgumentsBuildOnlyThatSubcommand() {
        CommandLine full = ClaimmapCommand.commandLine();
        List<String> checked = new ArrayList<>();
        full.getSubcommands().forEach((name, sub) -> {
            if (sub.getCommandSpec().userObject() instanceof CommandLine.HelpCommand) {
                return;
            }
            CommandLine lean = ClaimmapCommand.commandLine(name, "--help");
            Set<String> names = lean.getSubcommands().keySet();
            assertEquals(sub.getCommandSpec().names(), names, name);
            assertEquals(sub.getUsageMessage(), lean.getSubcommands().get(name).getUsageMessage(), name);
            checked.add(name);
        });
        assertEquals(true, checked.contains("validate") && checked.size() >= 4, checked.toString());
    }

    @Test
    void rootOptionsAndHelpGetTheWholeTree() {
        int all = ClaimmapCommand.commandLine().getSubcommands().size();
        for (String[] args : List.of(new String[0], new String[]{"--help"}, new String[]{"help", "validate"},
                new String[]{"-V"}, new String[]{"no-such-command"})) {
            assertEquals(all, ClaimmapCommand.commandLine(args).getSubcommands().size(), String.join(" ", args));
        }
    }

    @Test
    void leanAndFullTreesAnswerAlike() {
        for (String[] args : List.of(new String[]{"validate"}, new String[]{"validate", "--nope", "x"},
                new String[]{"validate", "-h"}, new String[]{"validate", "-V"},
                new String[]{"validate", "missing.jwt", "--jwks", "missing.json"},
                new String[]{"validate", "missing.jwt", "--purpose", "nope"},
                new String[]{"keys", "inspect", "--help"}, new String[]{"keys", "help", "diff"},
                new String[]{"keys"}, new String[]{"doctor", "--help"}, new String[]{"serve", "--port", "x"})) {
            assertEquals(run(ClaimmapCommand.commandLine(), args), run(ClaimmapCommand.commandLine(args), args),
                    String.join(" ", args));
        }
    }

    @Test
    void everyCommandPrintsTheVersion() {
        String version = run(ClaimmapCommand.commandLine("--version"), new String[]{"--version"});
        assertEquals(true, version.startsWith("0\nclaimmap "), version);
        ClaimmapCommand.commandLine().getSubcommands().forEach((name, sub) -> {
            if (!(sub.getCommandSpec().userObject() instanceof CommandLine.HelpCommand)) {
                assertEquals(version, run(ClaimmapCommand.commandLine(name, "-V"), new String[]{name, "-V"}), name);
                sub.getSubcommands().forEach((nested, command) -> { // keys inspect, keys diff
                    if (!(command.getCommandSpec().userObject() instanceof CommandLine.HelpCommand)) {
                        String[] args = {name, nested, "-V"};
                        assertEquals(version, run(ClaimmapCommand.commandLine(args), args), name + " " + nested);
                    }
                });
            }
        });
    }

    @Test
    void aTokenGivenWhereAnotherArgumentIsExpectedIsNeverEchoed() throws Exception {
        String token = java.nio.file.Files.readString(java.nio.file.Path.of("../examples/agent-qm/token.jwt")).strip();
        String payload = token.split("\\.")[1];
        for (String[] args : List.of(new String[]{token}, new String[]{"claims", "missing.jwt", token},
                new String[]{"validate", "missing.jwt", "--purpose", token}, new String[]{"validate", "missing.jwt", "--now", token},
                new String[]{"validate", "missing.jwt", "--clock-skew=" + token}, new String[]{"serve", "--port", token},
                new String[]{"test", token}, new String[]{"check", token}, new String[]{"keys", "inspect", token},
                new String[]{"validate", "missing.jwt", "--nope=" + token})) {
            String said = run(ClaimmapCommand.commandLine(args), args);
            assertEquals(false, said.contains(payload), said);
            assertEquals(true, said.startsWith("2\nclaimmap: "), said);
        }
    }

    private static String run(CommandLine cli, String[] args) {
        StringWriter out = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(out, true));
        int status = cli.execute(args);
        return status + "\n" + out;
    }
}
