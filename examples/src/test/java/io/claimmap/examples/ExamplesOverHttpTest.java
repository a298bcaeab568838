package io.claimmap.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.claimmap.cli.ClaimmapCommand;
import io.claimmap.cli.ServeCommand;
import io.claimmap.cli.ServeRunner;
import io.claimmap.cli.testing.CliRun;
import io.claimmap.server.ClaimmapServer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every example scenario gives the same JSON document over HTTP (claimmap serve) as from the CLI: tokens posted as
 * {@code {"token": ...}}, SAML messages as {@code {"saml": ...}}.
 */
class ExamplesOverHttpTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.claimmap.examples.ExamplesTest#scenarios")
    void sameDocumentAsTheCli(ExamplesTest.Scenario scenario) throws Exception {
        List<String> validateArgs = new ArrayList<>(List.of("validate"));
        validateArgs.addAll(scenario.args());
        validateArgs.addAll(List.of("--now", ExamplesTest.NOW, "--format", "json"));
        JsonNode fromCli = JSON.readTree(CliRun.of(validateArgs.toArray(String[]::new)).out());

        // validate's request-level options (--purpose, --explain) travel in the request body; the rest configure serve.
        ObjectNode body = JSON.createObjectNode();
        body.put(scenario.saml() ? "saml" : "token", Files.readString(Path.of(scenario.input())));
        List<String> serveArgs = new ArrayList<>(List.of("serve", "--port", "0", "--no-access-log", "--drain-timeout", "0", "--now", ExamplesTest.NOW));
        List<String> options = scenario.args().subList(1, scenario.args().size());
        for (int i = 0; i < options.size(); i++) {
            switch (options.get(i)) {
                case "--purpose" -> body.put("purpose", options.get(++i));
                case "--explain" -> body.put("explain", true);
                default -> serveArgs.add(options.get(i));
            }
        }
        ServeCommand serve = ClaimmapCommand.commandLine().parseArgs(serveArgs.toArray(String[]::new))
                .subcommand().commandSpec().commandLine().getCommand();
        ClaimmapServer server = ServeRunner.start(serve, new PrintWriter(new StringWriter()));
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + server.port() + "/v1/validate"))
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), response.body());
            assertEquals(fromCli, JSON.readTree(response.body()));
        } finally {
            server.stop();
        }
    }
}
