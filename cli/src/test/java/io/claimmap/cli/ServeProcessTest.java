package io.claimmap.cli;

import java.io.IOException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.claimmap.cli.testing.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * claimmap as a real process, launched as the jar launches it ({@link Main}, which picks the SLF4J provider): serve's
 * log on stderr, SIGTERM and Ctrl-C draining a request in flight and exiting 0, and validate staying silent.
 */
@Execution(ExecutionMode.CONCURRENT) // each test waits for a JVM of its own (ports are ephemeral)
class ServeProcessTest {
    private static final Pattern LISTENING = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Process claimmap(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", // a short run: no optimising JIT, no GC threads
                "-cp", System.getProperty("java.class.path"), "-Dclaimmap.cache.dir=" + System.getProperty("claimmap.cache.dir"),
                "io.claimmap.cli.Main"));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    /** Reads stderr until the readiness line; returns the port and keeps the lines read. */
    private static int awaitReady(BufferedReader err, List<String> lines) throws Exception {
        int port = -1;
        for (String line; (line = err.readLine()) != null; ) {
            lines.add(line);
            Matcher m = LISTENING.matcher(line);
            if (port < 0 && m.find()) {
                port = Integer.parseInt(m.group(1));
            }
            if (line.contains("ready: rules revision")) {
                return port;
            }
        }
        throw new AssertionError("the server never said it was ready: " + lines);
    }

    /** Reads an interim response (a status line and headers) up to its blank line; returns its status line. */
    private static String interimResponse(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new AssertionError("the server closed the connection: " + head);
            }
            head.append((char) b);
        }
        return head.substring(0, head.indexOf("\r\n"));
    }

    private static void signal(Process process, String name) throws Exception {
        assertEquals(0, new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).start().waitFor());
    }

    @Test
    void sigtermDrainsARequestInFlightThenExits0() throws Exception {
        // --body-timeout 30s: the request below stays in flight, waiting for its body, until serve has begun to stop;
        // on a loaded machine the default 5 s to receive its body could run out first, which is not what is tested.
        Process process = claimmap("serve", "--port", "0", "--no-access-log", "--body-timeout", "30s",
                "--jwks", "../examples/okta-rotation/jwks-after-rotation.json", "--now", "2026-11-21T12:00:00Z");
        try {
            BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
            List<String> lines = new ArrayList<>();
            int port = awaitReady(err, lines);
            assertTrue(port > 0, "the server said where it listens: " + lines);
            assertTrue(String.join("\n", lines).contains("WARN  ServeCommand: --now 2026-11-21T12:00:00Z: the clock is frozen"),
                    String.join("\n", lines));

            byte[] body = ("{\"token\":\"" + Files.readString(Path.of("../examples/okta-rotation/token.jwt")).strip() + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
            try (Socket socket = new Socket("127.0.0.1", port)) {
                socket.setSoTimeout(15_000);
                OutputStream out = socket.getOutputStream();
                out.write(("POST /v1/validate HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                        + "Expect: 100-continue\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                // Jetty answers 100 Continue when the handler first reads the body: the request is in flight now,
                // waiting for its body (a sleep here was not enough on a loaded machine: a SIGTERM that came first
                // was answered 503, shutting down, as a new request must be)
                InputStream in = socket.getInputStream();
                assertEquals("HTTP/1.1 100 Continue", interimResponse(in));
                signal(process, "TERM"); // as Process.destroy() does, but that also closes our end of stderr
                for (String line = ""; !line.contains("SIGTERM received"); lines.add(line)) {
                    line = err.readLine(); // the stop has begun once serve says so
                    assertTrue(line != null, "serve ended without a word on SIGTERM: " + lines);
                }
                assertTrue(process.isAlive(), "the process waits for the request in flight: " + lines);
                out.write(body);
                out.flush();
                String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(response.startsWith("HTTP/1.1 200"), response);
                assertTrue(response.contains("\"verdict\":\"pass\""), response);
            }
            assertTrue(process.waitFor(15, TimeUnit.SECONDS), "the process exits after draining");
            assertEquals(0, process.exitValue(), "a requested stop is a success");
            err.lines().forEach(lines::add);
            String log = String.join("\n", lines);
            assertTrue(log.contains("SIGTERM received: draining requests in flight (up to 10000 ms), then stopping"), log);
            assertTrue(log.matches("(?s).*INFO  ClaimmapServer: stopped after \\d+ ms.*"), log);
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void ctrlCStopsAtOnceWithJsonLogLines(@TempDir Path emptyRules) throws Exception {
        // A process started in the background of a non-interactive shell inherits SIGINT as ignored, and the JVM
        // then installs no Ctrl-C handler: there is no Ctrl-C to test in such an environment.
        org.junit.jupiter.api.Assumptions.assumeFalse(sigintIgnored(), "SIGINT is ignored in this environment");
        Process process = claimmap("serve", "--port", "0", "--log-format", "json", "--drain-timeout", "0",
                "--jwks", "../examples/okta-rotation/jwks-after-rotation.json", "--rules", emptyRules.toString());
        try {
            BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
            List<String> lines = new ArrayList<>();
            awaitReady(err, lines);
            signal(process, "INT"); // Ctrl-C
            assertTrue(process.waitFor(15, TimeUnit.SECONDS), "the process exits");
            assertEquals(0, process.exitValue());
            err.lines().forEach(lines::add);
            for (String line : lines) {
                JsonNode event = JSON.readTree(line); // every line is one JSON document
                assertTrue(event.has("time") && event.has("level") && event.has("message"), line);
            }
            String log = String.join("\n", lines);
            assertTrue(log.contains("\"message\":\"SIGINT received"), log);
            assertTrue(log.contains("\"message\":\"no API key: anyone who can reach this port can call /v1/*\""), log);
            assertTrue(log.contains("\"message\":\"--rules " + emptyRules + " holds no .drl file yet: serving the built-in "
                    + "packs until one appears\""), log);
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void thePlaygroundAddressIsAJsonLogLineToo() throws Exception {
        Process process = claimmap("serve", "--port", "0", "--ui", "--log-format", "json", "--drain-timeout", "0",
                "--jwks", "../examples/okta-rotation/jwks-after-rotation.json");
        try {
            BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
            List<String> lines = new ArrayList<>();
            int port = awaitReady(err, lines);
            for (String line; (line = err.readLine()) != null; ) {
                lines.add(line);
                if (line.contains("playground at")) {
                    break;
                }
            }
            for (String line : lines) {
                JsonNode event = JSON.readTree(line); // every line is one JSON document
                assertTrue(event.has("time") && event.has("level") && event.has("message"), line);
            }
            JsonNode playground = JSON.readTree(lines.get(lines.size() - 1));
            assertEquals("http://127.0.0.1:" + port + "/", playground.path("url").asText(), lines.toString());
            signal(process, "TERM");
            assertTrue(process.waitFor(15, TimeUnit.SECONDS), "the process exits");
            assertEquals(0, process.exitValue());
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void validateWritesNothingOnStderr() throws Exception {
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", // a short run: no optimising JIT, no GC threads
                "-cp", System.getProperty("java.class.path"), "-Dclaimmap.cache.dir=" + System.getProperty("claimmap.cache.dir"),
                "io.claimmap.cli.Main", "validate", "../examples/salesforce/token.jwt", "--jwks",
                "../examples/salesforce/jwks.json", "--now", "2026-11-21T12:00:00Z")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals("", err);
        assertEquals(0, process.exitValue());
    }

    @Test
    void durationsAreCheckedAsUsageErrors() {
        CliRun notADuration = CliRun.of("serve", "--port", "0", "--body-timeout", "soon",
                "--jwks", "../examples/okta-rotation/jwks-after-rotation.json");
        assertEquals(2, notADuration.exitCode());
        assertTrue(notADuration.err().contains("'soon' is not a duration (for example 5s, 500ms, 2m or 0)"), notADuration.err());
        CliRun tooLong = CliRun.of("serve", "--port", "0", "--body-timeout", "31s",
                "--jwks", "../examples/okta-rotation/jwks-after-rotation.json");
        assertEquals(2, tooLong.exitCode());
        assertTrue(tooLong.err().contains("the body timeout must be positive and at most the idle timeout (30 s)"), tooLong.err());
        CliRun badFormat = CliRun.of("serve", "--port", "0", "--log-format", "xml",
                "--jwks", "../examples/okta-rotation/jwks-after-rotation.json");
        assertEquals(2, badFormat.exitCode());
        assertTrue(badFormat.err().contains("text, json"), badFormat.err());
    }

    /**
     * The launcher's 96 MB heap: 48 clients posting bodies of the full 1 MiB at once are all answered (32 of them once
     * ran it out of memory: 400 and 500 answers with OutOfMemoryError), large bodies taking turns.
     */
    @Test
    void manyLargeBodiesAtOnceAreAllAnsweredInTheLaunchersHeap() throws Exception {
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xms96m", "-Xmx96m", "-Xss512k", // as bin/claimmap serve
                "-cp", System.getProperty("java.class.path"), "-Dclaimmap.cache.dir=" + System.getProperty("claimmap.cache.dir"),
                "io.claimmap.cli.Main", "serve", "--port", "0", "--no-access-log",
                "--jwks", "../examples/okta-rotation/jwks-after-rotation.json")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        java.util.concurrent.ExecutorService clients = java.util.concurrent.Executors.newFixedThreadPool(48);
        try {
            BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
            List<String> lines = java.util.Collections.synchronizedList(new ArrayList<>());
            int port = awaitReady(err, lines);
            Thread drain = new Thread(() -> err.lines().forEach(lines::add)); // an error log must never block the server
            drain.setDaemon(true);
            drain.start();
            String body = "{\"token\": \"" + "a".repeat(1024 * 1024 - 14) + "\"}"; // exactly the default limit
            java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1).build();
            java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port
                    + "/v1/validate")).timeout(java.time.Duration.ofSeconds(60))
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build();
            List<java.util.concurrent.Future<String>> answers = new ArrayList<>();
            for (int i = 0; i < 96; i++) {
                answers.add(clients.submit(() -> {
                    java.net.http.HttpResponse<String> response = http.send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
                    return response.statusCode() + " " + response.body().substring(0, Math.min(120, response.body().length()));
                }));
            }
            List<String> failed = new ArrayList<>();
            for (java.util.concurrent.Future<String> answer : answers) {
                String status = answer.get(120, TimeUnit.SECONDS);
                if (!status.startsWith("200 ")) {
                    failed.add(status);
                }
            }
            assertEquals(List.of(), failed);
            assertTrue(lines.stream().noneMatch(line -> line.contains("OutOfMemoryError")), String.join("\n", lines));
        } finally {
            clients.shutdownNow();
            process.destroyForcibly();
        }
    }

    @Test
    void aPortOutOfRangeIsAUsageError() {
        for (String port : List.of("-1", "65536")) {
            CliRun run = CliRun.of("serve", "--port", port, "--jwks", "../examples/okta-rotation/jwks-after-rotation.json");
            assertEquals(2, run.exitCode(), run.err());
            assertEquals("claimmap: --port must be between 0 (any free port) and 65535, not " + port + "\n", run.err());
        }
    }

    @Test
    void aPortInUseIsAUsageError() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            CliRun run = CliRun.of("serve", "--port", Integer.toString(taken.getLocalPort()),
                    "--jwks", "../examples/okta-rotation/jwks-after-rotation.json");
            assertEquals(2, run.exitCode(), run.err());
            assertTrue(run.err().contains("cannot listen on 127.0.0.1:" + taken.getLocalPort()
                    + " (the address is already in use)"), run.err());
        }
    }

    /** Whether this process (and so its children) ignores SIGINT: bit 1 of SigIgn in /proc/self/status. */
    private static boolean sigintIgnored() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("SigIgn:")) {
                    return (Long.parseUnsignedLong(line.substring(7).strip(), 16) & 0b10) != 0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return false;
        }
        return false;
    }
}
