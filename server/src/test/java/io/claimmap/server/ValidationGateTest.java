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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The turns of {@code /v1/validate}: a limit, kept in arrival order, that never holds a request past its wait. */
@Timeout(30)
class ValidationGateTest {
    private static final Duration LONG = Duration.ofMinutes(5);
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void stop() {
        release.countDown();
        threads.shutdownNow();
    }

    @Test
    void beyondTheLimitAValidationWaitsForATurnAndTheTurnsGoInArrivalOrder() throws Exception {
        ValidationGate gate = new ValidationGate(1, LONG);
        CountDownLatch holding = new CountDownLatch(1);
        Future<String> first = threads.submit(() -> gate.run(() -> {
            holding.countDown();
            await(release);
            return "first";
        }));
        holding.await();
        List<String> order = new CopyOnWriteArrayList<>();
        Future<?> second = threads.submit(() -> gate.run(() -> order.add("second")));
        awaitWaiting(gate, 1);
        Future<?> third = threads.submit(() -> gate.run(() -> order.add("third")));
        awaitWaiting(gate, 2);
        assertTrue(order.isEmpty(), "nothing runs while the only turn is taken");

        release.countDown();
        assertEquals("first", first.get());
        second.get();
        third.get();
        assertEquals(List.of("second", "third"), order);
        assertEquals(0, gate.waiting());
        assertEquals(0, gate.overruns());
    }

    @Test
    void aValidationThatWaitedTheLongestAllowedRunsAnywayAndIsCounted() throws Exception {
        ValidationGate gate = new ValidationGate(1, Duration.ZERO);
        CountDownLatch holding = new CountDownLatch(1);
        threads.submit(() -> gate.run(() -> {
            holding.countDown();
            return await(release);
        }));
        holding.await();
        assertEquals("ran beside the stuck one", gate.run(() -> "ran beside the stuck one"));
        assertEquals(1, gate.overruns());
    }

    @Test
    void anInterruptedWaitRunsTheValidationAndKeepsTheInterrupt() throws Exception {
        ValidationGate gate = new ValidationGate(1, LONG);
        CountDownLatch holding = new CountDownLatch(1);
        threads.submit(() -> gate.run(() -> {
            holding.countDown();
            return await(release);
        }));
        holding.await();
        CompletableFuture<Boolean> interruptedAfter = new CompletableFuture<>();
        Thread waiter = new Thread(() -> {
            String ran = gate.run(() -> "ran");
            interruptedAfter.complete("ran".equals(ran) && Thread.currentThread().isInterrupted());
        });
        waiter.start();
        awaitWaiting(gate, 1);
        waiter.interrupt();
        assertTrue(interruptedAfter.get());
        assertEquals(0, gate.overruns(), "an interrupt is not an overrun");
    }

    @Test
    void zeroMeansNoLimit() throws Exception {
        ValidationGate gate = new ValidationGate(0, LONG);
        CountDownLatch both = new CountDownLatch(2);
        Future<?> one = threads.submit(() -> gate.run(() -> { both.countDown(); return await(both); }));
        Future<?> two = threads.submit(() -> gate.run(() -> { both.countDown(); return await(both); }));
        one.get();
        two.get();
        assertEquals(0, gate.maxConcurrent());
        assertEquals(0, gate.waiting());
    }

    @Test
    void aNegativeLimitIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new ValidationGate(-1, LONG));
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

    private static void awaitWaiting(ValidationGate gate, int count) {
        while (gate.waiting() < count) {
            Thread.yield();
        }
    }
}
