#!/bin/sh
# Applies POSTGRES_USER / POSTGRES_PASSWORD / POSTGRES_DB on first start, then runs the server.
set -eu

if [ "$(id -u)" = 0 ]; then
  mkdir -p "$PGDATA" /var/run/postgresql
  chown postgres:postgres "$PGDATA" /var/run/postgresql
  chmod 700 "$PGDATA"
  exec setpriv --reuid=postgres --regid=postgres --init-groups "$0" "$@"
fi

POSTGRES_USER=${POSTGRES_USER:-postgres}
POSTGRES_DB=${POSTGRES_DB:-$POSTGRES_USER}
POSTGRES_PASSWORD=${POSTGRES_PASSWORD:-}

if [ "${1:-}" = postgres ] && [ ! -e "$PGDATA/.configured" ]; then
  if [ -z "$POSTGRES_PASSWORD" ] && [ "${POSTGRES_HOST_AUTH_METHOD:-}" != trust ]; then
    echo "error: set POSTGRES_PASSWORD (or POSTGRES_HOST_AUTH_METHOD=trust), as with the official image" >&2
    exit 1
  fi
  # An empty mounted volume hides the baked cluster: make one as the official image would.
  if [ ! -s "$PGDATA/PG_VERSION" ]; then
    initdb -D "$PGDATA" --username=postgres --encoding=UTF8 --locale=C.UTF-8 \
      --auth-local=trust --auth-host=scram-sha-256 --no-sync >/dev/null
    echo "host all all all scram-sha-256" >>"$PGDATA/pg_hba.conf"
    echo "listen_addresses = '*'" >>"$PGDATA/postgresql.conf"
  fi
  if [ "${POSTGRES_HOST_AUTH_METHOD:-}" = trust ]; then
    sed -i 's/scram-sha-256$/trust/' "$PGDATA/pg_hba.conf"
  fi
  ident() { printf '"%s"' "$(printf %s "$1" | sed 's/"/""/g')"; }
  literal() { printf "'%s'" "$(printf %s "$1" | sed "s/'/''/g")"; }
  user=$(ident "$POSTGRES_USER")
  {
    if [ "$POSTGRES_USER" = postgres ]; then
      printf 'ALTER ROLE %s PASSWORD %s;\n\n' "$user" "$(literal "$POSTGRES_PASSWORD")"
    else
      printf 'CREATE ROLE %s SUPERUSER LOGIN PASSWORD %s;\n\n' "$user" "$(literal "$POSTGRES_PASSWORD")"
    fi
    if [ "$POSTGRES_DB" != postgres ]; then
      printf 'CREATE DATABASE %s OWNER %s;\n\n' "$(ident "$POSTGRES_DB")" "$user"
    fi
  } | postgres --single -j -D "$PGDATA" postgres >/dev/null
  touch "$PGDATA/.configured"
fi

exec "$@"
