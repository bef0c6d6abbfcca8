#!/usr/bin/env bash
# Installs what the tests need on a Debian 12 machine, as root and without a
# TTY: the registry, skopeo, umoci, Chromium, htpasswd, and the node modules.
# Idempotent: it installs only what is missing, and runs `apt-get update` only
# when something is.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian package -> a command it provides.
declare -A wanted=(
  [docker-registry]=docker-registry
  [skopeo]=skopeo
  [umoci]=umoci
  [chromium]=chromium
  [apache2-utils]=htpasswd
  [openssl]=openssl
  [curl]=curl
  [zstd]=zstd
  [unzip]=unzip
  [jq]=jq
  [python3]=python3
)

missing=()
for package in "${!wanted[@]}"; do
  if ! command -v "${wanted[$package]}" >/dev/null 2>&1; then
    missing+=("$package")
  fi
done

if ((${#missing[@]} > 0)); then
  echo "provision: installing ${missing[*]}" >&2
  if [[ $(id -u) -ne 0 ]]; then
    echo "provision: installing packages needs root; run as root or install: ${missing[*]}" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

if [[ ! -d node_modules ]]; then
  echo "provision: installing node modules" >&2
  npm ci
fi
