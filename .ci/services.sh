#!/usr/bin/env bash
# Start or stop a throwaway PostgreSQL and Redis on loopback for the integration suite.
#   eval "$(bash .ci/services.sh start)"   # prints the environment to use
#   bash .ci/services.sh stop
# Installs them with apt when missing (CI runs as root). Data lives in $SERVICES_DIR.
set -euo pipefail
SERVICES_DIR=${SERVICES_DIR:-/tmp/goodbid-services}
PG_PORT=${PG_PORT:-55432}
REDIS_PORT=${REDIS_PORT:-56379}

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

as_pg_user() {
  if [ "$(id -u)" = 0 ]; then su postgres -s /bin/sh -c "$*"; else sh -c "$*"; fi
}

install_missing() {
  if [ -z "$(pg_bin)" ] || ! command -v redis-server >/dev/null 2>&1; then
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql redis-server >&2
  fi
}

start() {
  install_missing
  local bin; bin=$(pg_bin)
  stop >/dev/null 2>&1 || true
  rm -rf "$SERVICES_DIR" && mkdir -p "$SERVICES_DIR/pg" "$SERVICES_DIR/redis"
  if [ "$(id -u)" = 0 ]; then chown -R postgres "$SERVICES_DIR/pg"; fi
  as_pg_user "$bin/initdb -D $SERVICES_DIR/pg/data -U goodbid -A trust -E UTF8 >/dev/null"
  as_pg_user "$bin/pg_ctl -D $SERVICES_DIR/pg/data -l $SERVICES_DIR/pg/log -w start \
    -o '-c listen_addresses=127.0.0.1 -p $PG_PORT -k $SERVICES_DIR/pg -c fsync=off \
        -c synchronous_commit=off -c full_page_writes=off -c max_connections=200' >/dev/null"
  as_pg_user "$bin/createdb -h 127.0.0.1 -p $PG_PORT -U goodbid goodbid"
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --daemonize yes --save "" \
    --appendonly no --dir "$SERVICES_DIR/redis" --pidfile "$SERVICES_DIR/redis/pid" \
    --logfile "$SERVICES_DIR/redis/log" >&2
  for _ in $(seq 1 50); do
    redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.1
  done
  echo "export DATABASE_URL=postgres://goodbid@127.0.0.1:$PG_PORT/goodbid"
  echo "export CELERY_BROKER_URL=redis://127.0.0.1:$REDIS_PORT/0"
}

stop() {
  local bin; bin=$(pg_bin)
  if [ -f "$SERVICES_DIR/redis/pid" ]; then
    kill "$(cat "$SERVICES_DIR/redis/pid")" 2>/dev/null || true
  fi
  if [ -n "$bin" ] && [ -d "$SERVICES_DIR/pg/data" ]; then
    as_pg_user "$bin/pg_ctl -D $SERVICES_DIR/pg/data -m immediate -w stop >/dev/null" || true
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
