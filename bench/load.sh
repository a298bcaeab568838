#!/usr/bin/env bash
# Load benchmark of `claimmap serve` on loopback with wrk: /v1/validate (RS256, built-in packs) against /healthz
# of the same server in the same run, after a warm-up long enough for C2 (30-40 s of load on 2 cores).
# Usage: bench/load.sh [warmup-seconds] [measure-seconds]     (defaults 45 and 30)
# The server runs with the launcher's serve flags; JAVA_HOME picks the JDK, CLAIMMAP_JAVA_OPTS adds or overrides
# JVM options (e.g. CLAIMMAP_JAVA_OPTS="-XX:-UseSerialGC -XX:+UseParallelGC" for another collector).
# PRIORITY=-10 (root) runs the server and wrk at that nice level, for a machine busy with other work.
# SERVE_ARGS adds options to `claimmap serve` (e.g. SERVE_ARGS="--threads 8").
set -euo pipefail
cd "$(dirname "$0")/.."
warmup=${1:-45}
measure=${2:-30}
port=${CLAIMMAP_BENCH_PORT:-18080}
connections=16

if ! command -v wrk >/dev/null; then
  echo "installing wrk..." >&2
  (apt-get install -y wrk >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y wrk >/dev/null; })
fi
work=$(mktemp -d)
# Builds on first use and makes the start-up archive in the run's own cache, so the timing below is of a ready server.
CLAIMMAP_CACHE_DIR="$work/cache" CLAIMMAP_JAVA_OPTS= ./claimmap --version >/dev/null
if [[ -n ${PRIORITY:-} ]]; then
  renice -n "$PRIORITY" -p $$ >/dev/null   # the server and wrk inherit it
fi

trap 'kill "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT
token=$(tr -d '\n' < examples/okta-rotation/token.jwt)
cat > "$work/validate.lua" <<LUA
wrk.method = "POST"
wrk.body = '{"token":"$token"}'
wrk.headers["Content-Type"] = "application/json"
LUA
# wrk --latency stops at p99; both scripts print p99.9 too.
cat > "$work/tail.lua" <<'LUA'
done = function(summary, latency, requests)
  io.write(string.format("p99.9 %.2fms\n", latency:percentile(99.9) / 1000))
end
LUA
cat "$work/tail.lua" >> "$work/validate.lua"

echo "java: $("${JAVA_HOME:+$JAVA_HOME/bin/}java" -version 2>&1 | head -1); CLAIMMAP_JAVA_OPTS=${CLAIMMAP_JAVA_OPTS:-}; SERVE_ARGS=${SERVE_ARGS:-}"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) cores); nice $(nice)"
start=$(date +%s%N)
CLAIMMAP_CACHE_DIR="$work/cache" ./claimmap serve --port "$port" --no-access-log \
  --jwks examples/okta-rotation/jwks-after-rotation.json --now 2026-11-21T12:00:00Z ${SERVE_ARGS:-} 2>"$work/serve.err" &
pid=$!
until curl -s -o /dev/null "http://127.0.0.1:$port/healthz"; do sleep 0.01; done
listening=$(( ($(date +%s%N) - start) / 1000000 ))
until curl -sf -o /dev/null "http://127.0.0.1:$port/readyz"; do sleep 0.05; done
ready=$(( ($(date +%s%N) - start) / 1000000 ))
verdict=$(curl -s "http://127.0.0.1:$port/v1/validate" -d "{\"token\":\"$token\"}" | grep -o '"verdict":"[a-z]*"')
echo "listening after ${listening} ms, ready after ${ready} ms; sample answer ${verdict}"

echo "warm-up: ${warmup} s of /v1/validate..."
wrk -t2 -c"$connections" -d"${warmup}s" -s "$work/validate.lua" "http://127.0.0.1:$port/v1/validate" >/dev/null

rss_samples="$work/rss"
( while kill -0 "$pid" 2>/dev/null; do awk '/VmRSS/{print $2}' "/proc/$pid/status" >> "$rss_samples"; sleep 1; done ) &
sampler=$!
echo "== /v1/validate, ${connections} connections, ${measure} s"
wrk -t2 -c"$connections" -d"${measure}s" --latency -s "$work/validate.lua" "http://127.0.0.1:$port/v1/validate" | tee "$work/validate.txt"
kill "$sampler" 2>/dev/null || true
echo "== /healthz, ${connections} connections, ${measure} s"
wrk -t2 -c"$connections" -d"${measure}s" --latency -s "$work/tail.lua" "http://127.0.0.1:$port/healthz" | tee "$work/healthz.txt"

fallbacks=$(curl -s "http://127.0.0.1:$port/metrics" | awk '$1=="claimmap_validations_on_request_thread_total"{print $2}')
rate() { awk '/Requests\/sec/{print $2}' "$1"; }
p99() { awk '$1=="99%"{print $2}' "$1"; }
p999() { awk '$1=="p99.9"{print $2}' "$1"; }
errors() { awk '/Non-2xx|Socket errors/{print}' "$1"; }
v=$(rate "$work/validate.txt"); h=$(rate "$work/healthz.txt")
rss=$(sort -n "$rss_samples" | awk '{a[NR]=$1} END{print int(a[int((NR+1)/2)]/1024) " MB median, " int(a[NR]/1024) " MB max"}')
echo
echo "summary: /v1/validate ${v} req/s (p99 $(p99 "$work/validate.txt"), p99.9 $(p999 "$work/validate.txt")),"
echo "         /healthz ${h} req/s (p99 $(p99 "$work/healthz.txt"), p99.9 $(p999 "$work/healthz.txt")),"
echo "         ratio $(awk -v v="$v" -v h="$h" 'BEGIN{printf "%.0f%%", 100*v/h}'), resident memory under load ${rss},"
echo "         listening after ${listening} ms; errors: $(errors "$work/validate.txt" | tr '\n' ' ')$(errors "$work/healthz.txt" | tr '\n' ' ')none other"
echo "         validations run on their request thread for want of a validation thread: ${fallbacks:-?}"
echo "         load after: $(cut -d' ' -f1-3 /proc/loadavg)"
