#!/usr/bin/env bash
# Trains the JDK 25+ AOT cache (JEP 483/514/515) of the packaged service (aot-jar packaging), with
# no PostgreSQL or Redis: the service starts with its stores unreachable (no migration, no schema
# validation), answers a few requests on its hot paths (the key check, identify, health), and stops;
# the JVM writes the cache as it exits. Used by src/main/docker/Dockerfile.jvm and bench/run, so the
# benchmark measures the image's start-up. Run the service with the same JVM, the same java flags
# and the same jar path, adding -XX:AOTCache=CACHE_FILE.
#
#   train-aot-cache.sh APP_DIR CACHE_FILE [java flags...]
set -euo pipefail
APP_DIR=$1
CACHE=$2
shift 2
PORT=${AOT_TRAINING_PORT:-18999}
BASE=http://127.0.0.1:$PORT
# where health and metrics answer when the image is built with quarkus.management.enabled
MANAGEMENT=http://127.0.0.1:$((PORT + 1))
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java

# values the production profile requires; nothing listens at these addresses
env QUARKUS_HTTP_PORT="$PORT" QUARKUS_HTTP_HOST=127.0.0.1 QUARKUS_MANAGEMENT_PORT=$((PORT + 1)) QUARKUS_MANAGEMENT_HOST=127.0.0.1 \
  QUARKUS_FLYWAY_MIGRATE_AT_START=false QUARKUS_HIBERNATE_ORM_SCHEMA_MANAGEMENT_STRATEGY=none \
  QUARKUS_DATASOURCE_JDBC_URL=jdbc:postgresql://127.0.0.1:1/training QUARKUS_DATASOURCE_USERNAME=training \
  QUARKUS_REDIS_HOSTS=redis://127.0.0.1:1 LATCHKEY_HASH_SECRET=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA= \
  MP_JWT_VERIFY_ISSUER=https://training.invalid MP_JWT_VERIFY_AUDIENCES=training MP_JWT_VERIFY_PUBLICKEY_LOCATION=training-only.pem \
  SMALLRYE_JWT_SIGN_KEY_LOCATION=training-only.pem \
  "$JAVA" "$@" -XX:AOTCacheOutput="$CACHE" -jar "$APP_DIR/quarkus-run.jar" &
SERVICE=$!
for _ in $(seq 1 240); do
  curl -s -o /dev/null "$BASE/api/v1/ping" && break
  kill -0 "$SERVICE" 2>/dev/null || { echo "the service stopped during AOT training" >&2; exit 1; }
  sleep 0.25
done
# the hot paths, several times so the JIT profiles them: a no-op, the key plane's routes with keys
# refused on their shape (which needs no store), then health and metrics
# (a 5xx means the training ran an error path, not the hot one: it fails the training)
for _ in $(seq 1 200); do
  curl -s -o /dev/null -w '%{http_code}\n' "$BASE/api/v1/ping"
  curl -s -o /dev/null -w '%{http_code}\n' -H 'x-api-key: sk_live_not-a-key' "$BASE/api/v1/keys/self"
  curl -s -o /dev/null -w '%{http_code}\n' -H 'Authorization: Bearer pk_test_not-a-key' -X POST "$BASE/api/v1/auth/identify"
done > "$CACHE.statuses"
if grep -qv '^[234]' "$CACHE.statuses"; then
  echo "AOT training: the service answered $(sort "$CACHE.statuses" | uniq -c | tr -s ' \n' ' ')" >&2
  kill -TERM "$SERVICE"
  exit 1
fi
rm -f "$CACHE.statuses"
for path in /q/health/ready /q/health/live /q/metrics; do
  curl -s -o /dev/null "$BASE$path" || true
  curl -s -o /dev/null "$MANAGEMENT$path" || true
done
kill -TERM "$SERVICE"
wait "$SERVICE" || true
[ -s "$CACHE" ] || { echo "no AOT cache was written to $CACHE" >&2; exit 1; }
