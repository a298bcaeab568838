#!/usr/bin/env bash
# Coverage-guided fuzzing of one reader of untrusted bytes with Jazzer (docs/SECURITY.md). The fuzz tests are the
# engine's *FuzzTest classes; `./mvnw verify` replays their committed seeds, this script mutates them for real.
#
#   bench/fuzz.sh                      # lists the targets
#   bench/fuzz.sh saml-message 10      # fuzzes one target for 10 minutes
#
# Runs Jazzer's own driver on the engine's test classpath (libFuzzer's statistics are printed as they come: exec/s,
# cov = coverage edges, ft = features), 60 s at most per input (a slower input is reported as a timeout; the first
# ones load and instrument the classes, which takes tens of seconds on a busy machine), and stops after MINUTES. The generated corpus and any crash go to
# engine/target/fuzz/TARGET/; to keep a crash as a regression seed, copy it into the target's Inputs folder (printed
# below) and fix the code. FUZZ_ARGS adds flags (libFuzzer's -flag, Jazzer's --flag).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

# name  class#method  max input length
targets="
input-detector   io.claimmap.engine.input.InputDetectorFuzzTest#detect          16384
compact-jws      io.claimmap.engine.input.CompactJwsParserFuzzTest#parse         4096
saml-message     io.claimmap.engine.saml.SamlMessageFuzzTest#parseAndCheck       16384
signed-assertion io.claimmap.engine.saml.SignedAssertionFuzzTest#signAndCheck    8192
jwk-set          io.claimmap.engine.keys.JwkSetsFuzzTest#parse                   8192
discovery        io.claimmap.engine.keys.DiscoveryDocumentFuzzTest#read          4096
saml-metadata    io.claimmap.engine.keys.SamlMetadataFuzzTest#signingKeys        8192
contacts-json    io.claimmap.engine.contacts.ContactsLoaderFuzzTest#json         4096
contacts-csv     io.claimmap.engine.contacts.ContactsLoaderFuzzTest#csv          4096
validator        io.claimmap.engine.ValidatorFuzzTest#validate                   16384
"

if [ $# -ne 2 ]; then
  echo "usage: bench/fuzz.sh TARGET MINUTES" >&2
  echo "targets:" >&2
  echo "$targets" | awk 'NF { printf "  %-15s %s\n", $1, $2 }' >&2
  exit 2
fi
name="$1"
minutes="$2"
line="$(echo "$targets" | awk -v n="$name" '$1 == n')"
if [ -z "$line" ] || ! [[ "$minutes" =~ ^[0-9]+$ ]] || [ "$minutes" -lt 1 ]; then
  echo "bench/fuzz.sh: unknown target '$name' or bad MINUTES '$minutes' (run without arguments for the list)" >&2
  exit 2
fi
read -r _ test max_len <<<"$line"
class="${test%#*}"
method="${test#*#}"
inputs="engine/src/test/resources/$(echo "${class}" | tr . /)Inputs/$method"
out="engine/target/fuzz/$name"
mkdir -p "$out/corpus"

echo "building the engine's test classes..." >&2
./mvnw -q -B -ntp -pl engine test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/fuzz-classpath.txt >/dev/null

echo "fuzzing $name ($test) for $minutes min; seeds: $inputs; corpus and crashes: $out" >&2
touch "$out/.started"
status=0
# shellcheck disable=SC2086 # FUZZ_ARGS is a list of flags
java -XX:-OmitStackTraceInFastThrow -XX:+UseParallelGC -Xmx2g -Dclaimmap.cache.dir="$root/engine/target/rule-cache" \
  -cp "engine/target/test-classes:engine/target/classes:$(cat engine/target/fuzz-classpath.txt)" \
  com.code_intelligence.jazzer.Jazzer \
  --target_class="$class" --target_method="$method" \
  --instrumentation_includes='io.claimmap.**:com.nimbusds.**' --instrumentation_excludes='com.nimbusds.jose.shaded.**' \
  --reproducer_path="$out" \
  -max_total_time=$((minutes * 60)) -timeout=60 -max_len="$max_len" -rss_limit_mb=3072 \
  -artifact_prefix="$out/" -print_final_stats=1 ${FUZZ_ARGS:-} \
  "$out/corpus" "$inputs" || status=$?
# With Jazzer's --keep_going the run goes on after a finding and may exit 0: the files it wrote tell.
findings="$(find "$out" -maxdepth 1 -newer "$out/.started" \( -name 'crash-*' -o -name 'timeout-*' -o -name 'oom-*' \) | sort)"
if [ "$status" -ne 0 ] || [ -n "$findings" ]; then
  echo "bench/fuzz.sh: $name found a problem (exit $status):" >&2
  echo "${findings:-  (no input file: see the output above)}" >&2
  echo "Keep each as a regression seed: cp $out/crash-<sha> $inputs/<what-it-is>" >&2
  exit 1
fi
