#!/usr/bin/env bash
# Makes the test certificates (self-signed, RSA 2048) with the JDK's keytool, at fixed validity periods around the
# tests' "now" of 2026-11-21: expired, expiring in 10 days, and valid for another year.
set -euo pipefail
cd "$(dirname "$0")"
make() {
  local name=$1 start=$2 days=$3
  rm -f "$name.p12"
  keytool -genkeypair -alias "$name" -keyalg RSA -keysize 2048 -sigalg SHA256withRSA -dname "CN=$name, O=claimmap tests" \
    -startdate "$start" -validity "$days" -keystore "$name.p12" -storetype PKCS12 -storepass changeit -noprompt
  keytool -exportcert -rfc -alias "$name" -keystore "$name.p12" -storepass changeit > "$name.pem"
  rm -f "$name.p12"
}
make expired "2024/01/01 00:00:00" 366
make expiring-soon "2026/01/01 00:00:00" 344
make valid "2026/01/01 00:00:00" 730
