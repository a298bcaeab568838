package io.claimmap.server;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Bounds the bytes of large request bodies read, parsed and validated at once. Reading, parsing and validating a
 * body allocate several times its size, so 32 legal 1 MiB bodies at once ran the server's 96 MB heap out of memory
 * (answers 400 and 500 with {@code OutOfMemoryError}). A body that announces more than {@link #SMALL} bytes (real
 * tokens and SAML messages are a few kilobytes and never wait here) is read once its bytes fit, first come first
 * served; until then it waits in the client's connection, holding no thread. Thread-safe.
 */
final class BodyBudget {
    /** Bodies up to this size are not counted. */
    static final long SMALL = 64 * 1024;

    private final long capacity;
    private long available;
    private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();

    /** A reservation of {@code bytes}, granted when its future completes. */
    static final class Waiter {
        final long bytes;
        final CompletableFuture<Long> granted = new CompletableFuture<>();

        private Waiter(long bytes) {
            this.bytes = bytes;
        }
    }

    /** @param capacity bytes of large bodies at once; a body of any allowed size always fits alone */
    BodyBudget(long capacity) {
        this.capacity = Math.max(1, capacity);
        this.available = this.capacity;
    }

    /** A thirty-second of the heap (a 1 MiB body takes about 10 MiB to parse and validate), and room for one body of the largest size. */
    static BodyBudget forHeap(long maxBodyBytes) {
        return new BodyBudget(Math.max(maxBodyBytes, Runtime.getRuntime().maxMemory() / 32));
    }

    /** Asks for room for a body of {@code size} bytes; granted at once when it fits and no one waits before it. */
    Waiter reserve(long size) {
        Waiter waiter = new Waiter(Math.min(size, capacity));
        synchronized (this) {
            if (waiters.isEmpty() && available >= waiter.bytes) {
                available -= waiter.bytes;
                waiter.granted.complete(waiter.bytes);
            } else {
                waiters.add(waiter);
            }
        }
        return waiter;
    }

    /** Withdraws a reservation not granted yet; false when it was granted already (then release it). */
    synchronized boolean cancel(Waiter waiter) {
        return waiters.remove(waiter);
    }

    /** Gives back a granted reservation's bytes and grants the waiters that now fit, in order. */
    void release(long bytes) {
        List<Waiter> granted = new ArrayList<>();
        synchronized (this) {
            available += bytes;
            while (!waiters.isEmpty() && available >= waiters.peek().bytes) {
                Waiter next = waiters.poll();
                available -= next.bytes;
                granted.add(next);
            }
        }
        granted.forEach(waiter -> waiter.granted.complete(waiter.bytes)); // outside the lock: they start reading
    }

    /** Reservations waiting (for tests). */
    synchronized int waiting() {
        return waiters.size();
    }
}
