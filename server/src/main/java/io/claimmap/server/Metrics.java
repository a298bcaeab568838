package io.claimmap.server;

import io.claimmap.engine.keys.KeySource;
import io.claimmap.engine.rules.RuleGuard;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;

/**
 * What the hook exposes at {@code /metrics}, through the Prometheus Java client: the JVM and the process (standard
 * {@code jvm_*} and {@code process_*} names), and the hook's own {@code claimmap_*} metrics. Every metric is
 * registered here, once, and documented in docs/DEPLOY.md; other parts of the server only call the methods below.
 * Gauges read state that is already in memory when scraped: a scrape never does I/O. Thread-safe.
 */
public final class Metrics {
    /** Seconds. Validation takes tens of microseconds; a cold remote key fetch up to the fetch timeout. */
    private static final double[] DURATION_BUCKETS = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    private volatile java.util.function.LongSupplier decisionLogDroppedCount = () -> 0;

    private final Counter requests = Counter.builder().name("claimmap_requests_total")
            .help("HTTP requests by route template and status.").labelNames("route", "status").register(registry);
    private final Histogram requestDuration = Histogram.builder().name("claimmap_request_duration_seconds")
            .help("HTTP request duration by route template, from the request line to the last byte of the answer.")
            .labelNames("route").classicOnly().classicUpperBounds(DURATION_BUCKETS).register(registry);
    private final Counter validations = Counter.builder().name("claimmap_validations_total")
            .help("Validations by verdict.").labelNames("verdict").register(registry);
    private final Counter reloads = Counter.builder().name("claimmap_rule_reloads_total")
            .help("Rule reloads by result.").labelNames("result").register(registry);
    private final Counter rejected = Counter.builder().name("claimmap_http_rejected_total")
            .help("Work the request thread pool refused because its queue was full (the connection is closed).")
            .register(registry);
    {
        // Read from the decision log on scrape: it counts the records its full queue could not take.
        counter("claimmap_decision_log_dropped_total", "Decision log records dropped because the log's queue was full.",
                () -> decisionLogDroppedCount.getAsLong());
    }
    private volatile Supplier<Map<String, Long>> genesysLookups = Map::of;

    {
        CounterWithCallback.builder().name("claimmap_genesys_lookups_total")
                .help("Genesys Cloud look-ups (--genesys) by kind and result; cached answers made no call.")
                .labelNames("kind", "result")
                .callback(callback -> genesysLookups.get().forEach((key, count) -> {
                    int dot = key.indexOf('.');
                    callback.call(count, key.substring(0, dot), key.substring(dot + 1));
                }))
                .register(registry);
    }

    public Metrics() {
        for (String verdict : List.of("pass", "warn", "fail")) {
            validations.labelValues(verdict);
        }
        reloads.labelValues("success");
        reloads.labelValues("failure");
        // The rule engine's own counts (RuleGuard): evaluations run on its threads, whichever server asked for them.
        counter("claimmap_rule_budget_exceeded_total", "Rule evaluations stopped because they ran over their budget "
                + "(firings, time), or not run because too many were running.", RuleGuard::overBudget);
        counter("claimmap_rule_failures_total",
                "Rule evaluations stopped because a rule threw (an exception or an Error).", RuleGuard::failed);
        gauge("claimmap_rule_evaluations_runaway", "Rule evaluations abandoned at their deadline whose rule code still "
                + "runs (a restart ends them).", RuleGuard::runaway);
        JvmMetrics.builder().register(registry);
    }

    /** Readiness as a gauge, for alerting on a hook that stays unready. */
    void readiness(BooleanSupplier ready) {
        gauge("claimmap_ready", "1 when /readyz answers 200, else 0.", () -> ready.getAsBoolean() ? 1 : 0);
    }

    /** The health each key source last reported (no I/O on scrape): 1 up, 0 down or not read yet. */
    void keySources(Supplier<List<KeySource>> sources) {
        GaugeWithCallback.builder().name("claimmap_key_source_up")
                .help("Whether a configured key source last gave keys (1) or not (0), as the source reported it.")
                .labelNames("source")
                .callback(callback -> sources.get().forEach(source -> callback.call(source.health().up() ? 1 : 0,
                        source.description())))
                .register(registry);
    }

    /** The request thread pool: threads by state, the most allowed, and the queue of work waiting for a thread. */
    void threadPool(QueuedThreadPool pool, int queueCapacity) {
        GaugeWithCallback.builder().name("claimmap_http_threads").help("Request threads by state.").labelNames("state")
                .callback(callback -> {
                    callback.call(pool.getBusyThreads(), "busy");
                    callback.call(pool.getIdleThreads(), "idle");
                }).register(registry);
        gauge("claimmap_http_threads_max", "Request threads at most (--threads).", pool::getMaxThreads);
        gauge("claimmap_http_queue_size", "Work waiting for a request thread.", pool::getQueueSize);
        gauge("claimmap_http_queue_capacity", "Work that may wait for a request thread; beyond it work is rejected.",
                () -> queueCapacity);
    }

    /** The threads that run {@code /v1/validate}'s validations ({@link ValidationWorkers}). */
    void validationWorkers(ValidationWorkers workers) {
        gauge("claimmap_validation_threads", "Threads that validate (--validation-threads; 0: the request threads do).",
                workers::threads);
        gauge("claimmap_validations_waiting", "Validations waiting for a validation thread.", workers::waiting);
        counter("claimmap_validations_on_request_thread_total", "Validations no validation thread started within "
                + workers.maxWait().toMillis() + " ms, run on their request thread instead.", workers::overruns);
    }

    /** A gauge read on scrape. */
    private void gauge(String name, String help, DoubleSupplier value) {
        GaugeWithCallback.builder().name(name).help(help).callback(callback -> callback.call(value.getAsDouble()))
                .register(registry);
    }

    /** A counter kept elsewhere, read on scrape. */
    private void counter(String name, String help, DoubleSupplier value) {
        CounterWithCallback.builder().name(name).help(help).callback(callback -> callback.call(value.getAsDouble()))
                .register(registry);
    }

    public void request(String route, int status, double seconds) {
        requests.labelValues(route, Integer.toString(status)).inc();
        requestDuration.labelValues(route).observe(seconds);
    }

    public void verdict(String verdict) {
        validations.labelValues(verdict).inc();
    }

    public void reloaded(boolean success) {
        reloads.labelValues(success ? "success" : "failure").inc();
    }

    void rejected() {
        rejected.inc();
    }

    /**
     * Counts of Genesys Cloud look-ups keyed {@code kind.result} ({@code contact.found}, {@code user.cached},
     * {@code contact.unavailable}, ...), as {@code CachedGenesysOrg.counts()} gives them.
     */
    public void genesysLookups(Supplier<Map<String, Long>> counts) {
        this.genesysLookups = counts;
    }

    /** The decision log's count of records dropped because its queue was full (read on scrape). */
    public void decisionLogDropped(java.util.function.LongSupplier dropped) {
        this.decisionLogDroppedCount = dropped;
    }

    public String contentType() {
        return writer.getContentType();
    }

    public byte[] scrape() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
        try {
            writer.write(out, registry.scrape());
        } catch (IOException e) {
            throw new IllegalStateException(e); // a ByteArrayOutputStream does not fail
        }
        return prefixed(out.toString(StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Every metric name starts with {@code claimmap_} (the hook's contract), the client library's JVM and process
     * metrics included: {@code jvm_memory_used_bytes} is exported as {@code claimmap_jvm_memory_used_bytes}.
     */
    static String prefixed(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2048);
        for (String line : text.split("\n", -1)) {
            if (line.startsWith("# HELP ") || line.startsWith("# TYPE ")) {
                String name = line.substring(7);
                out.append(line, 0, 7).append(name.startsWith(PREFIX) ? "" : PREFIX).append(name);
            } else if (!line.isEmpty() && !line.startsWith("#") && !line.startsWith(PREFIX)) {
                out.append(PREFIX).append(line);
            } else {
                out.append(line);
            }
            out.append('\n');
        }
        out.setLength(out.length() - 1);
        return out.toString();
    }

    private static final String PREFIX = "claimmap_";
}
