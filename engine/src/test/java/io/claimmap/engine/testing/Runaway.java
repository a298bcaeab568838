package io.claimmap.engine.testing;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

/**
 * A rule consequence that never returns, for the tests of the time budget, which a test ends once it has its answer:
 * {@code io.claimmap.engine.testing.Runaway.spin( "name" )} in a consequence holds its rule thread, deaf to interrupts
 * like any loop in rule code, until the test calls {@link #release}. It waits a millisecond at a time rather than
 * burning a core: the budget is what is tested, and on two cores a loop that ended by itself (counting to three
 * billion) kept a core busy for seconds after each test, beside the threads that had to answer.
 */
public final class Runaway {
    private static final Set<String> RELEASED = ConcurrentHashMap.newKeySet();
    private static final Set<String> SPINNING = ConcurrentHashMap.newKeySet();

    private Runaway() {
    }

    /** Holds the thread until {@link #release(String)} of this name; clears and ignores interrupts. */
    public static long spin(String name) {
        long spins = 0;
        SPINNING.add(name);
        while (!RELEASED.contains(name)) {
            Thread.interrupted(); // deaf to the cancel at the deadline, as a loop in a consequence is
            LockSupport.parkNanos(1_000_000);
            spins++;
        }
        return spins;
    }

    /** Whether a consequence has entered {@link #spin(String)} under this name: its request is then in flight. */
    public static boolean spinning(String name) {
        return SPINNING.contains(name);
    }

    /** Ends every spin of this name, now and later. */
    public static void release(String name) {
        RELEASED.add(name);
    }
}
