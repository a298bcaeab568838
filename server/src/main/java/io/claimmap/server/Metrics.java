package io.claimmap.server;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * The few metrics the hook exposes, in Prometheus text format. Written by hand: four counters and one histogram
 * do not justify a metrics library on the request path. Thread-safe and lock-free for writers.
 */
public final class Metrics {
    // Seconds; validation takes tens of microseconds, a cold remote key fetch up to the fetch timeout.
    private static final double[] BUCKETS = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5};

    private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> verdicts = new ConcurrentHashMap<>();
    private final LongAdder[] bucketCounts = new LongAdder[BUCKETS.length + 1];
    private final LongAdder durationCount = new LongAdder();
    private final java.util.concurrent.atomic.DoubleAdder durationSum = new java.util.concurrent.atomic.DoubleAdder();
    private final LongAdder reloads = new LongAdder();
    private final LongAdder reloadFailures = new LongAdder();
    private volatile Supplier<Map<String, Boolean>> keySourceHealth = Map::of;

    public Metrics() {
        for (int i = 0; i < bucketCounts.length; i++) {
            bucketCounts[i] = new LongAdder();
        }
    }

    public void request(String route, int status, long nanos) {
        requests.computeIfAbsent(route + "\u0000" + status, k -> new LongAdder()).increment();
        double seconds = nanos / 1e9;
        int bucket = 0;
        while (bucket < BUCKETS.length && seconds > BUCKETS[bucket]) {
            bucket++;
        }
        bucketCounts[bucket].increment();
        durationCount.increment();
        durationSum.add(seconds);
    }

    public void verdict(String verdict) {
        verdicts.computeIfAbsent(verdict, k -> new LongAdder()).increment();
    }

    public void reloaded(boolean success) {
        (success ? reloads : reloadFailures).increment();
    }

    public void keySourceHealth(Supplier<Map<String, Boolean>> health) {
        this.keySourceHealth = health;
    }

    public String scrape() {
        StringBuilder out = new StringBuilder();
        out.append("# HELP claimmap_requests_total HTTP requests by route and status.\n");
        out.append("# TYPE claimmap_requests_total counter\n");
        new TreeMap<>(requests).forEach((key, count) -> {
            String[] parts = key.split("\u0000");
            out.append("claimmap_requests_total{route=\"").append(parts[0]).append("\",status=\"").append(parts[1])
                    .append("\"} ").append(count.sum()).append('\n');
        });
        out.append("# HELP claimmap_validations_total Validations by verdict.\n");
        out.append("# TYPE claimmap_validations_total counter\n");
        for (String verdict : new String[]{"pass", "warn", "fail"}) {
            LongAdder count = verdicts.get(verdict);
            out.append("claimmap_validations_total{verdict=\"").append(verdict).append("\"} ")
                    .append(count == null ? 0 : count.sum()).append('\n');
        }
        out.append("# HELP claimmap_request_duration_seconds Request latency.\n");
        out.append("# TYPE claimmap_request_duration_seconds histogram\n");
        long cumulative = 0;
        for (int i = 0; i < BUCKETS.length; i++) {
            cumulative += bucketCounts[i].sum();
            out.append("claimmap_request_duration_seconds_bucket{le=\"").append(BUCKETS[i]).append("\"} ")
                    .append(cumulative).append('\n');
        }
        cumulative += bucketCounts[BUCKETS.length].sum();
        out.append("claimmap_request_duration_seconds_bucket{le=\"+Inf\"} ").append(cumulative).append('\n');
        out.append("claimmap_request_duration_seconds_sum ").append(durationSum.sum()).append('\n');
        out.append("claimmap_request_duration_seconds_count ").append(durationCount.sum()).append('\n');
        out.append("# HELP claimmap_rule_reloads_total Rule reloads by result.\n");
        out.append("# TYPE claimmap_rule_reloads_total counter\n");
        out.append("claimmap_rule_reloads_total{result=\"success\"} ").append(reloads.sum()).append('\n');
        out.append("claimmap_rule_reloads_total{result=\"failure\"} ").append(reloadFailures.sum()).append('\n');
        out.append(io.claimmap.engine.rules.RuleGuard.prometheus()); // runaway and stopped rule evaluations
        out.append("# HELP claimmap_key_source_up Whether a configured key source can currently give keys (1) or not (0).\n");
        out.append("# TYPE claimmap_key_source_up gauge\n");
        new TreeMap<>(keySourceHealth.get()).forEach((source, up) -> out.append("claimmap_key_source_up{source=\"")
                .append(source.replace("\\", "\\\\").replace("\"", "\\\"")).append("\"} ").append(up ? 1 : 0).append('\n'));
        return out.toString();
    }
}
