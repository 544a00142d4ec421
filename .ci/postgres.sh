#!/usr/bin/env bash
# A throwaway PostgreSQL server (Debian's package) for the store's tests, on 127.0.0.1 only.
#
# Sourced by .ci/run (it works under `set -euo pipefail`):
#   . .ci/postgres.sh
#   trap pg_stop EXIT
#   pg_start                      # prints "PostgreSQL 15.18 on 127.0.0.1:PORT (...)", sets PG_URL
#   export CONFLICT_MAP_TEST_PG="$PG_URL"
#
# Or by hand: `bash .ci/postgres.sh start` (prints the URL last) and `bash .ci/postgres.sh stop`.
#
# The cluster lives in ${CONFLICT_MAP_PG_DIR:-${TMPDIR:-/tmp}/conflict-map-ci-pg}: data/, server.log and
# the Unix socket (the socket is only for the superuser's setup; tests connect over TCP with a password).
# PostgreSQL refuses to run as root, so as root every server command runs as the `postgres` system
# user that the Debian package creates; any other user runs it as themself.

PG_BASE="${CONFLICT_MAP_PG_DIR:-${TMPDIR:-/tmp}/conflict-map-ci-pg}"
PG_ROLE="conflict_map_test"
PG_DBNAME="conflict_map_test"
PG_URL=""

# The newest installed server's bin directory, e.g. /usr/lib/postgresql/15/bin (not on PATH on Debian).
pg_bindir() {
  local dir
  dir="$(find /usr/lib/postgresql -mindepth 3 -maxdepth 3 -path '*/bin/pg_ctl' -printf '%h\n' 2>/dev/null | sort -V | tail -n 1)"
  [ -n "$dir" ] || return 1
  echo "$dir"
}

# Run a command as the server's owner: `postgres` when we are root, ourselves otherwise; from / so that
# the tools never complain about a working directory they cannot read.
_pg_as() {
  if [ "$(id -u)" -eq 0 ]; then
    (cd / && runuser -u postgres -- "$@")
  else
    (cd / && "$@")
  fi
}

_pg_superuser() {
  if [ "$(id -u)" -eq 0 ]; then echo postgres; else id -un; fi
}

_pg_free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# Stop a server still running on our data directory (an earlier run killed before its trap ran).
_pg_stop_stale() {
  local bin="$1"
  if [ -f "$PG_BASE/data/postmaster.pid" ] && _pg_as "$bin/pg_ctl" status -D "$PG_BASE/data" >/dev/null 2>&1; then
    echo "stopping a PostgreSQL server left running in $PG_BASE/data by an earlier run"
    _pg_as "$bin/pg_ctl" stop -D "$PG_BASE/data" -m immediate -w >/dev/null 2>&1 || true
  fi
}

# A fresh, empty cluster in $PG_BASE/data (whatever was there is removed).
_pg_init() {
  local bin="$1" major="$2"
  # Never follow a link planted at the path, and never reuse a directory someone else owns.
  if ! { rm -rf "$PG_BASE" && mkdir -m 700 "$PG_BASE"; }; then
    echo "postgres.sh: cannot make a fresh $PG_BASE: remove it, or set CONFLICT_MAP_PG_DIR to another directory" >&2
    return 1
  fi
  if [ "$(id -u)" -eq 0 ]; then chown postgres:postgres "$PG_BASE" || return 1; fi
  if ! _pg_as test -w "$PG_BASE"; then
    echo "postgres.sh: $(_pg_superuser) cannot write $PG_BASE (a parent directory is closed to it): set TMPDIR or CONFLICT_MAP_PG_DIR to a directory it can reach" >&2
    return 1
  fi
  _pg_as "$bin/initdb" -D "$PG_BASE/data" -U "$(_pg_superuser)" --auth-local=peer --auth-host=scram-sha-256 \
    -E UTF8 --locale=C.UTF-8 >"$PG_BASE/initdb.log" 2>&1 || {
    echo "postgres.sh: initdb failed in $PG_BASE/data; its output:" >&2
    cat "$PG_BASE/initdb.log" >&2
    return 1
  }
  # The settings that change per start (the port) live in their own file, written by pg_start.
  echo "include_if_exists 'conflict-map.conf'" | _pg_as tee -a "$PG_BASE/data/postgresql.conf" >/dev/null || return 1
  # Written last: a directory without it (initdb interrupted) is rebuilt by the next start.
  echo "$major" | _pg_as tee "$PG_BASE/.ready-for" >/dev/null || return 1
}

# Start the server (initdb if the directory is missing, half-made or of another major version),
# create the test role and its database, set PG_URL. Returns non-zero, with the server's log, on failure.
pg_start() {
  local bin major version port password started attempt ms
  started="$(date +%s%N)"
  bin="$(pg_bindir)" || {
    echo "postgres.sh: no PostgreSQL server under /usr/lib/postgresql: apt-get install postgresql" >&2
    return 1
  }
  major="$(basename "$(dirname "$bin")")"
  if [ ${#PG_BASE} -gt 90 ]; then
    # The socket path ($PG_BASE/.s.PGSQL.PORT) must fit in 107 bytes.
    echo "postgres.sh: $PG_BASE is too long for a Unix socket path: set CONFLICT_MAP_PG_DIR to a shorter directory" >&2
    return 1
  fi
  _pg_stop_stale "$bin"
  if [ -L "$PG_BASE" ] || [ ! -d "$PG_BASE/data" ] || [ "$(cat "$PG_BASE/.ready-for" 2>/dev/null)" != "$major" ] \
    || { [ "$(id -u)" -eq 0 ] && [ "$(stat -c %U "$PG_BASE")" != postgres ]; }; then
    _pg_init "$bin" "$major" || return 1
  fi
  # A port found free can be taken before the server binds it, and a reused directory can be broken:
  # try again on a new port, from a fresh cluster.
  for attempt in 1 2 3; do
    port="$(_pg_free_port)"
    # fsync off: a throwaway server; a directory that does not start again is rebuilt.
    _pg_as tee "$PG_BASE/data/conflict-map.conf" >/dev/null <<EOF || return 1
port = $port
listen_addresses = '127.0.0.1'
unix_socket_directories = '$PG_BASE'
fsync = off
synchronous_commit = off
full_page_writes = off
EOF
    if _pg_as "$bin/pg_ctl" start -D "$PG_BASE/data" -l "$PG_BASE/server.log" -w -t 60 >/dev/null; then
      break
    fi
    echo "postgres.sh: the server did not start (attempt $attempt, port $port); the end of $PG_BASE/server.log:" >&2
    tail -n 20 "$PG_BASE/server.log" >&2 || true
    [ "$attempt" -lt 3 ] || return 1
    _pg_stop_stale "$bin"
    _pg_init "$bin" "$major" || return 1
  done
  # A new password each start: the port is reachable by every local user.
  password="$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
  _pg_as "$bin/psql" -X -q -v ON_ERROR_STOP=1 -v pw="$password" -h "$PG_BASE" -p "$port" -U "$(_pg_superuser)" -d postgres <<EOF || {
SELECT 'CREATE ROLE $PG_ROLE LOGIN CREATEDB' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$PG_ROLE') \gexec
ALTER ROLE $PG_ROLE PASSWORD :'pw';
-- DROP DATABASE ... WITH (FORCE) after a test must also stop an autovacuum worker busy on that database
GRANT pg_signal_backend TO $PG_ROLE;
SELECT 'CREATE DATABASE $PG_DBNAME OWNER $PG_ROLE' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '$PG_DBNAME') \gexec
EOF
    echo "postgres.sh: could not create the role $PG_ROLE and its database on 127.0.0.1:$port (see above)" >&2
    return 1
  }
  version="$("$bin/postgres" --version | awk '{print $3}')"
  PG_URL="postgresql+psycopg://$PG_ROLE:$password@127.0.0.1:$port/$PG_DBNAME"
  ms=$((($(date +%s%N) - started) / 1000000))
  printf 'PostgreSQL %s on 127.0.0.1:%s (data %s, ready in %d.%d s)\n' "$version" "$port" "$PG_BASE/data" $((ms / 1000)) $((ms % 1000 / 100))
}

# Stop the server if it runs; safe to call when it never started (so it can be the EXIT trap).
# The data directory stays, to be reused by the next start.
pg_stop() {
  local bin
  bin="$(pg_bindir)" || return 0
  if [ -f "$PG_BASE/data/postmaster.pid" ]; then
    _pg_as "$bin/pg_ctl" stop -D "$PG_BASE/data" -m fast -w -t 60 >/dev/null 2>&1 \
      || _pg_as "$bin/pg_ctl" stop -D "$PG_BASE/data" -m immediate -w >/dev/null 2>&1 || true
  fi
  return 0
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -euo pipefail
  case "${1:-}" in
    start) pg_start && echo "$PG_URL" ;;
    stop) pg_stop ;;
    *) echo "usage: bash .ci/postgres.sh start|stop" >&2; exit 2 ;;
  esac
fi
