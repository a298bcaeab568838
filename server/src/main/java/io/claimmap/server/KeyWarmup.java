package io.claimmap.server;

import io.claimmap.engine.keys.KeySource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Reads every key source once before the hook reports ready, retrying every few seconds in the background until
 * each has given keys (a source whose fetch failed is fetched again at most every 30 s: nimbus' rate limit, which also
 * bounds the fetches that tokens naming unknown kids can cause, so a retry in between costs nothing); logs each source going up or down (as the source reports it, with the cause). After the
 * warm-up a source that goes down keeps serving its last keys (nimbus' outage tolerance) and the hook stays ready.
 */
final class KeyWarmup {
    private static final Logger LOG = LoggerFactory.getLogger(KeyWarmup.class);
    static final long RETRY_SECONDS = 2;

    private final List<KeySource> sources;
    private final ScheduledExecutorService timer;
    private final Runnable onChange;
    private volatile boolean done;

    KeyWarmup(List<KeySource> sources, ScheduledExecutorService timer, Runnable onChange) {
        this.sources = sources;
        this.timer = timer;
        this.onChange = onChange;
        for (KeySource source : sources) {
            source.health().onChange(state -> {
                if (Boolean.TRUE.equals(state.up())) {
                    LOG.atInfo().addKeyValue("source", source.description()).addKeyValue("up", true)
                            .log("key source up: {}", source.description());
                } else {
                    LOG.atWarn().addKeyValue("source", source.description()).addKeyValue("up", false)
                            .addKeyValue("cause", state.cause())
                            .log("key source down: {}: {}", source.description(), state.cause());
                }
                onChange.run();
            });
        }
    }

    /** Reads every source once on the caller's thread (a reachable source is read before serve returns). */
    void start() {
        attempt();
    }

    boolean done() {
        return done;
    }

    /** Why the warm-up is not done yet: the first source that has not given keys, and its last problem. */
    String waitingFor() {
        for (KeySource source : sources) {
            if (!source.health().up()) {
                String cause = source.health().state().cause();
                return "key source " + source.description() + " has not given keys yet" + (cause == null ? "" : ": " + cause);
            }
        }
        return "key sources have not given keys yet";
    }

    private void attempt() {
        boolean all = true;
        for (KeySource source : sources) {
            try {
                all &= !source.all().isEmpty();
            } catch (Exception e) {
                all = false;
            }
        }
        if (all) {
            done = true;
            onChange.run();
        } else if (!timer.isShutdown()) {
            onChange.run();
            timer.schedule(this::attempt, RETRY_SECONDS, TimeUnit.SECONDS);
        }
    }
}
