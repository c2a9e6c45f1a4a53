#!/usr/bin/env bash
# Provision a Debian host for this project: a running Docker engine, the Compose v2 plugin,
# uv and nox.
#
# Idempotent: every step checks first and does nothing when its result is already there, so a
# provisioned machine passes through in well under a second. Needs root (apt-get, dockerd).
set -euo pipefail

log() { printf '[provision] %s\n' "$*" >&2; }

apt_updated=0
apt_install() {
  if [ "$apt_updated" = 0 ]; then
    apt-get update -qq
    apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

ensure_engine() {
  if docker info >/dev/null 2>&1; then
    log "docker engine: already answering"
    return
  fi
  if ! command -v dockerd >/dev/null 2>&1; then
    log "docker engine: installing Debian's docker.io"
    apt_install docker.io
  fi
  log "docker engine: starting dockerd"
  # A daemon that was killed (not stopped) leaves its pid file behind, and dockerd then refuses
  # to start; it is stale whenever no dockerd runs.
  if ! pgrep -x dockerd >/dev/null; then
    rm -f /var/run/docker.pid /var/run/docker/containerd/containerd.pid
  fi
  # No init system here; the daemon lives in the background for the rest of the machine's life.
  nohup dockerd >/var/log/dockerd.log 2>&1 &
  for _ in $(seq 1 150); do
    docker info >/dev/null 2>&1 && { log "docker engine: up"; return; }
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
  mkdir -p "$work/lists/partial"
  echo "deb http://deb.debian.org/debian trixie main" >"$work/trixie.list"
  local apt_opts=(-o "Dir::Etc::SourceList=$work/trixie.list" -o "Dir::Etc::SourceParts=-"
    -o "Dir::State::Lists=$work/lists" -o "APT::Get::List-Cleanup=0" -o "APT::Sandbox::User=root")
  apt-get "${apt_opts[@]}" update -qq
  (cd "$work" && apt-get "${apt_opts[@]}" download docker-compose >/dev/null)
  dpkg -x "$work"/docker-compose_*.deb "$work/root"
  install -D -m 0755 "$work/root/usr/libexec/docker/cli-plugins/docker-compose" \
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
