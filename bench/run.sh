#!/usr/bin/env bash
# The benchmark: stock Keycloak vs Keycloak with this extension, one server per variant (two stock-default servers,
# stock Revoke Refresh Token, extension default, extension with grace), all up at once; the load moves between the
# variants every 2 s in a random order per round, in two workloads (sessions, hot chains), after an adaptive JIT
# warm-up (paired ratios per round, medians with interquartile ranges; ~40 minutes; PostgreSQL at 127.0.0.1:5432 as
# for the suite). Results: bench/results/results.json and bench/results/throughput.svg; the tables are printed at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -Pbench -pl bench -am install -DskipTests
./mvnw -B -q -Pbench -pl bench exec:java
