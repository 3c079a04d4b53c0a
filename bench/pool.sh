#!/usr/bin/env bash
# Several benchmark runs of one line taken together: the pooled median of each pair's per-round CPU ratios with a 95 %
# interval from a bootstrap over runs, then rounds (bench/src/main/java/dev/rtpolicy/bench/Pooled.java). One run's
# median moves by about 1.5 points from run to run; pool runs of the same JAR to tell differences of that size.
#   KEYCLOAK_LINE=26.4 bench/pool.sh bench/results/kc26.4/run-2026-12-07.log bench/results/kc26.4/run-2026-12-07-2.log ...
set -euo pipefail
cd "$(dirname "$0")/.."
line="${KEYCLOAK_LINE:-26.7}"
if [ "$#" -eq 0 ]; then
  echo "usage: KEYCLOAK_LINE=<line> bench/pool.sh <run log> [<run log> ...]" >&2
  exit 2
fi
logs=()
for log in "$@"; do
  logs+=("$(realpath "$log")")
done
./mvnw -B -q -pl bench -am install -DskipTests -Dkeycloak.line="${line}" >/dev/null
./mvnw -B -q -Pbench -pl bench exec:java@pool -Dkeycloak.line="${line}" -Dbench.logs="${logs[*]}"
