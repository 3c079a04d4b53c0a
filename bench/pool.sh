#!/usr/bin/env bash
# Several benchmark runs of one line and one JAR taken together (bench/src/main/java/dev/rtpolicy/bench/Pooled.java):
# per pair, the median of all runs' paired rounds with a 95 % bootstrap interval over runs, then rounds, and the mean
# of the runs' medians with a t-interval. One run's median moves by about 1.5 points from run to run; pool runs of the
# same JAR to tell differences of that size. Log paths must not contain spaces.
#   KEYCLOAK_LINE=26.4 bench/pool.sh bench/results/kc26.4/run-2026-12-07*.log
set -euo pipefail
if [ "$#" -eq 0 ]; then
  echo "usage: KEYCLOAK_LINE=<line> bench/pool.sh <run log> [<run log> ...]" >&2
  exit 2
fi
logs=()
for log in "$@"; do
  logs+=("$(realpath -e "$log")")
done
cd "$(dirname "$0")/.."
line="${KEYCLOAK_LINE:-26.7}"
./mvnw -B -q -pl bench -am install -DskipTests -Dkeycloak.line="${line}" >/dev/null
./mvnw -B -q -Pbench -pl bench exec:java@pool -Dkeycloak.line="${line}" -Dbench.logs="${logs[*]}"
