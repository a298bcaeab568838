#!/usr/bin/env bash
# claimmap test at scale: 2,000 claims cases against a 300-rule policy, beside one cached `validate` run of the
# same policy (the target: the test run takes at most 3x the validate run). Both as cold processes through the
# launcher, with the policy's compiled rules already in the cache (as on any run after the first).
#   1. generates bench/target/policytest/policy: 300 rules (one per tenant: an issuer and a customer-id claim;
#      every third also maps a department for agents) and 10 test files of 200 cases each
#   2. hyperfine: `claimmap validate` of the custom-rules example token with --rules policy, and
#      `claimmap test policy`, in the same run; prints the ratio of the medians
#   CASES=2000 RULES=300 RUNS=10 bench/policytest.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
rules=${RULES:-300}
cases=${CASES:-2000}
runs=${RUNS:-10}
files=10
now=2026-11-21T12:00:00Z
out=bench/target/policytest
policy="$out/policy"
command -v hyperfine >/dev/null || { echo "policytest: hyperfine is needed (apt-get install -y hyperfine)" >&2; exit 2; }
command -v jq >/dev/null || { echo "policytest: jq is needed (apt-get install -y jq)" >&2; exit 2; }

rm -rf "$policy"
mkdir -p "$policy"
{
  echo "package bench.policy;"
  echo "import io.claimmap.engine.facts.*;"
  echo "global MappingDraft mapping;"
  for i in $(seq 1 "$rules"); do
    printf '\nrule "tenant %d: externalId is the CRM customer id"\nwhen\n' "$i"
    printf '    Token( issuer == "https://tenant-%d.eu.auth0.com/" )\n' "$i"
    printf '    Claim( name == "https://tenant-%d.example/customer_id", $id : value )\n' "$i"
    printf 'then\n    mapping.setExternalId( $id );\nend\n'
  done
} >"$policy/tenants.drl"
per_file=$(( cases / files ))
for f in $(seq 1 "$files"); do
  {
    echo "rules: tenants.drl"
    echo "cases:"
    for c in $(seq 1 "$per_file"); do
      n=$(( (f - 1) * per_file + c ))
      t=$(( (n - 1) % rules + 1 ))
      printf '  - name: case %d, tenant %d\n' "$n" "$t"
      printf '    claims:\n      iss: https://tenant-%d.eu.auth0.com/\n      sub: auth0|%06d\n' "$t" "$n"
      printf '      https://tenant-%d.example/customer_id: C-%d\n' "$t" "$n"
      printf '      email: user%d@example.com\n' "$n"
      printf '    expect: { externalId: C-%d, verdict: pass }\n' "$n"
    done
  } >"$policy/tenants-$f.test.yaml"
done

# The launcher builds on first use; the first runs compile the policy into the cache. Neither is measured.
./claimmap --version >/dev/null
validate=(./claimmap validate examples/custom-rules/token.jwt --jwks examples/custom-rules/jwks.json
          --rules "$policy" --now "$now")
test=(./claimmap test "$policy" --now "$now")
"${validate[@]}" >/dev/null
"${test[@]}" | tail -1

echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
hyperfine -N --warmup 2 --runs "$runs" --export-json "$out/hyperfine.json" --export-markdown "$out/hyperfine.md" \
  -n "validate (300 rules)" "${validate[*]}" \
  -n "test ($cases cases, 300 rules)" "${test[*]}"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
jq -r '.results as $r | "ratio test/validate (medians): \($r[1].median / $r[0].median | . * 100 | round / 100)x"' \
  "$out/hyperfine.json" | tee "$out/summary.txt"
