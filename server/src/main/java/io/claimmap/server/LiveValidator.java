package io.claimmap.server;

import io.claimmap.engine.Validator;
import io.claimmap.engine.rules.RuleCompilationException;
import io.claimmap.engine.rules.RuleProblem;
import io.claimmap.engine.rules.RuleSet;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The validator requests use, swapped whole on a rule reload. A request reads the reference once, so it finishes
 * on the rules it started with; a reload that fails leaves the last good validator serving and records why.
 */
public final class LiveValidator {
    private static final Logger LOG = LoggerFactory.getLogger(LiveValidator.class);
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
        try {
            RuleSet rules = loading.load();
            current.set(serving.withRules(rules));
            lastError = null;
            metrics.reloaded(true);
            LOG.info("rules reloaded: revision {}", rules.revision());
            return true;
        } catch (RuleCompilationException e) {
            lastError = new ReloadError(Instant.now(), e.problems());
            LOG.warn("rules reload failed, the last good rules keep serving:\n{}", e.getMessage());
        } catch (IOException e) {
            lastError = failure("the rules could not be read: " + e.getMessage());
            LOG.warn("rules reload failed, the last good rules keep serving: {}", e.getMessage());
        } catch (Throwable e) { // NOPMD: OutOfMemoryError from a huge policy, a LinkageError from a bad cache...
            lastError = failure("the rules could not be loaded: " + e);
            LOG.error("rules reload failed, the last good rules keep serving", e);
        }
        metrics.reloaded(false);
        return false;
    }

    private static ReloadError failure(String message) {
        return new ReloadError(Instant.now(), List.of(new RuleProblem("rules", 1, 1, message)));
    }
}
