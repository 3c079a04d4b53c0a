#!/usr/bin/env bash
# The benchmark: stock Keycloak vs Keycloak with this extension, both up at once, load alternating between
# variants in 5 s slices, in two workloads (sessions, hot chains), after an adaptive JIT warm-up (paired ratios per
# round, medians with interquartile ranges; ~25 minutes; PostgreSQL at 127.0.0.1:5432 as for the suite).
# Results: bench/results/results.json and bench/results/throughput.svg; the table is printed at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -Pbench -pl bench -am install -DskipTests
./mvnw -B -q -Pbench -pl bench exec:java
