package io.claimmap.server;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * At most {@code --max-concurrent-validations} validations at once; the others wait their turn, first come first
 * served.
 *
 * <p>Why: validation is CPU work (the signature is most of it). With more validations running than there are cores
 * the scheduler time-slices them, and a request that loses the core waits out the others' slices of a few
 * milliseconds each: the tail of the latency grows with the number of connections, not with the work. In a fair
 * queue each waits only for the requests ahead of it (docs/PERFORMANCE.md: p99 10 → 6 ms at 16 connections on
 * 2 cores, for 5% of the throughput).
 *
 * <p>A request waits at most {@code maxWait} for its turn and then runs anyway (counted): a validation that is itself
 * waiting, on a slow identity provider's key set, holds a turn, and must not stall the requests behind it for longer.
 */
final class ValidationGate {
    /** Twice the cores: one validation per core, and one ready for each core the moment another finishes. */
    static final int DEFAULT_MAX_CONCURRENT = 2 * Runtime.getRuntime().availableProcessors();
    static final Duration DEFAULT_MAX_WAIT = Duration.ofMillis(100);

    private final Semaphore turns;
    private final int maxConcurrent;
    private final long maxWaitNanos;
    private final LongAdder overruns = new LongAdder();

    /** @param maxConcurrent validations at once; 0 for no limit */
    ValidationGate(int maxConcurrent, Duration maxWait) {
        if (maxConcurrent < 0) {
            throw new IllegalArgumentException("the most concurrent validations cannot be negative");
        }
        this.maxConcurrent = maxConcurrent;
        this.turns = maxConcurrent == 0 ? null : new Semaphore(maxConcurrent, true);
        this.maxWaitNanos = maxWait.toNanos();
    }

    <T> T run(Supplier<T> validation) {
        if (turns == null) {
            return validation.get();
        }
        boolean turn = acquire();
        try {
            return validation.get();
        } finally {
            if (turn) {
                turns.release();
            }
        }
    }

    private boolean acquire() {
        try {
            // The timed tryAcquire keeps the queue's order (the untimed one barges ahead of it).
            if (turns.tryAcquire(maxWaitNanos, TimeUnit.NANOSECONDS)) {
                return true;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // a stop interrupts threads: answer this request without waiting
            return false;
        }
        overruns.increment();
        return false;
    }

    /** 0 for no limit. */
    int maxConcurrent() {
        return maxConcurrent;
    }

    /** Validations waiting for their turn now. */
    int waiting() {
        return turns == null ? 0 : turns.getQueueLength();
    }

    /** Validations that waited {@code maxWait} and ran beyond the limit. */
    long overruns() {
        return overruns.sum();
    }
}
