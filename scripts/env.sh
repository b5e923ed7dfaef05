#!/usr/bin/env bash
# Shared by ./ruleworks, .ci/run and bench/: find a JDK >= 21 and make sure local services run.
# Source it; every function is idempotent.

# Picks the newest JDK >= 21 under /usr/lib/jvm (or keeps a suitable JAVA_HOME) and exports JAVA_HOME.
rw_pick_jdk() {
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ] && rw_java_major "$JAVA_HOME" >/dev/null; then
    export PATH="$JAVA_HOME/bin:$PATH"
    return 0
  fi
  local best="" best_major=0 dir major
  for dir in /usr/lib/jvm/*/; do
    dir="${dir%/}"
    [ -x "$dir/bin/javac" ] || continue
    major=$(rw_java_major "$dir") || continue
    if [ "$major" -gt "$best_major" ]; then best="$dir"; best_major="$major"; fi
  done
  if [ -z "$best" ]; then
    echo "ruleworks: no JDK 21 or newer under /usr/lib/jvm (found only older ones); install Temurin 21+ and retry" >&2
    return 1
  fi
  export JAVA_HOME="$best"
  export PATH="$JAVA_HOME/bin:$PATH"
}

# Prints the major version of the JDK at $1 when it is >= 21; fails otherwise.
rw_java_major() {
  local release="$1/release" version major
  [ -f "$release" ] || return 1
  version=$(sed -n 's/^JAVA_VERSION="\([^"]*\)".*/\1/p' "$release")
  major="${version%%.*}"
  [ -n "$major" ] && [ "$major" -ge 21 ] 2>/dev/null || return 1
  echo "$major"
}

# The service's default JVM memory options (docs/operations.md "Memory"), used by ./ruleworks start and
# the benches: a bounded heap instead of the JVM's default of a quarter of the machine's RAM (6 GiB
# on 24 GiB: the heap grew freely under load and was kept), and G1 returning what it grew once the
# service has been idle for 30 s, and the C heap (malloc) trimmed every 30 s, which gives back what the
# JIT compilers and the JDK's native code freed after a load (glibc keeps it otherwise: 25-30 MB of RSS
# measured after the read bench). RULEWORKS_JVM_MEMORY replaces them (e.g. "-Xmx2g").
rw_memory_options() {
  echo "${RULEWORKS_JVM_MEMORY:--Xmx2g -XX:G1PeriodicGCInterval=30000 -XX:TrimNativeHeapInterval=30000}"
}

# Makes sure COMMAND exists, installing Debian's PACKAGE (default: the command's name) when it does not:
# the benches' load generators and floor server (hey, wrk, nginx-light). The install is tried first
# from the package lists as they are, then after refreshing them.
rw_ensure_package() { # command [package]
  command -v "$1" >/dev/null 2>&1 && return 0
  local package=${2:-$1}
  apt-get install -y -qq "$package" >/dev/null 2>&1 \
    || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$package" >/dev/null; }
}

rw_port_open() { # host port
  (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null
}

rw_wait_port() { # host port seconds name
  local i
  for ((i = 0; i < $3 * 2; i++)); do
    rw_port_open "$1" "$2" && return 0
    sleep 0.5
  done
  echo "ruleworks: $4 did not come up on $1:$2 within $3 s" >&2
  return 1
}

# Makes sure PostgreSQL answers on 127.0.0.1:5432 (starting, or as a last resort installing, it).
rw_ensure_postgres() {
  if command -v pg_isready >/dev/null 2>&1 && pg_isready -h 127.0.0.1 -p 5432 -q; then
    return 0
  fi
  if ! ls /etc/postgresql/*/main >/dev/null 2>&1; then
    echo "ruleworks: PostgreSQL is not installed; installing it from Debian's packages" >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    local conf
    conf=$(ls -d /etc/postgresql/*/main | head -n 1)
    sed -i 's/^\(local\|host\)\(.*\)\(peer\|scram-sha-256\|md5\)$/\1\2trust/' "$conf/pg_hba.conf"
  fi
  echo "ruleworks: starting PostgreSQL" >&2
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -n 1)" main start || true
  rw_wait_port 127.0.0.1 5432 60 PostgreSQL
}

# Benches measure PostgreSQL as users run it: autovacuum on (PostgreSQL's default). A server
# configured with it off (this workplace's CI machines turn it off) gets it on for the bench through
# ALTER SYSTEM and a reload, and rw_restore_autovacuum puts the setting back; BENCH_AUTOVACUUM=off
# keeps the server as it is.
rw_psql_server() { psql -h 127.0.0.1 -U postgres -X -q -At -d postgres "$@"; }
rw_bench_autovacuum() {
  RW_AUTOVACUUM_CHANGED=
  [ "${BENCH_AUTOVACUUM:-on}" = on ] || return 0
  if [ "$(rw_psql_server -c 'SHOW autovacuum')" = off ]; then
    RW_AUTOVACUUM_CHANGED=$(rw_psql_server -c "SELECT coalesce((SELECT 'set' FROM pg_file_settings WHERE name = 'autovacuum' AND sourcefile LIKE '%postgresql.auto.conf' LIMIT 1), 'reset')")
    rw_psql_server -c "ALTER SYSTEM SET autovacuum = on" -c "SELECT pg_reload_conf()" >/dev/null
    echo "bench: autovacuum turned on for the bench (the server had it off); restored at exit" >&2
  fi
}
rw_restore_autovacuum() {
  [ -n "${RW_AUTOVACUUM_CHANGED:-}" ] || return 0
  if [ "$RW_AUTOVACUUM_CHANGED" = reset ]; then rw_psql_server -c "ALTER SYSTEM RESET autovacuum"
  else rw_psql_server -c "ALTER SYSTEM SET autovacuum = off"; fi
  rw_psql_server -c "SELECT pg_reload_conf()" >/dev/null
  RW_AUTOVACUUM_CHANGED=
}

# The console's browser tests drive Debian's headless chromium through its chromedriver: installs
# both from Debian's packages when they are missing and apt-get can (as root); otherwise says what
# to install, and the build's ConsoleBrowserTest then fails naming /usr/bin/chromedriver.
rw_ensure_browser() {
  command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1 && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "ruleworks: installing chromium and chromium-driver (the console's browser tests)" >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
  else
    echo "ruleworks: chromium and chromedriver are missing; install them (Debian: apt-get install chromium chromium-driver) for the console's browser tests" >&2
  fi
}

# Starts RabbitMQ if it is installed and down (the broker queue adapter's tests use it).
rw_ensure_rabbitmq() {
  rw_port_open 127.0.0.1 5672 && return 0
  PATH="$PATH:/usr/sbin:/sbin" command -v rabbitmq-server >/dev/null 2>&1 || { echo "ruleworks: RabbitMQ not installed; skipping" >&2; return 0; }
  echo "ruleworks: starting RabbitMQ" >&2
  PATH="$PATH:/usr/sbin:/sbin" rabbitmq-server -detached || true
  rw_wait_port 127.0.0.1 5672 90 RabbitMQ
}
