package io.claimmap.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.config.JavalinConfig;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConnection;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.BlockingArrayQueue;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.RejectedExecutionException;

/**
 * Jetty under Javalin, as the hook needs it; everything else is Javalin's default (its StatisticsHandler for the
 * graceful stop, its LowResourceMonitor, its HTTP configuration).
 * <ul>
 * <li>a bounded pool: {@code --threads} threads, then a queue of 64 per thread, then rejection (counted);</li>
 * <li>no delayed dispatch: a request is handled as soon as its headers arrive, so an announced Content-Length
 *     over the limit is refused at once instead of after the client sends something;</li>
 * <li>errors Jetty answers itself (malformed requests, before any route) as problem documents too;</li>
 * <li>a stop that drains requests in flight for up to the drain timeout ({@link #drainOnStop}), during which a
 *     client may pause for that long too ({@link #shutdownIdleTimeout}).</li>
 * </ul>
 */
final class JettySetup {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JettySetup() {
    }

    static void configure(JavalinConfig config, ServerSettings settings, Metrics metrics) {
        int queueCapacity = settings.maxThreads() * 64;
        QueuedThreadPool pool = new CountingThreadPool(settings.maxThreads(), queueCapacity, metrics);
        pool.setName("claimmap-http");
        config.jetty.threadPool = pool;
        metrics.threadPool(pool, queueCapacity);
        config.jetty.modifyHttpConfiguration(http -> {
            http.setDelayDispatchUntilContent(false);
            http.setSendServerVersion(false);
        });
        config.jetty.modifyServer(server -> {
            server.setStopTimeout(0); // the drain timeout is set at stop: a failed start must stop at once
            server.setErrorHandler(new ProblemErrorHandler());
        });
        config.jetty.addConnector((server, http) -> {
            ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
            connector.setHost(settings.host());
            connector.setPort(settings.port());
            connector.setIdleTimeout(settings.idleTimeout().toMillis());
            connector.setShutdownIdleTimeout(shutdownIdleTimeout(settings)); // after setIdleTimeout, which resets it
            return connector;
        });
    }

    /**
     * The idle timeout Jetty gives every connection once a stop begins. Jetty's own is 1 s, which cuts a request in
     * flight whose client pauses longer than that while sending its body: the drain timeout applies instead (at
     * least Jetty's second, at most the idle timeout).
     */
    static long shutdownIdleTimeout(ServerSettings settings) {
        return Math.min(settings.idleTimeout().toMillis(), Math.max(1000, settings.drainTimeout().toMillis()));
    }

    /**
     * Set just before a stop, not at start: with a stop timeout, a start that fails to bind ends in a graceful stop
     * whose "STOPPED" error hides the bind failure, and Javalin could not report it as a JavalinBindException.
     */
    static void drainOnStop(org.eclipse.jetty.server.Server server, ServerSettings settings) {
        server.setStopTimeout(settings.drainTimeout().toMillis());
    }

    /**
     * Closes the kept-alive connections that wait for a next request. At a stop, Jetty waits for every connection to
     * close and gives each the shutdown idle timeout (the drain timeout, above): one idle connection of a pooling
     * client held the stop, and a container's rollout, for the whole drain timeout with nothing in flight. A client
     * must expect an idle connection to close (RFC 9112, 9.6); one whose request is under way is left to finish, and
     * closed once its response is out (a client that keeps its end open after "Connection: close" held it too).
     */
    static void closeIdleConnections(org.eclipse.jetty.server.Server server) {
        for (Connector connector : server.getConnectors()) {
            if (connector instanceof AbstractConnector open) {
                for (EndPoint endPoint : open.getConnectedEndPoints()) {
                    // between requests, or after the last response ("Connection: close") while the client has not closed
                    if (endPoint.getConnection() instanceof HttpConnection http && http.getHttpChannel().getState().isIdle()
                            && (http.getParser().isStart() || endPoint.isOutputShutdown())) {
                        endPoint.close();
                    }
                }
            }
        }
    }

    /** Jetty's pool, counting the work it refuses when its queue is full. */
    private static final class CountingThreadPool extends QueuedThreadPool {
        private final Metrics metrics;

        CountingThreadPool(int maxThreads, int queueCapacity, Metrics metrics) {
            super(maxThreads, Math.min(8, maxThreads), 60_000, new BlockingArrayQueue<>(queueCapacity));
            this.metrics = metrics;
        }

        @Override
        public void execute(Runnable job) {
            try {
                super.execute(job);
            } catch (RejectedExecutionException e) {
                metrics.rejected();
                throw e;
            }
        }
    }

    /** What Jetty answers for a request it cannot parse (bad request line, headers, chunked encoding): a problem. */
    private static final class ProblemErrorHandler extends ErrorHandler {
        @Override
        public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
            fields.put(HttpHeader.CONTENT_TYPE, Problem.CONTENT_TYPE);
            String detail = reason == null || reason.isBlank() ? "the request is not valid HTTP/1.1" : reason;
            return ByteBuffer.wrap(new Problem(status, Problem.title(status), detail).json().getBytes(StandardCharsets.UTF_8));
        }
    }
}
