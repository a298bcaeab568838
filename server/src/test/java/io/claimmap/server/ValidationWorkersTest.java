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
// A separate thread: a broken wait may ignore interrupts, and must fail the test rather than hang the build.
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
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
        assertEquals(0, workers.waiting(), "a validation its request thread took over leaves the queue");

        release.countDown();
        runOnTheWorker();
        assertEquals(1, runs.get(), "run once: the validation thread does not run it again");
    }

    @Test
    void whatAValidationThrowsReachesTheCallerAsItWas() {
        workers = new ValidationWorkers(1, LONG);
        for (Throwable thrown : List.of(new IllegalArgumentException("malformed"), new StackOverflowError(),
                new java.util.concurrent.CompletionException("wrapped", new java.io.IOException("cause")),
                new java.io.IOException("checked, thrown past the Supplier's signature"))) {
            Throwable caught = assertThrows(Throwable.class, () -> workers.run(() -> sneakyThrow(thrown)));
            assertSame(thrown, caught);
        }
    }

    @Test
    void anInterruptOfAWaitingRequestThreadReachesTheValidationThreadRunningItsValidation() throws Exception {
        workers = new ValidationWorkers(1, LONG);
        CountDownLatch running = new CountDownLatch(1);
        CompletableFuture<String> answer = new CompletableFuture<>();
        Thread request = new Thread(() -> answer.complete(workers.run(() -> {
            running.countDown();
            return await(release) ? "released" : "interrupted on " + Thread.currentThread().getName();
        })), "request");
        request.start();
        running.await();
        request.interrupt(); // what a stop does to request threads when the drain runs out
        assertEquals("interrupted on claimmap-validate-1", answer.get());
        assertEquals("claimmap-validate-1", workers.run(() -> Thread.currentThread().getName()
                + (Thread.currentThread().isInterrupted() ? ", still interrupted" : "")), "the interrupt ends with its job");
    }

    @Test
    void anInterruptedWaitRunsTheValidationOnItsRequestThreadAndKeepsTheInterrupt() throws Exception {
        workers = new ValidationWorkers(1, LONG);
        holdTheOnlyWorker();
        CompletableFuture<String> seen = new CompletableFuture<>();
        Thread waiter = new Thread(() -> {
            String thread = workers.run(() -> Thread.currentThread().getName()
                    + (Thread.currentThread().isInterrupted() ? ", interrupted" : ""));
            seen.complete(thread + (Thread.currentThread().isInterrupted() ? ", still" : ""));
        }, "request");
        waiter.start();
        awaitWaiting(1);
        waiter.interrupt();
        assertEquals("request, interrupted, still", seen.get(), "the validation sees the interrupt, and so does the caller");
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
        while (workers.waiting() < count && !Thread.currentThread().isInterrupted()) {
            Thread.yield();
        }
    }

    /** Runs validations until one runs on the only validation thread: everything queued before it has been taken. */
    private void runOnTheWorker() {
        while (!workers.run(() -> Thread.currentThread().getName()).startsWith("claimmap-validate-")) {
            Thread.yield();
        }
    }

    @SuppressWarnings("unchecked")
    private static <T, E extends Throwable> T sneakyThrow(Throwable thrown) throws E {
        throw (E) thrown;
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
