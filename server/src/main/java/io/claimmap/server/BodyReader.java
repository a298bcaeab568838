package io.claimmap.server;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import org.eclipse.jetty.http.BadMessageException;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Reads a request body without holding a request thread: Jetty calls back as bytes arrive (servlet non-blocking
 * I/O), so a slow client costs its own request only. The body must arrive in full within the deadline (else 408)
 * and stay within the limit (else 413); a broken body (malformed chunked encoding, an early end) is a 400. Every
 * failure is a {@link Problem}.
 */
final class BodyReader implements ReadListener {
    private final ServletInputStream in;
    private final long limit;
    private final byte[] buffer = new byte[8192];
    // Both let go once the body is read or refused: Jetty keeps the read listener until the connection's next request,
    // so a kept-alive connection held its last body (twice) for as long as it stayed idle; 48 of them with a 1 MiB
    // body each ran the 96 MB heap out of memory.
    private volatile ByteArrayOutputStream body = new ByteArrayOutputStream(4096);
    private volatile CompletableFuture<byte[]> result = new CompletableFuture<>();

    private BodyReader(ServletInputStream in, long limit) {
        this.in = in;
        this.limit = limit;
    }

    /** Starts reading; call only once the request is asynchronous. */
    static CompletableFuture<byte[]> read(ServletInputStream in, long limit, Duration deadline, ScheduledExecutorService timer) {
        BodyReader reader = new BodyReader(in, limit);
        CompletableFuture<byte[]> result = reader.result;
        ScheduledFuture<?> timeout = timer.schedule(() -> result.completeExceptionally(new Problem(408,
                "Request Timeout", "the body did not arrive in full within " + describe(deadline))),
                deadline.toMillis(), TimeUnit.MILLISECONDS);
        result.whenComplete((bytes, error) -> {
            timeout.cancel(false);
            reader.body = null;
            reader.result = null;
        });
        in.setReadListener(reader);
        return result;
    }

    @Override
    public void onDataAvailable() throws IOException {
        CompletableFuture<byte[]> result = this.result;
        ByteArrayOutputStream body = this.body;
        while (result != null && body != null && !result.isDone() && in.isReady() && !in.isFinished()) {
            int n = in.read(buffer);
            if (n < 0) {
                return; // onAllDataRead follows
            }
            body.write(buffer, 0, n);
            if (body.size() > limit) {
                result.completeExceptionally(tooLarge(limit));
            }
        }
    }

    @Override
    public void onAllDataRead() {
        CompletableFuture<byte[]> result = this.result;
        ByteArrayOutputStream body = this.body;
        if (result != null && body != null) {
            result.complete(body.toByteArray());
        }
    }

    @Override
    public void onError(Throwable failure) {
        CompletableFuture<byte[]> result = this.result;
        if (result != null) {
            result.completeExceptionally(clientError(failure));
        }
    }

    static String describe(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }

    static Problem tooLarge(long limit) {
        return new Problem(413, "Content Too Large", "the body is over the " + limit + "-byte limit");
    }

    /** A failure while reading a body is the client's: what it sent is not a complete, well-formed body. */
    static Problem clientError(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof BadMessageException bad) {
                int status = bad.getCode() >= 400 && bad.getCode() < 500 ? bad.getCode() : 400;
                return new Problem(status, Problem.title(status), "the body is not valid HTTP/1.1: " + bad.getReason());
            }
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof EOFException || cause instanceof org.eclipse.jetty.io.EofException) {
                return Problem.badRequest("the body ended before it was complete, or its chunked encoding is malformed");
            }
        }
        return Problem.badRequest("the body could not be read (" + failure.getClass().getSimpleName() + ")");
    }
}
