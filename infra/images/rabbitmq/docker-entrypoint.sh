#!/bin/sh
# Turns RABBITMQ_DEFAULT_* into configuration, as the official image did, then runs the broker.
set -eu

if [ "${1:-}" = rabbitmq-server ]; then
  conf=/etc/rabbitmq/rabbitmq.conf
  sed -i '/^default_\(user\|pass\|vhost\) =/d' "$conf"
  {
    echo "default_user = ${RABBITMQ_DEFAULT_USER:-guest}"
    echo "default_pass = ${RABBITMQ_DEFAULT_PASS:-guest}"
    echo "default_vhost = ${RABBITMQ_DEFAULT_VHOST:-/}"
  } >>"$conf"
  chown -R rabbitmq:rabbitmq /var/lib/rabbitmq /var/log/rabbitmq
  exec setpriv --reuid=rabbitmq --regid=rabbitmq --init-groups "$@"
fi

exec "$@"
