package io.claimmap.server;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** serve's validation threads: arrival order, a bounded wait, and no difference to the caller but the thread. */
@Timeout(30)
class ValidationWorkersTest {
    private static final Duration LONG = Duration.ofMinutes(5);
    private final ExecutorService requests = Executors.newCachedThreadPool();
    private final CountDownLatch release = new CountDownLatch(1);
    private ValidationWorkers workers;

    @AfterEach
    void stop() {
        release.countDown();
        requests.shutdownNow();
        if (workers != null) {
            workers.close();
        }
    }

    @Test
    void validationsRunOnTheValidationThreadsInArrivalOrder() throws Exception {
        workers = new ValidationWorkers(1, LONG);
        holdTheOnlyWorker();
        List<String> order = new CopyOnWriteArrayList<>();
        Future<?> second = requests.submit(() -> workers.run(() -> order.add("second " + Thread.currentThread().getName())));
        awaitWaiting(1);
        Future<?> third = requests.submit(() -> workers.run(() -> order.add("third " + Thread.currentThread().getName())));
        awaitWaiting(2);
        assertTrue(order.isEmpty(), "nothing runs while the only validation thread is busy");

        release.countDown();
        second.get();
        third.get();
        assertEquals(List.of("second claimmap-validate-1", "third claimmap-validate-1"), order);
        assertEquals(0, workers.waiting());
        assertEquals(0, workers.overruns());
    }

    @Test
    void aValidationNoThreadStartsWithinTheLongestWaitRunsOnItsRequestThread() throws Exception {
        workers = new ValidationWorkers(1, Duration.ZERO);
        holdTheOnlyWorker();
        long before = workers.overruns();
        AtomicInteger runs = new AtomicInteger();
        String caller = Thread.currentThread().getName();
        assertEquals(caller, workers.run(() -> {
            runs.incrementAndGet();
            return Thread.currentThread().getName();
        }));
        assertEquals(before + 1, workers.overruns());
        assertEquals(1, runs.get());
    }

    @Test
    void whatAValidationThrowsReachesTheCallerAsItWas() {
        workers = new ValidationWorkers(1, LONG);
        IllegalArgumentException failure = new IllegalArgumentException("malformed");
        assertSame(failure, assertThrows(IllegalArgumentException.class, () -> workers.run(() -> { throw failure; })));
        StackOverflowError error = new StackOverflowError();
        assertSame(error, assertThrows(StackOverflowError.class, () -> workers.run(() -> { throw error; })));
    }

    @Test
    void anInterruptedWaitRunsTheValidationOnItsRequestThreadAndKeepsTheInterrupt() throws Exception {
        workers = new ValidationWorkers(1, LONG);
        holdTheOnlyWorker();
        CompletableFuture<String> seen = new CompletableFuture<>();
        Thread waiter = new Thread(() -> {
            String thread = workers.run(() -> Thread.currentThread().getName());
            seen.complete(thread + (Thread.currentThread().isInterrupted() ? ", interrupted" : ""));
        }, "request");
        waiter.start();
        awaitWaiting(1);
        waiter.interrupt();
        assertEquals("request, interrupted", seen.get());
        assertEquals(0, workers.overruns(), "an interrupt is not counted as a wait run out");
    }

    @Test
    void noThreadsOrAStoppedPoolValidateOnTheRequestThread() {
        workers = new ValidationWorkers(0, LONG);
        assertEquals(Thread.currentThread().getName(), workers.run(() -> Thread.currentThread().getName()));
        assertEquals(0, workers.threads());
        ValidationWorkers stopped = new ValidationWorkers(2, LONG);
        stopped.close();
        assertEquals(Thread.currentThread().getName(), stopped.run(() -> Thread.currentThread().getName()));
        assertThrows(IllegalArgumentException.class, () -> new ValidationWorkers(-1, LONG));
    }

    private void holdTheOnlyWorker() throws InterruptedException {
        CountDownLatch holding = new CountDownLatch(1);
        requests.submit(() -> {
            // With a zero wait the request thread may start its own validation before the idle worker does: again.
            while (holding.getCount() > 0) {
                workers.run(() -> {
                    if (Thread.currentThread().getName().startsWith("claimmap-validate-")) {
                        holding.countDown();
                        await(release);
                    }
                    return null;
                });
            }
        });
        holding.await();
    }

    private void awaitWaiting(int count) {
        while (workers.waiting() < count) {
            Thread.yield();
        }
    }

    private static boolean await(CountDownLatch latch) {
        try {
            latch.await();
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
