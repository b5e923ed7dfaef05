#!/usr/bin/env bash
# Builds the container image with Jib offline (no Docker daemon, no registry: on an empty "scratch"
# base instead of eclipse-temurin, which cannot be pulled here) and checks the image configuration
# it writes: a non-root user, the Java entrypoint on the service's main class, port 8080 exposed,
# the health label, the application layers, the memory flags. Building on the real base and pushing need registry
# access (docs/operations.md "Container image").
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
rw_pick_jdk
./mvnw -q -B -ntp -Pimage -Dimage.base=scratch -pl bootstrap -am package -DskipTests
tar=bootstrap/target/jib-image.tar
[ -f "$tar" ] || { echo "check-image-context: no $tar" >&2; exit 1; }
python3 - "$tar" <<'PY'
import json, sys, tarfile
image = tarfile.open(sys.argv[1])
manifest = json.load(image.extractfile("manifest.json"))[0]
config = json.load(image.extractfile(manifest["Config"]))["config"]
problems = []
if config.get("User") != "10001:10001": problems.append(f"user {config.get('User')!r}, not 10001:10001")
entrypoint = config.get("Entrypoint") or []
if not entrypoint or entrypoint[0] != "java" or entrypoint[-1] != "io.ruleworks.bootstrap.Application":
    problems.append(f"entrypoint {entrypoint}")
for flag in ("-XX:G1PeriodicGCInterval=30000", "-XX:TrimNativeHeapInterval=30000", "-XX:+ExitOnOutOfMemoryError"):
    if flag not in entrypoint: problems.append(f"entrypoint lacks {flag} (docs/operations.md \"Memory\")")
if "8080/tcp" not in (config.get("ExposedPorts") or {}): problems.append(f"ports {config.get('ExposedPorts')}")
if "io.ruleworks.health" not in (config.get("Labels") or {}): problems.append("no health label")
if len(manifest["Layers"]) < 3: problems.append(f"only {len(manifest['Layers'])} layers")
if problems:
    print("check-image-context: " + "; ".join(problems), file=sys.stderr); sys.exit(1)
print(f"check-image-context: user {config['User']}, entrypoint {' '.join(entrypoint[:3])} ... {entrypoint[-1]}, "
      f"ports {list(config['ExposedPorts'])}, {len(manifest['Layers'])} layers, health label - ok")
PY
