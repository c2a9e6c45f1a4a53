# Sourced by infra/provision.sh and infra/images/build.sh: the Debian archive this machine's apt
# already uses, so that no script names a mirror of its own (a build machine may reach only its
# own). DEBIAN_MIRROR, when set, wins.
debian_mirror() {
  if [ -n "${DEBIAN_MIRROR:-}" ]; then
    echo "${DEBIAN_MIRROR%/}"
    return
  fi
  local codename uri
  codename=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
  # apt's own reading of its sources (one-line and deb822 alike): the archive that serves the
  # release itself, not -updates or -security.
  uri=$(apt-get indextargets --format '$(RELEASE) $(REPO_URI)' 2>/dev/null |
    awk -v suite="$codename" '$1 == suite { print $2; exit }')
  if [ -z "$uri" ]; then
    echo "no Debian archive for '$codename' in this machine's apt sources; set DEBIAN_MIRROR" >&2
    return 1
  fi
  echo "${uri%/}"
}
