package io.claimmap.server;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * The threads that validate ({@code --validation-threads}, one per core by default), taking requests in arrival
 * order; the request thread waits for its result.
 *
 * <p>Why: validation is CPU work (the signature is most of it). Run on every request thread, 16 connections meant
 * 16 validations time-sliced on 2 cores, and a request that lost its core waited out the others' slices of a few
 * milliseconds each: the latency's tail grew with the connections, not with the work. A worker per core runs one
 * validation after another and never waits for a turn to be handed to it (docs/PERFORMANCE.md: p99 9–10 → 4 ms
 * at 16 connections on 2 cores, for about 15% of the throughput at saturation).
 *
 * <p>A validation that no worker has started within {@code maxWait} runs on its request thread instead (counted):
 * a worker waiting on a slow identity provider's key set must not stall the requests queued behind it for longer.
 * The queue needs no bound of its own: a validation leaves it when its request thread takes it over, so it holds
 * one validation at most per request thread. A stop's interrupt of a waiting request thread reaches the validation
 * wherever it runs, as when request threads validated.
 */
final class ValidationWorkers implements AutoCloseable {
    static final int DEFAULT_THREADS = Runtime.getRuntime().availableProcessors();
    /** Far beyond a queue's wait under load (16 connections on 2 cores: p99.9 6 ms in all), short beside a key fetch. */
    static final Duration DEFAULT_MAX_WAIT = Duration.ofMillis(20);

    private final ThreadPoolExecutor workers;
    private final int threads;
    private final long maxWaitNanos;
    private final LongAdder overruns = new LongAdder();

    /** @param threads validating threads; 0 to validate on the request threads */
    ValidationWorkers(int threads, Duration maxWait) {
        if (threads < 0) {
            throw new IllegalArgumentException("the validation threads cannot be negative");
        }
        this.threads = threads;
        this.maxWaitNanos = maxWait.toNanos();
        AtomicInteger count = new AtomicInteger();
        this.workers = threads == 0 ? null : new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(), runnable -> {
                    Thread thread = new Thread(runnable, "claimmap-validate-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
    }

    /** The validation's result, or what it threw, as if it had run on the calling thread. */
    <T> T run(Supplier<T> validation) {
        if (workers == null) {
            return validation.get();
        }
        Job<T> job = new Job<>(validation);
        try {
            workers.execute(job);
        } catch (RejectedExecutionException stopped) {
            return validation.get();
        }
        return job.result();
    }

    /** 0 when validations run on the request threads. */
    int threads() {
        return threads;
    }

    /** How long a validation waits for a validation thread before its request thread runs it. */
    Duration maxWait() {
        return Duration.ofNanos(maxWaitNanos);
    }

    /** Validations waiting for a worker now. */
    int waiting() {
        return workers == null ? 0 : workers.getQueue().size();
    }

    /** Validations that no worker started within the longest wait, run on their request thread instead. */
    long overruns() {
        return overruns.sum();
    }

    /** Stops the workers once they have run what is queued; later validations run on their request thread. */
    @Override
    public void close() {
        if (workers != null) {
            workers.shutdown();
        }
    }

    /** What a validation returned or threw. */
    private record Outcome<T>(T value, Throwable failure) {
    }

    /** One validation, run by whichever comes first: a worker, or its own request thread after the longest wait. */
    private final class Job<T> implements Runnable {
        private final Supplier<T> validation;
        private final AtomicBoolean started = new AtomicBoolean();
        private final CompletableFuture<Outcome<T>> outcome = new CompletableFuture<>();
        private Thread worker; // while a worker runs it; guarded by this

        Job(Supplier<T> validation) {
            this.validation = validation;
        }

        @Override
        public void run() {
            synchronized (this) {
                if (!started.compareAndSet(false, true)) {
                    return; // its request thread ran it
                }
                worker = Thread.currentThread();
            }
            try {
                outcome.complete(new Outcome<>(validation.get(), null));
            } catch (Throwable e) {
                outcome.complete(new Outcome<>(null, e));
            } finally {
                synchronized (this) {
                    worker = null;
                }
                Thread.interrupted(); // an interrupt passed on for this job ends with it
            }
        }

        T result() {
            Outcome<T> done;
            try {
                done = outcome.get(maxWaitNanos, TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                if (takeOver()) {
                    overruns.increment();
                    return validation.get();
                }
                done = awaitWorker();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                if (takeOver()) {
                    return validation.get(); // interrupted, as it would have been on this thread
                }
                done = awaitWorker();
            } catch (ExecutionException impossible) {
                throw new IllegalStateException(impossible); // the outcome is never completed exceptionally
            }
            if (done.failure() != null) {
                throw ValidationWorkers.<RuntimeException>sneaky(done.failure());
            }
            return done.value();
        }

        /**
         * Waits for the worker running it. A validation is bounded (rule budget, fetch timeouts); a stop's interrupt
         * of this request thread is passed on to the worker, so that a rule waiting for its evaluation ends at once,
         * as it did when request threads validated.
         */
        private Outcome<T> awaitWorker() {
            if (!Thread.currentThread().isInterrupted()) {
                try {
                    return outcome.get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (ExecutionException impossible) {
                    throw new IllegalStateException(impossible);
                }
            }
            synchronized (this) {
                if (worker != null) {
                    worker.interrupt();
                }
            }
            return outcome.join();
        }

        /** Runs it here rather than on a worker, if no worker has started it; it leaves the queue then. */
        private boolean takeOver() {
            if (!started.compareAndSet(false, true)) {
                return false;
            }
            workers.remove(this); // only validations somebody waits for stay queued
            return true;
        }
    }

    /** Rethrows what the validation threw, as it was (checked or not), as if it had run on the calling thread. */
    @SuppressWarnings("unchecked")
    private static <E extends Throwable> E sneaky(Throwable failure) throws E {
        throw (E) failure;
    }
}
