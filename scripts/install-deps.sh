#!/usr/bin/env bash
# Installs what the build and the tests need on Debian 12, only if missing.
# Idempotent: a second run checks and returns in well under a second.
set -euo pipefail

packages=(
  build-essential cmake git pkg-config
  emscripten            # 3.1.6, matching emsdk-version.txt
  libstb-dev catch2     # header-only: stb_image, Catch2 v2
  libsdl2-dev           # native build of the app
  python3-numpy         # reference implementations for the tests
  python3-scipy         # the audio references (wavfile, resample_poly, get_window)
  python3-pil
  libfftw3-dev          # FFTW, the reference line of `make bench` only
  clang libclang-rt-14-dev  # clang 14 with ASan/UBSan/libFuzzer runtimes: `make sanitize`, `make fuzz`
  chromium              # headless browser tests
  dpkg-dev              # apt-get source
  xz-utils
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

need_src=0
if ! grep -qs 'deb-src' /etc/apt/sources.list.d/debian.sources /etc/apt/sources.list 2>/dev/null; then
  need_src=1
fi

if [ "${#missing[@]}" -eq 0 ] && [ "$need_src" -eq 0 ]; then
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "install-deps: missing Debian packages: ${missing[*]}; run as root (or install them) and retry" >&2
  exit 1
fi

if [ "$need_src" -eq 1 ] && [ -f /etc/apt/sources.list.d/debian.sources ]; then
  # Source packages (apt-get source) give the pinned third-party sources.
  sed -i 's/^Types: deb$/Types: deb deb-src/' /etc/apt/sources.list.d/debian.sources
fi

export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
if [ "${#missing[@]}" -gt 0 ]; then
  echo "install-deps: installing ${missing[*]}"
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
