package io.claimmap.server;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Watches the {@code --rules} paths and reloads after an edit settles: editors write a file in several steps, so
 * a burst of events becomes one reload, run on a thread of its own, off the request path. Any change in a watched
 * folder counts, not only to {@code .drl} files: a Kubernetes ConfigMap update swaps a {@code ..data} symlink and
 * never touches the visible files. A reload of unchanged rules costs little: compiled rules are cached by content.
 */
final class RuleWatcher implements AutoCloseable {
    static final long SETTLE_MILLIS = 200;

    private final WatchService watcher;
    private final ScheduledExecutorService reloads = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "claimmap-rule-reload"));
    private final Thread loop;
    private ScheduledFuture<?> pending;

    RuleWatcher(List<Path> paths, Runnable reload) throws IOException {
        watcher = FileSystems.getDefault().newWatchService();
        Set<Path> folders = new HashSet<>();
        for (Path path : paths) {
            Path absolute = path.toAbsolutePath();
            if (Files.isDirectory(absolute)) {
                try (Stream<Path> walk = Files.walk(absolute)) {
                    walk.filter(Files::isDirectory).filter(f -> !f.getFileName().toString().startsWith("..")).forEach(folders::add);
                }
            } else {
                folders.add(absolute.getParent());
            }
        }
        for (Path folder : folders) {
            register(folder);
        }
        loop = daemon(() -> watch(reload), "claimmap-rule-watch");
        loop.start();
    }

    private void watch(Runnable reload) {
        try {
            while (true) {
                WatchKey key = watcher.take();
                for (var event : key.pollEvents()) {
                    if (event.context() instanceof Path name && key.watchable() instanceof Path folder
                            && event.kind() == StandardWatchEventKinds.ENTRY_CREATE
                            && Files.isDirectory(folder.resolve(name)) && !name.toString().startsWith(".")) {
                        register(folder.resolve(name));
                    }
                }
                key.reset();
                schedule(reload);
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void register(Path folder) {
        try {
            folder.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                    StandardWatchEventKinds.ENTRY_DELETE);
        } catch (IOException e) {
            // a folder that vanished as it appeared: the next event of its parent triggers a reload anyway
        }
    }

    private synchronized void schedule(Runnable reload) {
        if (pending != null) {
            pending.cancel(false);
        }
        pending = reloads.schedule(reload, SETTLE_MILLIS, TimeUnit.MILLISECONDS);
    }

    private static Thread daemon(Runnable body, String name) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        return thread;
    }

    @Override
    public void close() throws IOException {
        watcher.close();
        reloads.shutdownNow();
    }
}
