#!/usr/bin/env bash
# Fetches the pinned third-party sources (Dear ImGui, SDL2, KissFFT, libsamplerate, libdeflate)
# from Debian's source packages into third_party/ (git-ignored) and unpacks each into
# third_party/src/<name>.
# CMake is then pointed at them with FETCHCONTENT_SOURCE_DIR_<NAME> (see the Makefile).
# Idempotent: an unpacked source with a matching stamp is left alone.
set -euo pipefail
cd "$(dirname "$0")/.."

# name  debian-source-package  debian-version (pinned)
pins=(
  "imgui         imgui          1.86+ds-1"
  "sdl2          libsdl2        2.26.5+dfsg-1"
  "kissfft       kissfft        131.1.0-4.1~deb12u1"
  "libsamplerate libsamplerate  0.2.2-3"   # orig = GitHub archive of tag 0.2.2 (no Debian patches)
  "libdeflate    libdeflate     1.14-1"    # orig = GitHub archive of tag v1.14
)

mkdir -p third_party/downloads third_party/src
for line in "${pins[@]}"; do
  read -r name pkg version <<<"$line"
  dest="third_party/src/$name"
  stamp="$dest/.debian-version"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$version" ]; then
    continue
  fi
  upstream="${version%-*}"
  tarball=$(ls "third_party/downloads/${pkg}_${upstream}.orig.tar."* 2>/dev/null | head -n 1 || true)
  if [ -z "$tarball" ]; then
    echo "fetch-third-party: apt-get source $pkg=$version"
    # apt downloads as its unprivileged user _apt where it can: as root, into a folder _apt
    # may write (else apt warns that it downloads "unsandboxed as root"), then moved here.
    work=$(mktemp -d)
    if [ "$(id -u)" -eq 0 ] && id _apt >/dev/null 2>&1; then chown _apt "$work"; fi
    (cd "$work" && apt-get source --download-only -qq "$pkg=$version" >/dev/null) || {
      rm -rf "$work"
      echo "fetch-third-party: could not fetch source package $pkg=$version;" \
           "is a deb-src entry configured and loaded (scripts/install-deps.sh adds one)?" >&2
      exit 1
    }
    mv "$work"/* third_party/downloads/ && rm -rf "$work"
    tarball=$(ls "third_party/downloads/${pkg}_${upstream}.orig.tar."* | head -n 1)
  fi
  rm -rf "$dest" && mkdir -p "$dest"
  tar -xf "$tarball" -C "$dest" --strip-components=1
  echo "$version" >"$stamp"
done
