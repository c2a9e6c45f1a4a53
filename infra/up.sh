#!/usr/bin/env bash
# The whole system up and healthy, on a bare Debian build machine or a laptop with Docker alike:
#
#   bash infra/up.sh     # then `nox` for every layer of tests
#
# Each step does nothing where its result is already there:
# 1. No Docker engine answering, no Compose v2 plugin, no uv or no nox: infra/provision.sh
#    installs and starts what is missing (Debian, as root; sudo otherwise).
# 2. An image compose needs (POSTGRES_IMAGE, RABBITMQ_IMAGE, PYTHON_IMAGE: the environment's, else
#    .env's, else the official ones) neither on this machine nor given by a registry:
#    infra/images/build.sh builds local stand-ins and names them in .env. A registry that answers
#    is used as it is (the check pulls from it).
# 3. `docker compose up --build --wait`: returns once every health check is green.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '[up] %s\n' "$*" >&2; }

tools_missing() {
  docker info >/dev/null 2>&1 || return 0
  docker compose version >/dev/null 2>&1 || return 0
  command -v uv >/dev/null 2>&1 || return 0
  command -v nox >/dev/null 2>&1 || return 0
  return 1
}

# A command with .env's variables added, those already in the environment winning (as compose).
with_dotenv() {
  local vars=() key value
  if [ -f .env ]; then
    while IFS='=' read -r key value; do
      [[ $key =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]] || continue
      [ -n "${!key+set}" ] || vars+=("$key=$value")
    done <.env
  fi
  env ${vars[@]+"${vars[@]}"} "$@"
}

# Quiet when every image can be had; else one line naming the first that cannot (testkit.servers.images).
images_ready() { with_dotenv env PYTHONPATH=infra/testkit/src python3 -m testkit.servers.images; }

if tools_missing; then
  log "provisioning what is missing of Docker, Compose v2, uv and nox (infra/provision.sh)"
  if [ "$(id -u)" = 0 ]; then bash infra/provision.sh; else sudo bash infra/provision.sh; fi
fi

if ! images_ready 2>/dev/null; then
  log "an image is neither here nor in a registry: building stand-ins (infra/images/build.sh)"
  bash infra/images/build.sh
  images_ready # with the .env it wrote; if one is still missing, its line says which and stops
fi

docker compose up --build --wait --wait-timeout 300
log "up and healthy: APIs on 127.0.0.1:8001-8005; \`nox\` runs every layer of tests"
