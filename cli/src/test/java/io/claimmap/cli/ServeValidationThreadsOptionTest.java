package io.claimmap.cli;

import io.claimmap.cli.testing.CliRun;
import io.claimmap.server.ClaimmapServer;
import io.claimmap.server.ServerSettings;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code serve --validation-threads}: what the server is given, its default, and what it refuses. */
class ServeValidationThreadsOptionTest {
    @Test
    void theNumberReachesTheServerAndItsDefaultIsTheCores() throws Exception {
        assertTrue(maxConcurrentMetric().contains("\nclaimmap_validation_threads "
                + Runtime.getRuntime().availableProcessors() + ".0\n"));
        assertEquals(Runtime.getRuntime().availableProcessors(), ServerSettings.DEFAULT_VALIDATION_THREADS);
        assertTrue(maxConcurrentMetric("--validation-threads", "3").contains("\nclaimmap_validation_threads 3.0\n"));
        assertTrue(maxConcurrentMetric("--validation-threads", "0").contains("\nclaimmap_validation_threads 0.0\n"));
    }

    @Test
    void aNegativeNumberIsAUsageError() {
        CliRun run = CliRun.of("serve", "--port", "0", "--unverified", "--validation-threads", "-1");
        assertEquals(2, run.exitCode());
        assertEquals("claimmap: --validation-threads must be 0 (validate on the request threads) or more, not -1", run.err().strip());
    }

    private static String maxConcurrentMetric(String... options) throws Exception {
        String[] args = new String[options.length + 7];
        System.arraycopy(new String[]{"serve", "--port", "0", "--drain-timeout", "0", "--no-access-log", "--unverified"},
                0, args, 0, 7);
        System.arraycopy(options, 0, args, 7, options.length);
        CommandLine.ParseResult parsed = ClaimmapCommand.commandLine().parseArgs(args);
        ServeCommand serve = (ServeCommand) parsed.subcommand().commandSpec().userObject();
        ClaimmapServer server = ServeRunner.start(serve, new PrintWriter(new StringWriter(), true));
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                    + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
        } finally {
            server.stop();
        }
    }
}
