#!/usr/bin/env bash
# Installs every Debian package Tickscope's build, tests, benchmarks and GUI runs need.
# Idempotent: on a machine that has them all it installs nothing (and never runs apt-get).
set -euo pipefail

PACKAGES=(
  # toolchain
  cmake ninja-build g++ clang libclang-rt-14-dev ccache pkg-config git
  # libraries
  qt6-base-dev qt6-svg-dev libgraphviz-dev libspdlog-dev libfmt-dev nlohmann-json3-dev libmuparser-dev
  libsimdjson-dev
  libbenchmark-dev
  # running the GUI headless and screenshots
  xvfb xauth fonts-dejavu-core
  # packaging and its tests (tests/packaging): CPack's DEB generator with dpkg-shlibdeps, the
  # desktop file, AppStream and MIME validators, icon sizes, the man page
  dpkg-dev desktop-file-utils appstream shared-mime-info file groff-base man-db
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#PACKAGES[@]} packages present"
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
