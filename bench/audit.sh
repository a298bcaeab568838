#!/usr/bin/env bash
# audit and diff over a JSON Lines corpus of realistic ID token payloads (bench/src/main/java/.../ClaimsCorpus.java)
# with a small custom policy (bench/audit/rules-v1, -v2) and a contacts export, measured against
# `jq -c . FILE > /dev/null` on the same file in the same run:
#   1. wall time and peak RSS (GNU time) of jq, of `claimmap audit --threads 2` and of `claimmap diff --threads 2`,
#      for each corpus size (RSS flat as the corpus grows: compare the sizes);
#   2. audit with 1 worker thread on the largest corpus (how the rate scales with cores).
# Results: bench/target/audit/summary.txt. Be kind to a shared machine: run it niced, once.
#   COUNTS="100000 1000000" nice -n 10 bench/audit.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
counts=(${COUNTS:-100000 1000000})
out=bench/target/audit
now=2026-11-21T12:00:00Z
mkdir -p "$out"
command -v jq >/dev/null || { echo "audit.sh: jq is missing (apt-get install -y jq)" >&2; exit 2; }

./claimmap --version >/dev/null                     # builds the CLI first if needed, so no run includes a build
./mvnw -q -B -pl bench -am compile >/dev/null       # the corpus generator

summary="$out/summary.txt"
: >"$summary"
say() { echo "$*" | tee -a "$summary"; }
measure() { # label, command...: one run: wall seconds, peak RSS, CPU seconds (user + system: robust to a shared machine)
  local label=$1; shift
  /usr/bin/time -o "$out/time.txt" -f "%e %M %U %S" "$@" >/dev/null
  read -r seconds kb user sys <"$out/time.txt"
  say "$(printf '%-34s %8.2f s %9.1f MB %8.2f s CPU' "$label" "$seconds" "$(echo "$kb / 1024" | bc -l)" \
      "$(echo "$user + $sys" | bc -l)")"
  echo "$seconds" >"$out/last.txt"
}

say "load before: $(cut -d' ' -f1-3 /proc/loadavg)   cores: $(nproc)"
# One contacts export for every size (about 100,000 contacts, from the largest corpus' generation): the contacts are
# held in memory by design, the corpus is streamed, so only the corpus grows between the sizes.
largest=${counts[-1]}
contacts="$out/contacts.csv"
for n in "${counts[@]}"; do
  corpus="$out/claims-$n.jsonl"
  [[ -s $corpus ]] || java -cp bench/target/classes io.claimmap.bench.ClaimsCorpus "$corpus" "$n" "$out/contacts-$n.csv"
done
cp "$out/contacts-$largest.csv" "$contacts"
for n in "${counts[@]}"; do
  corpus="$out/claims-$n.jsonl"
  say "corpus: $n lines, $(du -m "$corpus" | cut -f1) MB"
  measure "jq -c . (n=$n)" jq -c . "$corpus"
  jq=$(cat "$out/last.txt")
  measure "audit --threads 2 (n=$n)" ./claimmap audit "$corpus" --out "$out/audit-$n" --rules bench/audit/rules-v1 \
      --contacts "$contacts" --now "$now" --threads 2
  audit=$(cat "$out/last.txt")
  measure "diff --threads 2 (n=$n)" ./claimmap diff --base bench/audit/rules-v1 --rules bench/audit/rules-v2 "$corpus" \
      --contacts "$contacts" --now "$now" --threads 2 --format json
  diff=$(cat "$out/last.txt")
  say "$(printf '  audit / jq = %.2fx   diff / audit = %.2fx   audit rate %.0f entries/s' \
      "$(echo "$audit / $jq" | bc -l)" "$(echo "$diff / $audit" | bc -l)" "$(echo "$n / $audit" | bc -l)")"
done
measure "audit --threads 1 (n=$largest)" ./claimmap audit "$out/claims-$largest.jsonl" --out "$out/audit-1t" \
    --rules bench/audit/rules-v1 --contacts "$contacts" --now "$now" --threads 1
say "$(printf '  audit rate with 1 worker thread: %.0f entries/s' "$(echo "$largest / $(cat "$out/last.txt")" | bc -l)")"
say "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
