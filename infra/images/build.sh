#!/usr/bin/env bash
# Build registry-free stand-ins for the official postgres, rabbitmq and python images.
#
# For build machines that have a Docker engine but no registry: a debootstrap'd Debian base is
# imported with `docker import`, and each image is a Dockerfile on top of it using Debian's own
# packages. Every image carries a label with the hash of its inputs and is rebuilt only when
# those change. Finally the names are written to the repository's .env, which docker compose
# reads by itself and nox hands to every session, so both use these images from then on.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
prefix=${OFFLINE_IMAGE_PREFIX:-pyramid-offline}
suite=bookworm
# shellcheck source=infra/debian-mirror.sh
. "$here/../debian-mirror.sh"
mirror=$(debian_mirror)
label=org.pyramid.inputs

log() { printf '[images] %s\n' "$*" >&2; }

# Hash of the given files or folders under infra/images, plus any extra text.
inputs_hash() {
  local extra=$1
  shift
  { printf '%s\n' "$extra"; [ $# = 0 ] || (cd "$here" && tar -c --sort=name --mtime=@0 --owner=0 --group=0 "$@"); } |
    sha256sum | cut -c1-16
}

is_current() { # image, hash
  [ "$(docker image inspect -f "{{ index .Config.Labels \"$label\" }}" "$1" 2>/dev/null)" = "$2" ]
}

build_base() {
  local image=$prefix/debian:$suite hash
  hash=$(inputs_hash "debootstrap --variant=minbase $suite $mirror")
  if is_current "$image" "$hash"; then
    log "$image: up to date"
    echo "$hash"
    return
  fi
  command -v debootstrap >/dev/null || {
    log "installing debootstrap"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null
  }
  local rootfs
  rootfs=$(mktemp -d)
  log "$image: debootstrap $suite (about 20 s)"
  debootstrap --variant=minbase "$suite" "$rootfs" "$mirror" >/dev/null
  # Same slimming as Debian's official base image: no apt lists, no man pages.
  rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/*.bin "$rootfs"/usr/share/{doc,man}/*
  tar -C "$rootfs" -c . | docker import --change "LABEL $label=$hash" --change 'CMD ["bash"]' - "$image" >/dev/null
  rm -rf "$rootfs"
  log "$image: built"
  echo "$hash"
}

build_image() { # name, tag, base hash, [extra context file]
  local name=$1 tag=$2 base_hash=$3 extra=${4:-} image hash context
  image=$prefix/$name:$tag
  hash=$(inputs_hash "$base_hash $([ -n "$extra" ] && sha256sum <"$extra")" "$name")
  if is_current "$image" "$hash"; then
    log "$image: up to date"
    return
  fi
  context=$(mktemp -d)
  cp -r "$here/$name/." "$context/"
  [ -n "$extra" ] && cp "$extra" "$context/"
  log "$image: building"
  # The classic builder is chatty (and warns that it is deprecated): show its output on failure only.
  if ! docker build --label "$label=$hash" --build-arg "BASE_IMAGE=$prefix/debian:$suite" \
    -t "$image" "$context" >"$context.log" 2>&1; then
    cat "$context.log" >&2
    exit 1
  fi
  rm -rf "$context" "$context.log"
  log "$image: built"
}

# Keep the user's own .env lines, replace ours.
write_env() {
  local env_file=$root/.env
  touch "$env_file"
  sed -i '/^\(POSTGRES_IMAGE\|RABBITMQ_IMAGE\|PYTHON_IMAGE\|TESTCONTAINERS_RYUK_DISABLED\)=/d' "$env_file"
  # No registry, so no Ryuk image either: the test kit removes its containers itself.
  cat >>"$env_file" <<ENV
TESTCONTAINERS_RYUK_DISABLED=true
POSTGRES_IMAGE=$prefix/postgres:15
RABBITMQ_IMAGE=$prefix/rabbitmq:3.10
PYTHON_IMAGE=$prefix/python:3.11
ENV
  log "wrote the image names to $env_file"
}

base_hash=$(build_base)
build_image postgres 15 "$base_hash"
build_image rabbitmq 3.10 "$base_hash"
# pip and uv inside a build must trust the same CAs as this host (a TLS-inspecting proxy may sit
# between the machine and the package registry), so the host's bundle goes into the image.
build_image python 3.11 "$base_hash" /etc/ssl/certs/ca-certificates.crt
write_env
