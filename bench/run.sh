#!/usr/bin/env bash
# The benchmark on one Keycloak line (KEYCLOAK_LINE=26.4, 26.5, 26.6 or 26.7, the newest by default): stock Keycloak vs Keycloak
# with that line's JAR, one server per variant (two stock-default servers, stock Revoke Refresh Token, extension
# default, extension with grace), all up at once; the load moves between the variants every 2 s in a random order per
# round, in two workloads (sessions, hot chains), after an adaptive JIT warm-up (paired ratios per round, medians with
# interquartile ranges; ~40 minutes; PostgreSQL at 127.0.0.1:5432 as for the suite).
# Results: bench/results/kc<line>/results.json and throughput.svg; the tables are printed at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
line="${KEYCLOAK_LINE:-26.7}"
if [ ! -d "provider/kc${line}" ] || [ "${line}" = 26.8 ]; then
  echo "No benchmark for Keycloak ${line}: KEYCLOAK_LINE is one of 26.4, 26.5, 26.6, 26.7 (no 26.8 distribution is served here)" >&2
  exit 2
fi
./mvnw -B -q -Pbench -pl bench -am install -DskipTests -Dkeycloak.line="${line}"
./mvnw -B -q -Pbench -pl bench exec:java -Dkeycloak.line="${line}"
