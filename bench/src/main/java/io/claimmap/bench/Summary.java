package io.claimmap.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a JMH JSON result ({@code -rf json}) and prints the figures {@code docs/PERFORMANCE.md} reports: medians of
 * claimmap's validation against the targets, and its ratios to the baselines measured in the same run.
 * {@code java -cp bench/target/benchmarks.jar io.claimmap.bench.Summary bench/target/jmh-result.json}
 */
public final class Summary {
    private static final Map<String, Double> TARGETS_US = Map.of("Rs256Benchmark", 80.0, "Es256Benchmark", 400.0);
    /** Issue 14: validate at most this many times the bare verify of the same token (averages, same run). */
    private static final Map<String, Map.Entry<String, Double>> RATIO_TARGETS = Map.of(
            "Rs256Benchmark", Map.entry("jcaVerify", 1.25), "Es256Benchmark", Map.entry("bouncyCastleJcaVerify", 1.10));

    private Summary() {
    }

    public static void main(String[] args) throws Exception {
        JsonNode runs = new ObjectMapper().readTree(Path.of(args.length > 0 ? args[0] : "bench/target/jmh-result.json").toFile());
        Map<String, Double> average = new LinkedHashMap<>();
        Map<String, Double> error = new LinkedHashMap<>();
        Map<String, Double> median = new LinkedHashMap<>();
        for (JsonNode run : runs) {
            String name = run.get("benchmark").asText().replace("io.claimmap.bench.", "");
            JsonNode metric = run.get("primaryMetric");
            if (!"us/op".equals(metric.get("scoreUnit").asText())) {
                throw new IllegalArgumentException(name + ": expected us/op, got " + metric.get("scoreUnit").asText());
            }
            switch (run.get("mode").asText()) {
                case "avgt" -> {
                    average.put(name, metric.get("score").asDouble());
                    error.put(name, metric.get("scoreError").asDouble());
                }
                case "sample" -> median.put(name, metric.get("scorePercentiles").get("50.0").asDouble());
                default -> { }
            }
        }
        System.out.println("benchmark                                   avg µs/op    ± error   median µs");
        for (var entry : average.entrySet()) {
            Double p50 = median.get(entry.getKey());
            double err = error.get(entry.getKey());
            System.out.printf(Locale.ROOT, "%-40s %12.2f %10s %11s%n", entry.getKey(), entry.getValue(),
                    Double.isNaN(err) ? "" : String.format(Locale.ROOT, "%.2f", err),
                    p50 == null ? "" : String.format(Locale.ROOT, "%.2f", p50));
        }
        System.out.println();
        for (String bench : TARGETS_US.keySet().stream().sorted().toList()) {
            String validate = bench + ".claimmapValidate";
            if (!average.containsKey(validate)) {
                continue;
            }
            double avg = average.get(validate);
            double target = TARGETS_US.get(bench);
            Double p50 = median.get(validate);
            double compared = p50 != null ? p50 : avg;
            System.out.printf(Locale.ROOT, "%s: claimmap validate %s %.1f µs, target <= %.0f µs: %s%n",
                    bench.replace("Benchmark", ""), p50 != null ? "median" : "average", compared, target,
                    compared <= target ? "met" : String.format(Locale.ROOT, "MISSED by %.1f µs (%.0f%%)",
                            compared - target, 100 * (compared - target) / target));
            for (var other : average.entrySet()) {
                String name = other.getKey().substring(other.getKey().indexOf('.') + 1);
                if (!other.getKey().startsWith(bench + ".") || other.getKey().equals(validate)) {
                    continue;
                }
                if (name.equals("droolsEvaluate")) { // a part of validate, not a baseline
                    System.out.printf(Locale.ROOT, "  the rules alone (%s) are %.0f%% of validate's average%n",
                            name, 100 * other.getValue() / avg);
                } else {
                    System.out.printf(Locale.ROOT, "  validate / %-26s = %6.2fx  (averages)%n", name, avg / other.getValue());
                }
            }
            Map.Entry<String, Double> ratioTarget = RATIO_TARGETS.get(bench);
            Double floor = ratioTarget == null ? null : average.get(bench + "." + ratioTarget.getKey());
            if (floor != null) {
                double ratio = avg / floor;
                System.out.printf(Locale.ROOT, "  target: validate / %s <= %.2fx: %.2fx, %s%n", ratioTarget.getKey(),
                        ratioTarget.getValue(), ratio, ratio <= ratioTarget.getValue() ? "met" : "MISSED");
            }
        }
    }
}
