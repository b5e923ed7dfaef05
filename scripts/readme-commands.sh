#!/usr/bin/env bash
# Prints the commands of the README's quick start (its first ```bash block), one per line, without
# their comments; fails unless there are exactly two (start the service, run the tests).
# .ci/run runs the second, so the README cannot drift from what CI proves.
set -euo pipefail
cd "$(dirname "$0")/.."
commands=$(awk '/^```bash$/ && !seen { inside = 1; seen = 1; next } inside && /^```$/ { exit } inside' README.md \
  | sed 's/[[:space:]]*#.*$//' | sed '/^[[:space:]]*$/d')
count=$(printf '%s\n' "$commands" | sed '/^$/d' | wc -l)
if [ "$count" -ne 2 ]; then
  echo "readme-commands: the README's quick start must hold exactly two commands, found $count" >&2
  exit 1
fi
printf '%s\n' "$commands"
