#!/usr/bin/env bash
# Builds the JAR of a Keycloak line (KEYCLOAK_LINE=26.4, 26.5, 26.6 or 26.7, the newest by default), fetches that line's tested
# Keycloak distribution (Maven Central), installs the line's JAR,
# imports the demo realm "alpha", adds its scopes "read" and "write", and runs Keycloak on http://localhost:8080
# (admin/admin, embedded H2) until stopped.
set -euo pipefail
cd "$(dirname "$0")/.."

line="${KEYCLOAK_LINE:-26.7}"
if [ ! -f "provider/kc${line}/pom.xml" ] || [ "${line}" = 26.8 ]; then
  echo "No demo for Keycloak ${line}: KEYCLOAK_LINE is one of 26.4, 26.5, 26.6, 26.7 (Maven Central serves no 26.8 distribution here)" >&2
  exit 1
fi
./mvnw -B -q -pl "provider/kc${line}" -am package -DskipTests
version=$(./mvnw -B -q -pl "provider/kc${line}" help:evaluate -Dexpression=line.keycloak.version -DforceStdout)
home="demo/keycloak-${version}"
if [ ! -x "${home}/bin/kc.sh" ]; then
  ./mvnw -B -q dependency:unpack -Dartifact="org.keycloak:keycloak-quarkus-dist:${version}:zip" -DoutputDirectory=demo
fi
rm -f "${home}"/providers/keycloak-refresh-token-policy*.jar
cp "provider/kc${line}/target/keycloak-refresh-token-policy-kc${line}.jar" "${home}/providers/"
mkdir -p "${home}/data/import"
cp demo/alpha-realm.json "${home}/data/import/"

export KC_BOOTSTRAP_ADMIN_USERNAME="${KC_BOOTSTRAP_ADMIN_USERNAME:-admin}"
export KC_BOOTSTRAP_ADMIN_PASSWORD="${KC_BOOTSTRAP_ADMIN_PASSWORD:-admin}"
port="${PORT:-8080}"
"${home}/bin/kc.sh" start-dev --http-port="${port}" --features=declarative-ui --import-realm &
server=$!
trap 'kill "${server}" 2>/dev/null' INT TERM

# The realm JSON keeps Keycloak's own default client scopes (basic, roles, web-origins, acr, profile, email):
# declaring any client scope there would replace them all. The seed's "read" and "write" are added here instead.
until curl -sf "http://localhost:${port}/realms/alpha/.well-known/openid-configuration" >/dev/null; do
  kill -0 "${server}" 2>/dev/null || exit 1
  sleep 2
done
kcadm() { "${home}/bin/kcadm.sh" "$@" --config "${home}/data/kcadm.config"; }
kcadm config credentials --server "http://localhost:${port}" --realm master \
  --user "${KC_BOOTSTRAP_ADMIN_USERNAME}" --password "${KC_BOOTSTRAP_ADMIN_PASSWORD}" >/dev/null
client=$(kcadm get clients -r alpha -q clientId=myClient --fields id --format csv --noquotes)
for scope in read write; do
  if ! kcadm get client-scopes -r alpha --fields name --format csv --noquotes | grep -qx "${scope}"; then
    id=$(kcadm create client-scopes -r alpha -s name="${scope}" -s protocol=openid-connect \
      -s 'attributes."include.in.token.scope"=true' -i)
    kcadm update "clients/${client}/default-client-scopes/${id}" -r alpha
  fi
done
echo "Demo realm alpha ready: http://localhost:${port}/realms/alpha (admin console: http://localhost:${port}/admin, admin/admin)"
wait "${server}"
