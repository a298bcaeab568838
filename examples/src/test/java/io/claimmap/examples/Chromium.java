package io.claimmap.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Headless Debian {@code chromium} driven over the DevTools protocol (one WebSocket, flattened sessions): no driver
 * and no browser download. Every request the page makes is recorded.
 */
final class Chromium implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern DEVTOOLS = Pattern.compile("DevTools listening on (ws://\\S+)");
    private static final long TIMEOUT_SECONDS = 60;

    private final Process process;
    private final Path profile;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final List<Consumer<JsonNode>> listeners = new CopyOnWriteArrayList<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private String session;

    /** The system's chromium, or null when it is not installed. */
    static Path find() {
        String override = System.getenv("CHROMIUM");
        for (String candidate : new String[]{override, "/usr/bin/chromium", "/usr/bin/chromium-browser"}) {
            if (candidate != null && Files.isExecutable(Path.of(candidate))) {
                return Path.of(candidate);
            }
        }
        return null;
    }

    Chromium(Path executable) throws Exception {
        profile = Files.createTempDirectory("claimmap-chromium");
        process = new ProcessBuilder(executable.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-quic",
                "--disable-dev-shm-usage", "--no-first-run", "--hide-scrollbars", "--remote-debugging-port=0",
                "--user-data-dir=" + profile, "about:blank")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String url = devtoolsUrl();
        socket = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(URI.create(url), new Listener())
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        String target = call("Target.createTarget", JSON.createObjectNode().put("url", "about:blank"))
                .get("targetId").asText();
        session = call("Target.attachToTarget", JSON.createObjectNode().put("targetId", target).put("flatten", true))
                .get("sessionId").asText();
        listeners.add(event -> {
            if ("Network.requestWillBeSent".equals(event.path("method").asText())) {
                requests.add(event.path("params").path("request").path("url").asText());
            }
        });
        call("Network.enable", JSON.createObjectNode());
        call("Page.enable", JSON.createObjectNode());
    }

    private String devtoolsUrl() throws IOException {
        BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        for (String line; (line = err.readLine()) != null; ) {
            Matcher matcher = DEVTOOLS.matcher(line);
            if (matcher.find()) {
                Thread drain = new Thread(() -> {
                    try {
                        while (err.readLine() != null) {
                            // keep chromium's stderr from filling its pipe
                        }
                    } catch (IOException ignored) {
                        // the process ended
                    }
                }, "chromium-stderr");
                drain.setDaemon(true);
                drain.start();
                return matcher.group(1);
            }
            seen.append(line).append('\n');
        }
        throw new IOException("chromium did not start its DevTools endpoint:\n" + seen);
    }

    /** Opens a page and waits for its load event. */
    void open(String url) throws Exception {
        CompletableFuture<JsonNode> loaded = new CompletableFuture<>();
        Consumer<JsonNode> onLoad = event -> {
            if ("Page.loadEventFired".equals(event.path("method").asText())) {
                loaded.complete(event);
            }
        };
        listeners.add(onLoad);
        call("Page.navigate", JSON.createObjectNode().put("url", url));
        loaded.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        listeners.remove(onLoad);
    }

    /** Evaluates a JavaScript expression in the page and returns its value (JSON-serialisable). */
    JsonNode evaluate(String expression) throws Exception {
        JsonNode result = call("Runtime.evaluate", JSON.createObjectNode().put("expression", expression)
                .put("returnByValue", true).put("awaitPromise", true));
        if (result.has("exceptionDetails")) {
            throw new AssertionError("the page threw: " + result.get("exceptionDetails"));
        }
        return result.path("result").path("value");
    }

    byte[] screenshot(int width, int height) throws Exception {
        call("Emulation.setDeviceMetricsOverride", JSON.createObjectNode().put("width", width).put("height", height)
                .put("deviceScaleFactor", 1).put("mobile", false));
        String data = call("Page.captureScreenshot", JSON.createObjectNode().put("format", "png")).get("data").asText();
        return java.util.Base64.getDecoder().decode(data);
    }

    /** Every URL the page requested, the page itself included. */
    List<String> requests() {
        return List.copyOf(requests);
    }

    private JsonNode call(String method, ObjectNode params) throws Exception {
        int id = ids.incrementAndGet();
        ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
        message.set("params", params);
        if (session != null) {
            message.put("sessionId", session);
        }
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        socket.sendText(message.toString(), true).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        JsonNode reply = answer.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (reply.has("error")) {
            throw new IOException(method + ": " + reply.get("error"));
        }
        return reply.path("result");
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    JsonNode message = JSON.readTree(partial.toString());
                    if (message.has("id")) {
                        CompletableFuture<JsonNode> answer = pending.remove(message.get("id").asInt());
                        if (answer != null) {
                            answer.complete(message);
                        }
                    } else {
                        listeners.forEach(listener -> listener.accept(message));
                    }
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                } finally {
                    partial.setLength(0);
                }
            }
            webSocket.request(1);
            return null;
        }
    }

    @Override
    public void close() throws Exception {
        try {
            socket.abort();
        } finally {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }
}
