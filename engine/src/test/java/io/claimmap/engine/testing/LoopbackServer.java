package io.claimmap.engine.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/** A real HTTP server on an ephemeral loopback port serving fixed bodies, counting the requests it gets. */
public final class LoopbackServer implements AutoCloseable {
    private final HttpServer server;
    private final Map<String, Supplier<String>> bodies = new ConcurrentHashMap<>();
    private final Map<String, Handler> handlers = new ConcurrentHashMap<>();
    private final AtomicInteger requests = new AtomicInteger();
    /** Handlers run here, not on the server's dispatcher: a hanging handler cannot hold up {@link #close}. */
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "loopback-server");
        thread.setDaemon(true);
        return thread;
    });

    public LoopbackServer() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    public LoopbackServer serve(String path, String body) {
        return serve(path, () -> body);
    }

    public LoopbackServer serve(String path, Supplier<String> body) {
        bodies.put(path, body);
        return this;
    }

    /** Full control of a response, for faults: slow answers, redirects, huge bodies. */
    @FunctionalInterface
    public interface Handler {
        void handle(HttpExchange exchange) throws Exception;
    }

    public LoopbackServer handle(String path, Handler handler) {
        handlers.put(path, handler);
        return this;
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    public int requests() {
        return requests.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        Handler handler = handlers.get(exchange.getRequestURI().getPath());
        if (handler != null) {
            try {
                handler.handle(exchange);
            } catch (Exception e) {
                // the client gave up (a timeout, a size limit): that is the point of these handlers
            } finally {
                exchange.close();
            }
            return;
        }
        Supplier<String> body = bodies.get(exchange.getRequestURI().getPath());
        byte[] bytes = body == null ? "not found".getBytes(StandardCharsets.UTF_8) : body.get().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(body == null ? 404 : 200, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow(); // interrupts handlers still hanging
    }
}
