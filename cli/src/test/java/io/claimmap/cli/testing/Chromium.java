package io.claimmap.cli.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Debian's Chromium, headless, driven over the DevTools protocol (a WebSocket and JSON: nothing to download). One
 * page; every request it makes is recorded, so tests can prove the page talks to nobody but the server.
 */
public final class Chromium implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern DEVTOOLS = Pattern.compile("DevTools listening on (ws://\\S+)");
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final Process process;
    private final Path profile;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final List<String> consoleErrors = new CopyOnWriteArrayList<>();
    private final Map<String, String> requestUrls = new ConcurrentHashMap<>();
    private final List<String> blocked = new CopyOnWriteArrayList<>();

    /** The browser's path, or null when none is installed. */
    public static Path executable() {
        for (String candidate : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return Path.of(candidate);
            }
        }
        return null;
    }

    public static Chromium launch(Path executable) throws Exception {
        return new Chromium(executable);
    }

    private Chromium(Path executable) throws Exception {
        profile = Files.createTempDirectory("claimmap-chromium");
        process = new ProcessBuilder(List.of(executable.toString(), "--headless=new", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-quic",
                "--disable-sync", "--disable-extensions", "--disable-default-apps", "--disable-domain-reliability",
                "--disable-client-side-phishing-detection", "--no-first-run", "--no-default-browser-check",
                "--metrics-recording-only", "--mute-audio", "--disable-features=Translate,OptimizationHints,MediaRouter",
                "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0", "--user-data-dir=" + profile,
                "--window-size=1280,800", "about:blank"))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
        String browserUrl = null;
        StringBuilder said = new StringBuilder();
        for (String line; (line = err.readLine()) != null; ) {
            said.append(line).append('\n');
            Matcher m = DEVTOOLS.matcher(line);
            if (m.find()) {
                browserUrl = m.group(1);
                break;
            }
        }
        if (browserUrl == null) {
            process.destroyForcibly();
            throw new IllegalStateException("chromium did not start:\n" + said);
        }
        Thread drain = new Thread(() -> err.lines().forEach(l -> { }), "chromium-stderr");
        drain.setDaemon(true);
        drain.start();
        URI browser = URI.create(browserUrl);
        HttpClient http = HttpClient.newHttpClient();
        String list = http.send(HttpRequest.newBuilder(URI.create("http://" + browser.getAuthority() + "/json/list")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        String pageUrl = null;
        for (JsonNode target : JSON.readTree(list)) {
            if ("page".equals(target.path("type").asText())) {
                pageUrl = target.path("webSocketDebuggerUrl").asText();
                break;
            }
        }
        if (pageUrl == null) {
            throw new IllegalStateException("chromium opened no page: " + list);
        }
        socket = http.newWebSocketBuilder().buildAsync(URI.create(pageUrl), new Listener()).get(10, TimeUnit.SECONDS);
        send("Page.enable", null);
        send("Runtime.enable", null);
        send("Network.enable", null);
        send("Log.enable", null);
        size(1280, 800);
    }

    /** Every URL the page requested, in order. */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    /** Requests the browser refused to send, each as its URL and the reason (e.g. {@code csp}). */
    public List<String> blocked() {
        return List.copyOf(blocked);
    }

    public void clearRequests() {
        requests.clear();
        blocked.clear();
        consoleErrors.clear();
    }

    public List<String> consoleErrors() {
        return List.copyOf(consoleErrors);
    }

    public void size(int width, int height) throws Exception {
        ObjectNode params = JSON.createObjectNode().put("width", width).put("height", height)
                .put("deviceScaleFactor", 1).put("mobile", false);
        send("Emulation.setDeviceMetricsOverride", params);
    }

    /** Loads a URL and waits until the document and its scripts are loaded. */
    public void open(String url) throws Exception {
        send("Page.navigate", JSON.createObjectNode().put("url", url));
        waitFor("document.readyState === 'complete' && location.href === " + JSON.writeValueAsString(url));
    }

    /** Evaluates a JavaScript expression in the page (promises awaited) and returns its value. */
    public JsonNode eval(String expression) throws Exception {
        ObjectNode params = JSON.createObjectNode().put("expression", expression).put("returnByValue", true)
                .put("awaitPromise", true);
        JsonNode result = send("Runtime.evaluate", params);
        if (result.has("exceptionDetails")) {
            throw new IllegalStateException("the page threw: " + result.get("exceptionDetails"));
        }
        return result.path("result").path("value");
    }

    /** The text of the element with this data-testid. */
    public String text(String testId) throws Exception {
        return eval("(document.querySelector('[data-testid=\"" + testId + "\"]') || {}).textContent || ''").asText();
    }

    /** Sets a form field's value, as pasting does. */
    public void fill(String testId, String value) throws Exception {
        eval("(() => { const e = document.querySelector('[data-testid=\"" + testId + "\"]'); e.value = "
                + JSON.writeValueAsString(value) + "; e.dispatchEvent(new Event('input', {bubbles: true})); })()");
    }

    public void click(String testId) throws Exception {
        eval("document.querySelector('[data-testid=\"" + testId + "\"]').click()");
    }

    /** Focuses an element and presses a key with modifiers (2 = Ctrl), as a keyboard user would. */
    public void press(String testId, String key, int modifiers) throws Exception {
        eval("document.querySelector('[data-testid=\"" + testId + "\"]').focus()");
        for (String type : List.of("keyDown", "keyUp")) {
            ObjectNode params = JSON.createObjectNode().put("type", type).put("key", key).put("code", key)
                    .put("modifiers", modifiers).put("windowsVirtualKeyCode", key.equals("Enter") ? 13 : 0);
            send("Input.dispatchKeyEvent", params);
        }
    }

    /** Waits until a JavaScript expression is truthy in the page. */
    public void waitFor(String expression) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            JsonNode value;
            try {
                value = eval(expression);
            } catch (IllegalStateException e) {
                value = null; // the page is navigating
            }
            if (value != null && value.asBoolean(false)) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + expression);
            }
            Thread.sleep(50);
        }
    }

    /** The whole page at this width, however tall. */
    public byte[] fullPageScreenshot(int width) throws Exception {
        size(width, 800);
        size(width, eval("document.documentElement.scrollHeight").asInt());
        try {
            return screenshot();
        } finally {
            size(width, 800);
        }
    }

    public byte[] screenshot() throws Exception {
        JsonNode shot = send("Page.captureScreenshot", JSON.createObjectNode().put("format", "png"));
        return Base64.getDecoder().decode(shot.path("data").asText());
    }

    private JsonNode send(String method, JsonNode params) throws Exception {
        int id = ids.incrementAndGet();
        ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
        if (params != null) {
            message.set("params", params);
        }
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        synchronized (socket) {
            socket.sendText(message.toString(), true).get(10, TimeUnit.SECONDS);
        }
        JsonNode reply = answer.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        if (reply.has("error")) {
            throw new IllegalStateException(method + ": " + reply.get("error"));
        }
        return reply.path("result");
    }

    private void event(JsonNode message) {
        String method = message.path("method").asText();
        JsonNode params = message.path("params");
        if (method.equals("Network.requestWillBeSent")) {
            requests.add(params.path("request").path("url").asText());
            requestUrls.put(params.path("requestId").asText(), params.path("request").path("url").asText());
        } else if (method.equals("Network.loadingFailed") && params.hasNonNull("blockedReason")) {
            blocked.add(requestUrls.get(params.path("requestId").asText()) + " " + params.path("blockedReason").asText());
        } else if (method.equals("Runtime.exceptionThrown")) {
            consoleErrors.add(params.path("exceptionDetails").toString());
        } else if (method.equals("Log.entryAdded") && params.path("entry").path("level").asText().equals("error")) {
            consoleErrors.add(params.path("entry").toString());
        } else if (method.equals("Runtime.consoleAPICalled") && params.path("type").asText().equals("error")) {
            consoleErrors.add(params.path("args").toString());
        }
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                try {
                    JsonNode message = JSON.readTree(text);
                    if (message.has("id")) {
                        CompletableFuture<JsonNode> answer = pending.remove(message.get("id").asInt());
                        if (answer != null) {
                            answer.complete(message);
                        }
                    } else {
                        event(message);
                    }
                } catch (IOException e) {
                    // not a protocol message: ignore it
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
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            try (Stream<Path> walk = Files.walk(profile)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            } catch (IOException ignored) {
                // a temporary profile; the OS cleans it up
            }
        }
    }
}
