#!/usr/bin/env bash
# The benchmark: stock Keycloak vs Keycloak with this extension, one after the other on this machine.
# Results: bench/results/results.json and bench/results/throughput.svg; the table is printed at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -Pbench -pl bench -am install -DskipTests
./mvnw -B -q -Pbench -pl bench exec:java
