package io.claimmap.engine.corpus;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * Reads a corpus on one thread, evaluates its entries on {@code threads} workers, and hands the results to the
 * calling thread in corpus order. Entries travel in batches; a semaphore bounds the batches read but not yet
 * consumed, so memory stays flat however large the corpus (at most {@code threads * 4} batches in flight).
 *
 * @param <R> what a worker makes of one entry
 */
public final class ParallelRun<R> {
    /** Receives the results in corpus order, on the calling thread. */
    public interface Consumer<R> {
        void accept(R result) throws Exception;
    }

    static final int BATCH = 256;

    private final int threads;
    private final Function<CorpusEntry, R> work;

    public ParallelRun(int threads, Function<CorpusEntry, R> work) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1");
        }
        this.threads = threads;
        this.work = work;
    }

    private record Batch(long sequence, List<CorpusEntry> entries) {
    }

    private record Done<R>(long sequence, List<R> results, Throwable failure) {
    }

    private static final Batch END = new Batch(-1, List.of());

    /**
     * Runs the reader and the workers; returns once every result has been consumed. A failure of the consumer, the
     * reader or a worker stops the run and is rethrown.
     */
    public void run(CorpusReader reader, List<java.nio.file.Path> roots, Consumer<R> consumer) throws Exception {
        int inFlight = threads * 4;
        Semaphore permits = new Semaphore(inFlight);
        BlockingQueue<Batch> work = new ArrayBlockingQueue<>(inFlight + threads);
        BlockingQueue<Done<R>> done = new LinkedBlockingQueue<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        long[] batches = {0};
        Thread readerThread = new Thread(() -> {
            List<CorpusEntry> batch = new ArrayList<>(BATCH);
            try {
                reader.read(roots, entry -> {
                    batch.add(entry);
                    if (batch.size() == BATCH) {
                        permits.acquire();
                        work.put(new Batch(batches[0]++, List.copyOf(batch)));
                        batch.clear();
                    }
                });
                if (!batch.isEmpty()) {
                    permits.acquire();
                    work.put(new Batch(batches[0]++, List.copyOf(batch)));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Throwable e) {
                failure.compareAndSet(null, e);
            } finally {
                // Tell the consumer how many batches there are, then stop the workers.
                done.add(new Done<>(-1 - batches[0], null, null));
                for (int i = 0; i < threads; i++) {
                    work.offer(END);
                }
            }
        }, "claimmap-corpus-reader");
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            Thread worker = new Thread(() -> {
                try {
                    while (true) {
                        Batch batch = work.take();
                        if (batch == END) {
                            return;
                        }
                        List<R> results = new ArrayList<>(batch.entries().size());
                        try {
                            for (CorpusEntry entry : batch.entries()) {
                                results.add(this.work.apply(entry));
                            }
                            done.add(new Done<>(batch.sequence(), results, null));
                        } catch (Throwable e) {
                            done.add(new Done<>(batch.sequence(), null, e));
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "claimmap-corpus-worker-" + i);
            worker.setDaemon(true);
            workers.add(worker);
        }
        readerThread.setDaemon(true);
        readerThread.start();
        workers.forEach(Thread::start);
        try {
            consume(done, permits, consumer, failure);
        } finally {
            readerThread.interrupt();
            workers.forEach(Thread::interrupt);
        }
        if (failure.get() != null) {
            rethrow(failure.get());
        }
    }

    private void consume(BlockingQueue<Done<R>> done, Semaphore permits, Consumer<R> consumer,
                         AtomicReference<Throwable> failure) throws Exception {
        Map<Long, List<R>> pending = new HashMap<>();
        long next = 0;
        long total = -1;
        while (total < 0 || next < total) {
            Done<R> item = done.take();
            if (item.failure() != null) {
                rethrow(item.failure());
            }
            if (item.sequence() < 0) {
                total = -1 - item.sequence();
                if (failure.get() != null) {
                    return;
                }
                continue;
            }
            pending.put(item.sequence(), item.results());
            List<R> ready;
            while ((ready = pending.remove(next)) != null) {
                for (R result : ready) {
                    consumer.accept(result);
                }
                next++;
                permits.release();
            }
        }
    }

    private static void rethrow(Throwable e) throws Exception {
        if (e instanceof Exception exception) {
            throw exception;
        }
        throw (Error) e;
    }
}
