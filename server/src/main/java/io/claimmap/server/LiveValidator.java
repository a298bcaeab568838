package io.claimmap.server;

import io.claimmap.engine.ValidationSettings;
import io.claimmap.engine.Validator;
import io.claimmap.engine.rules.RuleCompilationException;
import io.claimmap.engine.rules.RuleProblem;
import io.claimmap.engine.rules.RuleSet;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The validator requests use, swapped whole on a rule reload. A request reads the reference once, so it finishes
 * on the rules it started with; a reload that fails leaves the last good validator serving and records why.
 */
public final class LiveValidator {
    /** Why the last reload failed, for {@code /v1/rules}. */
    public record ReloadError(Instant at, List<RuleProblem> problems) {
    }

    private final AtomicReference<Validator> current = new AtomicReference<>();
    private final RuleLoading loading;
    private final Metrics metrics;
    private volatile ReloadError lastError;

    public LiveValidator(RuleLoading loading, Metrics metrics) {
        this.loading = loading;
        this.metrics = metrics;
    }

    /** Null until the first rule set is in place. */
    public Validator validator() {
        return current.get();
    }

    public ReloadError lastError() {
        return lastError;
    }

    void install(Validator validator) {
        current.set(validator);
    }

    /**
     * Compiles the rules again (on the caller's thread, never a request's) and swaps them in if they compile. Any
     * failure, an {@code Error} such as OutOfMemoryError included, leaves the last good rules serving, is recorded
     * for {@code /v1/rules} and logged; it never escapes (a watcher thread must survive it).
     */
    public synchronized boolean reload() {
        Validator serving = current.get();
        long start = System.nanoTime();
        Throwable cause = null;
        try {
            RuleSet rules = loading.load();
            current.set(serving.withRules(rules));
            lastError = null;
            metrics.reloaded(true);
            ReloadLog.success(rules.revision(), (System.nanoTime() - start) / 1_000_000);
            return true;
        } catch (RuleCompilationException e) {
            lastError = new ReloadError(Instant.now(), e.problems());
        } catch (IOException e) {
            lastError = failure("the rules could not be read: " + ValidationSettings.describe(e));
        } catch (Throwable e) { // NOPMD: OutOfMemoryError from a huge policy, a LinkageError from a bad cache...
            lastError = failure("the rules could not be loaded: " + e);
            cause = e;
        }
        metrics.reloaded(false);
        ReloadLog.failure(lastError.problems(), serving.config().rules().revision(), cause);
        return false;
    }

    private static ReloadError failure(String message) {
        return new ReloadError(Instant.now(), List.of(new RuleProblem("rules", 1, 1, message)));
    }
}
