package io.claimmap.cli;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** claimmap serve as a real process: SIGTERM lets a request in flight finish before the process exits. */
class ServeProcessTest {
    private static final Pattern LISTENING = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)");

    @Test
    void sigtermDrainsARequestInFlight() throws Exception {
        Process process = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-Dclaimmap.cache.dir=" + System.getProperty("claimmap.cache.dir"),
                "io.claimmap.cli.Main", "serve", "--port", "0", "--no-access-log",
                "--jwks", "../examples/okta-rotation/jwks-after-rotation.json", "--now", "2026-11-21T12:00:00Z"))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
            int port = -1;
            for (String line; (line = err.readLine()) != null; ) {
                Matcher m = LISTENING.matcher(line);
                if (m.find()) {
                    port = Integer.parseInt(m.group(1));
                }
                if (line.contains("claimmap: ready")) {
                    break;
                }
            }
            assertTrue(port > 0, "the server said where it listens");

            byte[] body = ("{\"token\":\"" + Files.readString(Path.of("../examples/okta-rotation/token.jwt")).strip() + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
            try (Socket socket = new Socket("127.0.0.1", port)) {
                socket.setSoTimeout(15_000);
                OutputStream out = socket.getOutputStream();
                out.write(("POST /v1/validate HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                        + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(body, 0, body.length / 2);
                out.flush();
                Thread.sleep(500); // the request is now in flight, waiting for the rest of its body
                process.destroy(); // SIGTERM
                Thread.sleep(500);
                assertTrue(process.isAlive(), "the process waits for the request in flight");
                out.write(body, body.length / 2, body.length - body.length / 2);
                out.flush();
                String response = new String(readAll(socket.getInputStream()), StandardCharsets.UTF_8);
                assertTrue(response.startsWith("HTTP/1.1 200"), response);
                assertTrue(response.contains("\"verdict\":\"pass\""), response);
            }
            assertTrue(process.waitFor(15, TimeUnit.SECONDS), "the process exits after draining");
            assertEquals(143, process.exitValue(), "terminated by SIGTERM");
        } finally {
            process.destroyForcibly();
        }
    }

    private static byte[] readAll(InputStream in) throws Exception {
        return in.readAllBytes();
    }
}
