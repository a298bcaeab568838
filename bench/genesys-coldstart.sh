#!/usr/bin/env bash
# Does the Genesys SDK cost commands that do not use it? Cold `validate` (no --genesys), hyperfine, in one run:
#   - java -version (the JVM's floor)
#   - shipped: the build as it is, the SDK in cli/target/lib/genesys/ (off the class path)
#   - rejected: the same jars with lib/genesys/*.jar on the class path, with its own AppCDS archive
#   - before (optional): BEFORE=DIR holding claimmap.jar, lib/ and claimmap.jsa of a build without the genesys
#     module (copy cli/target from such a build, then remake its archive: see docs/PERFORMANCE.md)
# Every variant runs with the launcher's JVM flags. Results in bench/target/genesys-coldstart/.
#   RUNS=30 BEFORE=/tmp/cm-baseline bench/genesys-coldstart.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
runs=${RUNS:-30}
out=bench/target/genesys-coldstart
mkdir -p "$out"
command -v hyperfine >/dev/null || { echo "genesys-coldstart: hyperfine is needed (apt-get install -y hyperfine)" >&2; exit 2; }

./claimmap --version >/dev/null # builds if needed
flags="-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:CICompilerCount=1 -Xss512k -Xms8m -Xmx128m -Xshare:auto -Xlog:cds=off -Xlog:cds+dynamic=off"
args="validate examples/salesforce/token.jwt --jwks examples/salesforce/jwks.json --now 2026-11-21T12:00:00Z"
training="validate examples/salesforce/token.jwt --jwks examples/salesforce/jwks.json --contacts examples/salesforce/contacts.json --now 2026-11-21T12:00:00Z --explain"

# The rejected layout: a copy of the build with every jar on the class path, and an archive trained for it.
onpath="$out/onpath"
rm -rf "$onpath" && mkdir -p "$onpath"
cp -r cli/target/claimmap.jar cli/target/lib "$onpath/"
cp="$onpath/claimmap.jar:$(find "$onpath/lib" -name '*.jar' | sort | tr '\n' ':' | sed 's/:$//')"
# shellcheck disable=SC2086
CLAIMMAP_CACHE_DIR="$onpath/cache" java -XX:ArchiveClassesAtExit="$onpath/claimmap.jsa" $flags -cp "$cp" \
  io.claimmap.cli.Main $training >/dev/null || true

commands=(-n "java -version" "java $flags -version"
  -n "shipped: SDK in lib/genesys" "java $flags -XX:SharedArchiveFile=cli/target/claimmap.jsa -jar cli/target/claimmap.jar $args"
  -n "rejected: SDK on the class path" "java $flags -XX:SharedArchiveFile=$onpath/claimmap.jsa -cp $cp io.claimmap.cli.Main $args")
if [[ -n ${BEFORE:-} ]]; then
  commands+=(-n "before: no genesys module" "java $flags -XX:SharedArchiveFile=$BEFORE/claimmap.jsa -jar $BEFORE/claimmap.jar $args")
fi
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)" | tee "$out/summary.txt"
hyperfine -N --warmup 3 --runs "$runs" --export-json "$out/validate.json" --export-markdown "$out/validate.md" "${commands[@]}"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out/summary.txt"
ls -l cli/target/claimmap.jsa "$onpath/claimmap.jsa" | awk '{print $5, $9}' | tee -a "$out/summary.txt"
if command -v jq >/dev/null; then
  jq -r '.results[] | "\(.command): median \(.median*1000|floor) ms, user \(.user*1000|floor) ms, system \(.system*1000|floor) ms"' \
    "$out/validate.json" | tee -a "$out/summary.txt"
fi
