#!/usr/bin/env bash
# System packages the test suite needs beyond Node: git (the sandbox's git remotes), Debian's
# docker-registry (a real container registry for the publisher's oci target) and skopeo (reads
# OCI layouts and registries back in tests). Idempotent: installs only what is missing.
# Run as root (CI: `sudo .ci/install-system-deps.sh`).
set -euo pipefail

missing=()
command -v git >/dev/null 2>&1 || missing+=(git)
command -v docker-registry >/dev/null 2>&1 || missing+=(docker-registry)
command -v skopeo >/dev/null 2>&1 || missing+=(skopeo)

if [ "${#missing[@]}" -eq 0 ]; then
  echo "install-system-deps: git, docker-registry and skopeo are already installed"
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    exec sudo --preserve-env=DEBIAN_FRONTEND "$0" "$@"
  fi
  echo "install-system-deps: need root to install: ${missing[*]}" >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
echo "install-system-deps: installing ${missing[*]}"
apt-get update
apt-get install -y --no-install-recommends "${missing[@]}"
