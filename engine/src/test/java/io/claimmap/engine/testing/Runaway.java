package io.claimmap.engine.testing;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A rule consequence that never returns, for the tests of the time budget, which a test ends once it has its answer:
 * {@code io.claimmap.engine.testing.Runaway.spin( "name" )} in a consequence spins on its rule thread, deaf to
 * interrupts like any loop in rule code, until the test calls {@link #release}. A loop that ended by itself (counting
 * to three billion) kept a core busy for seconds after each test; this one stops when the test is done with it.
 */
public final class Runaway {
    private static final Set<String> RELEASED = ConcurrentHashMap.newKeySet();

    private Runaway() {
    }

    /** Spins until {@link #release(String)} of this name; ignores interrupts, as the rule code it stands for would. */
    public static long spin(String name) {
        long spins = 0;
        while (!RELEASED.contains(name)) {
            Thread.onSpinWait();
            spins++;
        }
        return spins;
    }

    /** Ends every spin of this name, now and later. */
    public static void release(String name) {
        RELEASED.add(name);
    }
}
