#!/usr/bin/env bash
# A throwaway PostgreSQL for the tests: `.ci/postgres.sh start` initialises a cluster in a temp
# directory, starts it on a free loopback port (as the unprivileged user "postgres" when run as
# root), waits until it accepts connections, creates the database shopper_spectrum, and prints
#   export SHOPPER_SPECTRUM_PG_URL=postgresql://shopper@127.0.0.1:PORT/shopper_spectrum
# (eval it, or source this script: `source .ci/postgres.sh start` exports it). The password is
# random, kept in the cluster's directory and in ~/.pgpass-like PGPASSFILE it writes, never printed.
# `.ci/postgres.sh stop` stops that server and deletes its directory: nothing is left running.
# Needs Debian's postgresql package (/usr/lib/postgresql/<version>/bin); .ci/run installs it.
set -euo pipefail

STATE="${SHOPPER_SPECTRUM_PG_STATE:-${TMPDIR:-/tmp}/shopper-spectrum-pg.state}"

pg_bin() {
  local dir
  for dir in /usr/lib/postgresql/*/bin; do [ -x "$dir/pg_ctl" ] && { echo "$dir"; return; }; done
  command -v pg_ctl >/dev/null 2>&1 && { dirname "$(command -v pg_ctl)"; return; }
  echo "postgres.sh: no PostgreSQL found (apt-get install -y postgresql)" >&2
  return 1
}

free_port() {
  node -e 'const s = require("net").createServer(); s.listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); });'
}

# runs a command as the cluster's owner: "postgres" when we are root (initdb refuses root), else us
as_owner() {
  if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin postgres
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

start() {
  if [ -f "$STATE" ]; then
    echo "postgres.sh: already started ($STATE); stop it first" >&2
    return 1
  fi
  local bin dir port password
  bin="$(pg_bin)"
  dir="$(mktemp -d "${TMPDIR:-/tmp}/shopper-spectrum-pg.XXXXXX")"
  chmod 755 "$dir"
  port="$(free_port)"
  password="$(node -e 'console.log(require("crypto").randomBytes(18).toString("hex"))')"
  printf '%s\n' "$password" > "$dir/pwfile"
  [ "$(id -u)" = 0 ] && { id postgres >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin postgres; chown postgres "$dir" "$dir/pwfile"; }
  chmod 600 "$dir/pwfile"
  as_owner "$bin/initdb" -D "$dir/data" -U shopper --pwfile="$dir/pwfile" --auth=scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
    || as_owner "$bin/initdb" -D "$dir/data" -U shopper --pwfile="$dir/pwfile" --auth=scram-sha-256 -E UTF8 --locale=C >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; rm -rf "$dir"; return 1; }
  # loopback only, no Unix socket outside the cluster's directory
  as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null \
    || { cat "$dir/server.log" >&2; rm -rf "$dir"; return 1; }
  printf 'dir=%q\nbin=%q\nport=%q\n' "$dir" "$bin" "$port" > "$STATE"
  # a password file for clients (psql, pg): PGPASSFILE points at it, the URL carries no password
  printf '127.0.0.1:%s:*:shopper:%s\n' "$port" "$password" > "$dir/pgpass"
  chmod 600 "$dir/pgpass"
  local tries=0
  until PGPASSFILE="$dir/pgpass" "$bin/psql" -h 127.0.0.1 -p "$port" -U shopper -d postgres -qtAc 'SELECT 1' >/dev/null 2>&1; do
    tries=$((tries + 1))
    [ "$tries" -ge 60 ] && { echo "postgres.sh: the server did not answer in 30 s" >&2; stop; return 1; }
    sleep 0.5
  done
  PGPASSFILE="$dir/pgpass" "$bin/psql" -h 127.0.0.1 -p "$port" -U shopper -d postgres -qtAc 'CREATE DATABASE shopper_spectrum' >/dev/null
  export SHOPPER_SPECTRUM_PG_URL="postgresql://shopper@127.0.0.1:$port/shopper_spectrum"
  export PGPASSFILE="$dir/pgpass"
  echo "export SHOPPER_SPECTRUM_PG_URL=$SHOPPER_SPECTRUM_PG_URL"
  echo "export PGPASSFILE=$PGPASSFILE"
}

stop() {
  [ -f "$STATE" ] || { echo "postgres.sh: not started" >&2; return 0; }
  local dir bin port
  # shellcheck disable=SC1090
  . "$STATE"
  if [ -d "$dir/data" ]; then as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w -t 60 stop >/dev/null 2>&1 || as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true; fi
  rm -rf "$dir" "$STATE"
  unset SHOPPER_SPECTRUM_PG_URL PGPASSFILE 2>/dev/null || true
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
