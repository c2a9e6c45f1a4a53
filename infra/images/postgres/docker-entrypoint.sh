#!/bin/sh
# Applies POSTGRES_USER / POSTGRES_PASSWORD / POSTGRES_DB and runs the *.sql files of
# /docker-entrypoint-initdb.d on first start, then runs the server.
#
# Start-up time is what tests wait for, so the expensive parts happen when the image is built
# (the Dockerfile sources this file and calls make_cluster): initdb, and a spare database. On
# first start CREATE DATABASE would copy template1 (0.3-0.6 s here); renaming the spare database
# and giving it to the requested owner is a catalog update of a few milliseconds.
set -eu

# The spare database made with the cluster; a marker file says it is still unused.
SPARE_DB=docker_entrypoint_spare
SPARE_MARKER=.spare-database

# Run SQL from stdin in single-user mode: the server is not listening yet, so no client can
# connect before the requested user, password and database exist. exit_on_error: a failed
# statement stops the container (its error in the log) instead of starting it half-configured.
single_user() {
  single_user_in postgres "$@"
}

single_user_in() { # database, [server options]
  database=$1
  shift
  postgres --single -j -D "$PGDATA" -c exit_on_error=on "$@" "$database" >/dev/null
}

# As the official image: each /docker-entrypoint-initdb.d/*.sql, in name order, in POSTGRES_DB
# as the superuser. Unlike psql there, single-user mode ends a statement at a ";" followed by a
# blank line and knows no backslash commands; the official image's *.sh and *.sql.gz scripts
# need a running server, which this first start does without, so they are refused.
run_init_scripts() {
  for script in /docker-entrypoint-initdb.d/*; do
    [ -e "$script" ] || continue
    case $script in
    *.sql) single_user_in "$POSTGRES_DB" <"$script" ;;
    *)
      echo "error: $script: only *.sql init scripts are supported by this image" >&2
      exit 1
      ;;
    esac
  done
}

# Make a cluster in an empty PGDATA, as the official image does, plus the spare database.
make_cluster() {
  initdb -D "$PGDATA" --username=postgres --encoding=UTF8 --locale=C.UTF-8 \
    --auth-local=trust --auth-host=scram-sha-256 --no-sync >/dev/null
  echo "host all all all scram-sha-256" >>"$PGDATA/pg_hba.conf"
  echo "listen_addresses = '*'" >>"$PGDATA/postgresql.conf"
  # fsync=off like initdb --no-sync above: a cluster lost in a crash right now is made again.
  printf 'CREATE DATABASE %s;\n\n' "$SPARE_DB" | single_user -c fsync=off
  touch "$PGDATA/$SPARE_MARKER"
}

ident() { printf '"%s"' "$(printf %s "$1" | sed 's/"/""/g')"; }
literal() { printf "'%s'" "$(printf %s "$1" | sed "s/'/''/g")"; }

# The SQL that gives the cluster the requested user, password and database.
setup_sql() {
  user=$(ident "$POSTGRES_USER")
  if [ "$POSTGRES_USER" = postgres ]; then
    printf 'ALTER ROLE %s PASSWORD %s;\n\n' "$user" "$(literal "$POSTGRES_PASSWORD")"
  else
    printf 'CREATE ROLE %s SUPERUSER LOGIN PASSWORD %s;\n\n' "$user" "$(literal "$POSTGRES_PASSWORD")"
  fi
  if [ ! -e "$PGDATA/$SPARE_MARKER" ]; then
    # No spare (a cluster this script did not make): the slow, ordinary way.
    if [ "$POSTGRES_DB" != postgres ]; then
      printf 'CREATE DATABASE %s OWNER %s;\n\n' "$(ident "$POSTGRES_DB")" "$user"
    fi
  elif [ "$POSTGRES_DB" = postgres ]; then
    # The official image has no database besides postgres here, so neither do we.
    printf 'DROP DATABASE %s;\n\n' "$SPARE_DB"
  else
    if [ "$POSTGRES_DB" != "$SPARE_DB" ]; then
      printf 'ALTER DATABASE %s RENAME TO %s;\n\n' "$SPARE_DB" "$(ident "$POSTGRES_DB")"
    fi
    printf 'ALTER DATABASE %s OWNER TO %s;\n\n' "$(ident "$POSTGRES_DB")" "$user"
  fi
}

# Apply the requested user, password and database to the cluster, once.
configure() {
  if [ -z "$POSTGRES_PASSWORD" ] && [ "${POSTGRES_HOST_AUTH_METHOD:-}" != trust ]; then
    echo "error: set POSTGRES_PASSWORD (or POSTGRES_HOST_AUTH_METHOD=trust), as with the official image" >&2
    exit 1
  fi
  # An empty mounted volume hides the baked cluster: make one as the official image would.
  if [ ! -s "$PGDATA/PG_VERSION" ]; then
    make_cluster
  fi
  if [ "${POSTGRES_HOST_AUTH_METHOD:-}" = trust ]; then
    sed -i 's/scram-sha-256$/trust/' "$PGDATA/pg_hba.conf"
  fi
  setup_sql | single_user
  run_init_scripts
  rm -f "$PGDATA/$SPARE_MARKER"
  touch "$PGDATA/.configured"
}

main() {
  # As the official image: `docker run IMAGE -c name=value` means the server with those options.
  case ${1:-} in -*) set -- postgres "$@" ;; esac

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
    configure
  fi
  exec "$@"
}

# The Dockerfile sources this file to call make_cluster; only a run as a program starts anything.
case $0 in
*docker-entrypoint.sh) main "$@" ;;
esac
