#!/usr/bin/env bash
# How user rules scale: compile time, one-file edits, cached runs and serve reloads for policies of 10, 300 and
# 1,000 rules (one rule per file), through the launcher (./claimmap: the CLI's -Xmx128m heap, the server's 96 MB).
#   1. per size: the first run (empty cache: every file compiled), a run after a one-file edit (a comment
#      appended to one file: only it is compiled), and a cached run; hyperfine, fresh cache or fresh edit prepared
#      before each run; a run that ends in status 2 (rules that do not compile, or a memory error) fails the script
#   2. serve with the 300-rule policy: time from start to "claimmap: ready" (empty cache, then cached) and from a
#      one-file edit to the new revision under /v1/rules (the watcher polls every second)
# Policies are generated under bench/target/rules-scale/ by this script (LAYOUT=packages: one package per file,
# the default; LAYOUT=one-package: every file in one package). Results in bench/target/rules-scale/summary.txt.
#   RUNS=3 SIZES="10 300 1000" bench/rules-scale.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
runs=${RUNS:-3}
sizes=${SIZES-10 300 1000} # SIZES="" measures serve only
layout=${LAYOUT:-packages}
now=2026-11-21T12:00:00Z
out=bench/target/rules-scale
mkdir -p "$out"
command -v hyperfine >/dev/null || { echo "rules-scale: hyperfine is needed (apt-get install -y hyperfine)" >&2; exit 2; }
command -v jq >/dev/null || { echo "rules-scale: jq is needed (apt-get install -y jq)" >&2; exit 2; }
./claimmap --version >/dev/null # builds first if needed, outside any measurement

generate() { # size folder
  rm -rf "$2" && mkdir -p "$2"
  for ((i = 0; i < $1; i++)); do
    local pkg="acme.policy.p$i"
    [[ $layout == one-package ]] && pkg="acme.policy"
    cat >"$2/rule-$(printf %04d "$i").drl" <<EOF
package $pkg;

import io.claimmap.engine.facts.*;

global MappingDraft mapping;
global Findings findings;

rule "department from attribute $i"
    salience $((i % 50))
when
    Token( issuer == "https://acme.okta.com/oauth2/default", purpose == "agent" )
    Claim( name == "attr_$i", \$value : value, value != null )
then
    mapping.setDepartment( \$value.strip() );
    if ( \$value.length() > 64 ) {
        findings.warning( "ACME_LONG_DEPARTMENT_$i", "the department of attribute $i is long", "Shorten it." );
    }
end
EOF
  done
}

validate() { # policy folder -> the command line
  echo "./claimmap validate examples/custom-rules/token.jwt --jwks examples/custom-rules/jwks.json --rules $1 --now $now"
}

summary="$out/summary.txt"
{
  echo "date: $(date -u +%FT%TZ), layout: $layout"
  echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(java -version 2>&1 | head -1)"
  echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
} >"$summary"

for size in $sizes; do
  policy="$out/policy-$size"
  cache="$out/cache-$size"
  generate "$size" "$policy"
  cmd=$(validate "$policy")
  # Status 1 (the example token fails without its contacts) is fine; 2 means the rules did not load.
  check_run() { CLAIMMAP_CACHE_DIR="$cache" $cmd >/dev/null 2>"$out/err.txt"; local s=$?; [[ $s -le 1 ]] || { cat "$out/err.txt" >&2; exit 1; }; }
  rm -rf "$cache"
  set +e; check_run; set -e
  hyperfine -N -i --runs "$runs" --prepare "rm -rf $cache" --export-json "$out/first-$size.json" \
    -n "first compile, $size rules" "env CLAIMMAP_CACHE_DIR=$cache $cmd"
  set +e; check_run; set -e
  hyperfine -N -i --runs "$runs" --prepare "sh -c 'echo // edit \$(date +%s%N) >> $policy/rule-0000.drl'" \
    --export-json "$out/edit-$size.json" -n "one-file edit, $size rules" "env CLAIMMAP_CACHE_DIR=$cache $cmd"
  hyperfine -N -i --warmup 1 --runs "$runs" --export-json "$out/cached-$size.json" \
    -n "cached, $size rules" "env CLAIMMAP_CACHE_DIR=$cache $cmd"
  set +e; check_run; set -e
  peak=$( { CLAIMMAP_CACHE_DIR="$out/cache-rss-$size" /usr/bin/time -f %M $cmd >/dev/null 2>"$out/err.txt"; } 2>&1; tail -1 "$out/err.txt")
  rm -rf "$out/cache-rss-$size"
  for kind in first edit cached; do
    printf '%-8s %5s rules: median %6.0f ms wall, mean CPU %6.0f ms (user + system)\n' "$kind" "$size" \
      "$(jq '.results[0].median * 1000' "$out/$kind-$size.json")" \
      "$(jq '(.results[0].user + .results[0].system) * 1000' "$out/$kind-$size.json")" >>"$summary"
  done
  echo "peak RSS of a first compile, $size rules: $((peak / 1024)) MiB" >>"$summary"
done

# serve with 300 rules: readiness with an empty and with a warm cache, then a one-file edit until reloaded.
serve_ready() { # cache -> sets $ready (milliseconds until ready); leaves the server running, its pid in $server
  local log="$out/serve.log" start
  start=$(date +%s%N)
  CLAIMMAP_CACHE_DIR="$1" ./claimmap serve --port 0 --no-access-log --rules "$out/policy-300" \
    --jwks examples/custom-rules/jwks.json 2>"$log" >/dev/null &
  server=$!
  until grep -q 'claimmap: ready' "$log"; do
    kill -0 "$server" 2>/dev/null || { cat "$log" >&2; exit 1; }
    sleep 0.02
  done
  ready=$(( ($(date +%s%N) - start) / 1000000 ))
}
[[ -d $out/policy-300 ]] || generate 300 "$out/policy-300"
rm -rf "$out/cache-serve"
trap '[[ -z ${server:-} ]] || kill "$server" 2>/dev/null || true' EXIT
serve_ready "$out/cache-serve"; cold=$ready; kill "$server"; wait "$server" 2>/dev/null || true
serve_ready "$out/cache-serve"; warm=$ready
port=$(grep -o 'listening on http://127.0.0.1:[0-9]*' "$out/serve.log" | grep -o '[0-9]*$')
before=$(curl -s "http://127.0.0.1:$port/v1/rules" | jq -r .revision)
echo "// edit $(date +%s%N)" >>"$out/policy-300/rule-0150.drl"
start=$(date +%s%N)
until [[ $(curl -s "http://127.0.0.1:$port/v1/rules" | jq -r .revision) != "$before" ]]; do sleep 0.05; done
reload=$(( ($(date +%s%N) - start) / 1000000 ))
error=$(curl -s "http://127.0.0.1:$port/v1/rules" | jq -c .lastReloadError)
kill "$server"; wait "$server" 2>/dev/null || true
{
  echo "serve, 300 rules: ready after ${cold} ms (empty cache), ${warm} ms (cached)"
  echo "serve, 300 rules: one-file edit live after ${reload} ms (poll every 1 s included); lastReloadError: $error"
  echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
} >>"$summary"
cat "$summary"
