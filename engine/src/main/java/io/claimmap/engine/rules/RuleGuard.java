package io.claimmap.engine.rules;

import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Where rule evaluations run: threads of their own, so that the caller (a CLI run, a request thread) always gets its
 * answer within the evaluation's time budget. A rule that never returns (a loop in a consequence that calls nothing
 * claimmap can stop) keeps its thread; it is abandoned and counted, and the pool makes a new thread for the next
 * evaluation. Process-wide counters, which a server's {@code /metrics} reads.
 */
public final class RuleGuard {
    /** Evaluations at once at most, runaway ones included; more are refused with RULE_FAILED. */
    static final int MAX_THREADS = 256;

    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final AtomicLong OVER_BUDGET = new AtomicLong();
    private static final AtomicLong FAILED = new AtomicLong();
    private static final AtomicInteger RUNAWAY = new AtomicInteger();

    static final ThreadPoolExecutor EXECUTOR = new ThreadPoolExecutor(0, MAX_THREADS, 60, TimeUnit.SECONDS,
            new SynchronousQueue<>(), runnable -> {
                Thread thread = new Thread(runnable, "claimmap-rules-" + THREADS.incrementAndGet());
                thread.setDaemon(true); // a runaway rule never keeps the process alive
                return thread;
            });

    private RuleGuard() {
    }

    /** Evaluations stopped for exceeding their firing or time budget since the process started. */
    public static long overBudget() {
        return OVER_BUDGET.get();
    }

    /** Evaluations in which a rule threw (an exception or an Error) since the process started. */
    public static long failed() {
        return FAILED.get();
    }

    /** Evaluations abandoned at their deadline whose rule code is still running: each holds a thread and a CPU. */
    public static int runaway() {
        return RUNAWAY.get();
    }

    static void countOverBudget() {
        OVER_BUDGET.incrementAndGet();
    }

    static void countFailed() {
        FAILED.incrementAndGet();
    }

    static void runawayStarted() {
        RUNAWAY.incrementAndGet();
    }

    static void runawayEnded() {
        RUNAWAY.decrementAndGet();
    }
}
