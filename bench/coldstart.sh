#!/usr/bin/env bash
# The CLI as a cold process, as a user runs it: ./claimmap (the launcher, its JVM flags and its start-up archive).
#   1. hyperfine: validate the Salesforce example beside `java -version` (the JVM's own floor) in the same run
#      (and, for reference, validate without the start-up archive: CLAIMMAP_ARCHIVE=off); with a JDK 24+ at
#      $JAVA24_HOME (default: /usr/lib/jvm/temurin-25-jdk-amd64 when present), the same pair on that JDK, whose
#      start-up archive is an AOT cache
#   2. peak resident memory (/usr/bin/time -f %M), median of a few runs
#   3. the first run after a rule edit: user rules whose content hash is new, so they are compiled (and cached)
#      during the run; a fresh copy and a fresh cache folder every repetition, median
# Results go to bench/target/coldstart/ (markdown and JSON from hyperfine, plus summary.txt).
#   RUNS=30 RSS_RUNS=5 EDIT_RUNS=5 bench/coldstart.sh
# On a machine shared with other builds, REALTIME=1 (root only) runs the timings under `chrt -f 20`, so the measured
# processes (java -version and claimmap alike) are not preempted by ordinary ones; the load average is recorded either
# way.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
runs=${RUNS:-30}
rss_runs=${RSS_RUNS:-5}
edit_runs=${EDIT_RUNS:-5}
now=2026-11-21T12:00:00Z
out=bench/target/coldstart
mkdir -p "$out"

need() { # command, Debian package: installs it with apt-get when missing (as root)
  command -v "$1" >/dev/null && return
  if [[ $(id -u) -ne 0 ]]; then
    echo "coldstart: $1 is missing; install it (apt-get install -y $2) or run this as root" >&2
    exit 2
  fi
  echo "coldstart: installing $2..." >&2
  apt-get install -y "$2" >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y "$2" >/dev/null; }
}
need hyperfine hyperfine
rt=()
[[ ${REALTIME:-0} == 1 ]] && rt=(chrt -f 20)
need jq jq
[[ -x /usr/bin/time ]] || { echo "coldstart: /usr/bin/time (Debian package 'time') is needed for peak memory" >&2; exit 2; }

# The launcher builds on first use and after source changes, and makes the start-up archive on the first run with a
# JDK: do both now, outside any measurement.
./claimmap --version >/dev/null

validate=(./claimmap validate examples/salesforce/token.jwt --jwks examples/salesforce/jwks.json --now "$now")
"${validate[@]}" >/dev/null || { echo "coldstart: the validate command failed" >&2; exit 1; }

summary="$out/summary.txt"
{
  echo "date: $(date -u +%FT%TZ)"
  echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(java -version 2>&1 | head -1)"
  echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)${rt[*]:+ (timings under ${rt[*]})}"
} >"$summary"

# 1. Cold validate beside java -version. -N: no intermediate shell, so nothing to subtract.
"${rt[@]}" hyperfine -N --warmup 3 --runs "$runs" \
  --export-markdown "$out/validate.md" --export-json "$out/validate.json" \
  -n "java -version" "java -version" \
  -n "claimmap validate" "${validate[*]}"

# For reference: the same command without the start-up archive (the JDK's default CDS archive only).
"${rt[@]}" hyperfine -N --warmup 2 --runs 10 --export-json "$out/no-appcds.json" \
  -n "claimmap validate, no AppCDS" \
  "env CLAIMMAP_ARCHIVE=off ${validate[*]}"

# A JDK 24+ (AOT cache, JEP 483), when there is one: its own java -version beside the same validate.
j24=${JAVA24_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
if [[ -x $j24/bin/java ]]; then
  JAVA_HOME=$j24 ./claimmap --version >/dev/null # makes the AOT cache, outside the measurement
  "${rt[@]}" hyperfine -N --warmup 3 --runs "$runs" --export-json "$out/validate-aot.json" \
    -n "java -version (AOT JDK)" "$j24/bin/java -version" \
    -n "claimmap validate (AOT JDK)" "env JAVA_HOME=$j24 ${validate[*]}"
fi

median() { sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
hf_median() { # name in a hyperfine JSON export -> median in ms
  jq -r --arg n "$2" '.results[] | select(.command == $n) | .median * 1000' "$1"
}

# 2. Peak resident set size, in KB as reported by GNU time; median of the runs.
rss() {
  for _ in $(seq "$rss_runs"); do
    /usr/bin/time -f %M -o "$out/rss.tmp" "$@" >/dev/null 2>&1 || true
    tail -1 "$out/rss.tmp"
  done | median
}
rss_validate=$(rss "${validate[@]}")
rss_java=$(rss java -version)
rm -f "$out/rss.tmp"

# 3. First run after a rule edit: each repetition gets a fresh copy of examples/rules with a unique comment
#    appended (a new content hash) and an empty cache folder, so the run compiles the rules.
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export CLAIMMAP_CACHE_DIR="$work/cache"
edited=(./claimmap validate examples/custom-rules/token.jwt --jwks examples/custom-rules/jwks.json
        --rules "$work/rules" --now "$now")
./claimmap --version >/dev/null # the start-up archive for this cache folder (kept; only the rules are emptied)
prepare="rm -rf '$work/rules' '$work/cache/rules' && cp -r examples/rules '$work/rules' && echo \"// edited \$(date +%s%N) \" >> '$work/rules/customer-id.drl'"
hyperfine --runs "$edit_runs" --prepare "$prepare" \
  --export-markdown "$out/rule-edit.md" --export-json "$out/rule-edit.json" \
  -n "first run after a rule edit" "${edited[*]}"
grep -q "edited" "$work/rules/customer-id.drl" && [[ -n $(ls "$CLAIMMAP_CACHE_DIR/rules") ]] \
  || { echo "coldstart: the rule-edit runs did not compile into the cache" >&2; exit 1; }

# For reference: the next run with the same rules, which loads the compiled classes from the cache.
hyperfine -N --warmup 1 --runs 10 --export-json "$out/rule-cached.json" \
  -n "same rules, cached" "${edited[*]}"

{
  echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
  v=$(hf_median "$out/validate.json" "claimmap validate")
  j=$(hf_median "$out/validate.json" "java -version")
  e=$(hf_median "$out/rule-edit.json" "first run after a rule edit")
  c=$(hf_median "$out/rule-cached.json" "same rules, cached")
  n=$(hf_median "$out/no-appcds.json" "claimmap validate, no AppCDS")
  if [[ -f $out/validate-aot.json ]]; then
    av=$(hf_median "$out/validate-aot.json" "claimmap validate (AOT JDK)")
    aj=$(hf_median "$out/validate-aot.json" "java -version (AOT JDK)")
    awk -v v="$av" -v j="$aj" -v n="$("$j24/bin/java" -version 2>&1 | head -1)" 'BEGIN {
      printf "cold validate, %s with its AOT cache: median %.0f ms (java -version %.0f ms, ratio %.2fx)\n", n, v, j, v / j }'
  fi
  awk -v v="$v" -v j="$j" -v e="$e" -v c="$c" -v n="$n" -v rv="$rss_validate" -v rj="$rss_java" 'BEGIN {
    printf "cold validate:             median %6.0f ms  (java -version %4.0f ms, ratio %.2fx; target <= 7x: %s)\n", v, j, v / j, v / j <= 7 ? "met" : "MISSED"
    printf "  (without the AppCDS archive: median %.0f ms)\n", n
    printf "peak RSS, validate:        median %6.1f MB  (java -version %.1f MB; target <= 80 MB: %s)\n", rv / 1024, rj / 1024, rv / 1024 <= 80 ? "met" : sprintf("MISSED by %.1f MB", rv / 1024 - 80)
    printf "first run after rule edit: median %6.0f ms  (target <= 5000 ms: %s)\n", e, e <= 5000 ? "met" : sprintf("MISSED by %.0f ms", e - 5000)
    printf "same rules, cached:        median %6.0f ms\n", c
  }'
  echo "(MB = MiB: GNU time reports KiB)"
} >>"$summary"
echo
cat "$summary"
