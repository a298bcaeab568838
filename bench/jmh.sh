#!/usr/bin/env bash
# Builds bench/target/benchmarks.jar and runs the JMH benchmarks: single thread, average time in µs after warm-up
# (plus sampled medians of claimmap's validate). Results: bench/target/jmh-result.json, then a summary with the
# ratios to the baselines measured in the same run.
#
#   bench/jmh.sh                         # everything, about 4 minutes
#   bench/jmh.sh Rs256                   # only the benchmarks whose name matches a regex
#   JMH_ARGS="-f 1 -wi 1 -w 1s -i 2 -r 1s" bench/jmh.sh   # a quick look (numbers not for reporting)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
jar=bench/target/benchmarks.jar
result=bench/target/jmh-result.json

echo "building $jar..." >&2
./mvnw -q -B -pl bench -am package -DskipTests >/dev/null

echo "load before: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)"
# shellcheck disable=SC2086 # JMH_ARGS is a list of options
java -jar "$jar" ${JMH_ARGS:--f 1 -wi 5 -w 2s -i 5 -r 2s} -t 1 -rf json -rff "$result" "$@"

echo
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)  ($(nproc) cores; a load above ~1 means something else ran beside the benchmark)"
java -cp "$jar" io.claimmap.bench.Summary "$result"
