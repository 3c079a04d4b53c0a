#!/usr/bin/env bash
# Builds the JAR, fetches the Keycloak distribution this tree is pinned to (Maven Central), installs the JAR,
# imports the demo realm "alpha" and starts Keycloak on http://localhost:8080 (admin/admin, embedded H2).
set -euo pipefail
cd "$(dirname "$0")/.."

./mvnw -B -q -pl provider -am package -DskipTests
version=$(./mvnw -B -q help:evaluate -Dexpression=keycloak.version -DforceStdout)
home="demo/keycloak-${version}"
if [ ! -x "${home}/bin/kc.sh" ]; then
  ./mvnw -B -q dependency:unpack -Dartifact="org.keycloak:keycloak-quarkus-dist:${version}:zip" -DoutputDirectory=demo
fi
cp provider/target/keycloak-refresh-token-policy.jar "${home}/providers/"
mkdir -p "${home}/data/import"
cp demo/alpha-realm.json "${home}/data/import/"

export KC_BOOTSTRAP_ADMIN_USERNAME="${KC_BOOTSTRAP_ADMIN_USERNAME:-admin}"
export KC_BOOTSTRAP_ADMIN_PASSWORD="${KC_BOOTSTRAP_ADMIN_PASSWORD:-admin}"
exec "${home}/bin/kc.sh" start-dev --http-port="${PORT:-8080}" --features=declarative-ui --import-realm
