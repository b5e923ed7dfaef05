#!/usr/bin/env bash
# Builds the container image's Docker context with Jib, offline (no daemon, no registry, no base image
# pulled), and checks what can be checked without running it: a non-root user, the Java entrypoint on
# the service's main class, port 8080 exposed, the health label. Building and pushing the image itself
# needs registry access (docs/operations.md "Container image").
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
rw_pick_jdk
./mvnw -q -B -ntp -Pimage -pl bootstrap -am package -DskipTests
context=bootstrap/target/jib-docker-context
dockerfile="$context/Dockerfile"
fail() { echo "check-image-context: $*" >&2; cat "$dockerfile" >&2; exit 1; }
[ -f "$dockerfile" ] || fail "no Dockerfile in $context"
grep -Eq '^FROM eclipse-temurin:21-jre' "$dockerfile" || fail "unexpected base image"
grep -Eq '^USER 10001:10001$' "$dockerfile" || fail "the image must run as the unprivileged user 10001"
grep -Eq '^EXPOSE 8080$' "$dockerfile" || fail "port 8080 must be exposed"
grep -Eq '^ENTRYPOINT \["java",.*"io.ruleworks.bootstrap.Application"\]' "$dockerfile" || fail "unexpected entrypoint"
grep -q 'io.ruleworks.health' "$dockerfile" || fail "missing the health-check label"
[ -n "$(find "$context" -name 'bootstrap-*.jar' -o -name 'domain-*.jar' | head -n 1)" ] || [ -d "$context/classes" ] \
  || fail "no application layer in the context"
echo "check-image-context: $dockerfile: user 10001, port 8080, java entrypoint, health label - ok"
