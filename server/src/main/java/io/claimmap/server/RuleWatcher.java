package io.claimmap.server;

import io.claimmap.engine.rules.RuleSource;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Watches the {@code --rules} paths by polling the content hash of their {@code .drl} files (the same files, read
 * the same way, as a reload reads) every {@link #DEFAULT_INTERVAL}, and reloads when it changed, on a thread of its
 * own, off the request path. Polling needs no special case: a Kubernetes ConfigMap update (a swapped {@code ..data}
 * symlink) changes what the visible files read; other files in the folder (editor backups, notes) never count; and
 * a steady stream of edits cannot postpone a reload, which happens at the next poll whatever else changes.
 */
final class RuleWatcher implements AutoCloseable {
    static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);

    private final List<Path> paths;
    private final Runnable reload;
    private final ScheduledExecutorService polls = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "claimmap-rule-watch");
        thread.setDaemon(true);
        return thread;
    });
    private String fingerprint;

    RuleWatcher(List<Path> paths, Runnable reload) {
        this(paths, reload, DEFAULT_INTERVAL);
    }

    RuleWatcher(List<Path> paths, Runnable reload, Duration interval) {
        this.paths = List.copyOf(paths);
        this.reload = reload;
        this.fingerprint = fingerprint();
        polls.scheduleWithFixedDelay(this::poll, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void poll() {
        try {
            String now = fingerprint();
            if (!now.equals(fingerprint)) {
                fingerprint = now;
                reload.run(); // records its own failures
            }
        } catch (RuntimeException e) {
            // a scheduled task that throws is never run again: watching must outlive any one failure
            LoggerFactory.getLogger(RuleWatcher.class).error("rule folder poll failed", e);
        }
    }

    /** The hash of every watched .drl file's content, or a description of why they cannot be read. */
    private String fingerprint() {
        try {
            List<RuleSource> sources = new ArrayList<>();
            for (Path path : paths) {
                sources.addAll(RuleSource.read(path));
            }
            List<RuleSource> named = new ArrayList<>();
            for (RuleSource source : sources) {
                named.add(new RuleSource("", source.origin() + "\u0000" + source.drl()));
            }
            return RuleSource.hash("watch", named);
        } catch (IOException | RuntimeException e) {
            return "unreadable: " + e.getMessage();
        }
    }

    @Override
    public void close() {
        polls.shutdownNow();
    }
}
