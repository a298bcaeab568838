package io.claimmap.engine.keys;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Whether a key source can give keys, as last reported by the source itself (nimbus' health reporting and outage
 * events for remote sources; always up for files). Reading it never does I/O, so a metrics scrape or a readiness
 * probe costs nothing. Thread-safe.
 */
public final class KeySourceHealth {
    /** {@code up} null while the source has not been read yet; {@code cause} says why it is down. */
    public record State(Boolean up, String cause, Instant since) {
    }

    private final String description;
    private final List<Consumer<State>> listeners = new CopyOnWriteArrayList<>();
    private volatile State state;

    private KeySourceHealth(String description, State state) {
        this.description = description;
        this.state = state;
    }

    /** A source read over the network: unknown until its first fetch. */
    public static KeySourceHealth remote(String description) {
        return new KeySourceHealth(description, new State(null, "not read yet", Instant.now()));
    }

    /** A source read from a file at start: it gave keys, or the command would have stopped. */
    public static KeySourceHealth alwaysUp(String description) {
        return new KeySourceHealth(description, new State(true, null, Instant.now()));
    }

    public String description() {
        return description;
    }

    public State state() {
        return state;
    }

    /** True when the source reported that it gave keys. */
    public boolean up() {
        return Boolean.TRUE.equals(state.up());
    }

    /** Called with the new state each time the source goes up or down (not on every fetch). */
    public void onChange(Consumer<State> listener) {
        listeners.add(listener);
    }

    void reportUp() {
        change(true, null);
    }

    void reportDown(String cause) {
        change(false, cause);
    }

    private void change(boolean up, String cause) {
        State next;
        synchronized (this) {
            State previous = state;
            if (Objects.equals(previous.up(), up)) {
                if (!Objects.equals(previous.cause(), cause)) {
                    state = new State(up, cause, previous.since()); // a new reason, the same state: no event
                }
                return;
            }
            next = new State(up, cause, Instant.now());
            state = next;
        }
        for (Consumer<State> listener : listeners) {
            listener.accept(next);
        }
    }

    /** One line for a log or a problem document: the exception's message, its cause's when it has none. */
    static String describe(Throwable e) {
        if (e == null) {
            return "unknown cause";
        }
        String message = e.getMessage();
        if ((message == null || message.isBlank()) && e.getCause() != null) {
            return describe(e.getCause());
        }
        return message == null ? e.getClass().getSimpleName() : message;
    }
}
