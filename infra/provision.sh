#!/usr/bin/env bash
# Provision a Debian host for this project: a running Docker engine, the Compose v2 plugin,
# uv and nox.
#
# Idempotent: every step checks first and does nothing when its result is already there, so a
# provisioned machine passes through in well under a second. Needs root (apt-get, dockerd).
set -euo pipefail

log() { printf '[provision] %s\n' "$*" >&2; }

# shellcheck source=infra/debian-mirror.sh
. "$(dirname "$0")/debian-mirror.sh"

apt_updated=0
apt_install() {
  if [ "$apt_updated" = 0 ]; then
    apt-get update -qq
    apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# The compose file's health checks poll quickly only while a container starts (start_interval),
# which needs Docker Engine 25 or newer; bookworm packages 20.10. Its docker.io still brings the
# runtime (containerd, runc, iptables, tini); the daemon comes from trixie's docker.io (26), whose
# binaries need no newer glibc than bookworm's.
min_engine_major=25

engine_major() { "$1" --version | sed -E 's/^Docker version ([0-9]+).*/\1/'; }

# Download one of Debian trixie's packages from this machine's own Debian archive and unpack it
# into $2, without touching the machine's apt sources or package database. Trixie's package
# lists are fetched once per run, into a folder of their own.
trixie=""
trixie_apt=()
unpack_trixie_package() { # package, destination
  if [ -z "$trixie" ]; then
    trixie=$(mktemp -d)
    trap 'rm -rf "$trixie"' EXIT
    mkdir -p "$trixie/lists/partial"
    echo "deb $(debian_mirror) trixie main" >"$trixie/trixie.list"
    trixie_apt=(-o "Dir::Etc::SourceList=$trixie/trixie.list" -o "Dir::Etc::SourceParts=-"
      -o "Dir::State::Lists=$trixie/lists" -o "APT::Get::List-Cleanup=0"
      -o "APT::Sandbox::User=root")
    apt-get "${trixie_apt[@]}" update -qq
  fi
  (cd "$trixie" && apt-get "${trixie_apt[@]}" download "$1" >/dev/null)
  dpkg -x "$trixie/$1"_*.deb "$2"
}

# The engine that answers is new enough, or the run stops here with why (one we did not start,
# e.g. a distribution's that its package started, is not ours to replace).
require_new_engine() {
  local version
  version=$(docker version --format '{{.Server.Version}}')
  if [ "${version%%.*}" -lt "$min_engine_major" ]; then
    log "docker engine $version answers, but the health checks need $min_engine_major or newer"
    exit 1
  fi
  log "docker engine: $version"
}

ensure_engine() {
  if docker info >/dev/null 2>&1; then
    require_new_engine
    return
  fi
  if ! command -v dockerd >/dev/null 2>&1; then
    log "docker engine: installing Debian's docker.io (containerd, runc and the rest)"
    apt_install docker.io
  fi
  local daemon
  daemon=$(command -v dockerd)
  if [ "$(engine_major "$daemon")" -lt "$min_engine_major" ]; then
    daemon=/usr/local/sbin/dockerd
    if [ ! -x "$daemon" ] || [ "$(engine_major "$daemon")" -lt "$min_engine_major" ]; then
      log "docker engine: fetching the daemon from Debian trixie's docker.io"
      local work
      work=$(mktemp -d)
      unpack_trixie_package docker.io "$work"
      # docker-proxy beside dockerd: the daemon looks for it on PATH, where /usr/local comes first.
      install -D -m 0755 "$work/usr/sbin/dockerd" "$work/usr/sbin/docker-proxy" -t /usr/local/sbin
      rm -rf "$work"
    fi
  fi
  log "docker engine: starting $daemon ($("$daemon" --version))"
  # A daemon that was killed (not stopped) leaves its pid file behind, and dockerd then refuses
  # to start; it is stale whenever no dockerd runs.
  if ! pgrep -x dockerd >/dev/null; then
    rm -f /var/run/docker.pid /var/run/docker/containerd/containerd.pid
  fi
  # No init system here; the daemon lives in the background for the rest of the machine's life.
  nohup "$daemon" >/var/log/dockerd.log 2>&1 &
  for _ in $(seq 1 150); do
    docker info >/dev/null 2>&1 && { require_new_engine; return; }
    sleep 0.2
  done
  log "docker engine did not answer within 30 s; see /var/log/dockerd.log"
  exit 1
}

ensure_compose_v2() {
  if docker compose version >/dev/null 2>&1; then
    log "compose v2: already installed"
    return
  fi
  # Bookworm only packages the deprecated compose v1; trixie's docker-compose package carries the
  # v2 CLI plugin as one static-enough binary (glibc >= 2.34, bookworm has 2.36).
  log "compose v2: fetching the plugin from Debian trixie's docker-compose package"
  local work
  work=$(mktemp -d)
  unpack_trixie_package docker-compose "$work"
  install -D -m 0755 "$work/usr/libexec/docker/cli-plugins/docker-compose" \
    /usr/local/lib/docker/cli-plugins/docker-compose
  rm -rf "$work"
  docker compose version >/dev/null
  log "compose v2: $(docker compose version --short)"
}

# The project's own tooling, at the versions the README and uv.lock were made with.
ensure_python_tools() {
  if command -v uv >/dev/null && command -v nox >/dev/null; then
    log "uv and nox: already installed"
    return
  fi
  log "uv and nox: installing with pip"
  python3 -m pip install --quiet "uv==0.13.8" "nox==2026.10.20"
}

ensure_engine
ensure_compose_v2
ensure_python_tools
