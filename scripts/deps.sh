#!/usr/bin/env bash
# scripts/deps.sh — install the Debian packages ksfuzz builds and runs with, only those missing.
# Silent when everything is present; runs `apt-get update` only when it has to install.
set -euo pipefail

packages=(
  clang-14 libclang-rt-14-dev llvm-14      # compiler, libFuzzer + sanitizer runtimes, llvm-cov
  cmake ninja-build pkg-config
  libgtest-dev libgmock-dev librapidcheck-dev
  zlib1g-dev nlohmann-json3-dev            # reading the Windows vectors in tests
  zip unzip python3                         # seed-corpus zips and the report scripts
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
# clang-14 ships clang-14; the unversioned names come from the `clang` package.
command -v clang >/dev/null 2>&1 || missing+=(clang)
command -v clang++ >/dev/null 2>&1 || missing+=(clang)

[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  echo "scripts/deps.sh: missing packages: ${missing[*]}" >&2
  echo "scripts/deps.sh: run as root, or: sudo apt-get install ${missing[*]}" >&2
  exit 1
fi
echo "scripts/deps.sh: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
