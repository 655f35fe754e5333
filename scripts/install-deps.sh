#!/usr/bin/env bash
# Installs what the build needs on Debian 12, only what is missing, in one of two sets:
#   install-deps.sh web    what `make web` / `make serve` need: Emscripten, CMake, stb, Node.js
#                          and npm (temml typesets the article's formulas), and the tools that
#                          fetch the pinned third-party sources
#   install-deps.sh test   all of that, plus what `make test` and `make bench` need: the native
#                          toolchain, Catch2, clang's sanitizers, numpy/scipy/PIL, FFTW,
#                          Chromium
# Source packages (apt-get source) give the pinned third-party sources: where the machine lists
# no deb-src entry, this adds one for each Debian suite it already uses, in a file of the
# project's own (/etc/apt/sources.list.d/spectral-tide-sources.list); the system's own files are
# never edited.
# Not root: uses sudo where it exists (and says so); otherwise prints the commands to run as
# root and stops.
# Idempotent: when nothing is missing it checks and returns in well under a second.
set -euo pipefail

profile=${1:-test}
# Where apt's configuration is (another folder only for the script's own test: --src-lines).
apt_etc=${TIDE_APT_ETC:-/etc/apt}
web_packages=(
  make cmake            # the build
  emscripten            # 3.1.6, matching emsdk-version.txt (brings clang-14, binaryen, Node.js)
  libstb-dev            # header-only stb_image, stb_vorbis
  dpkg-dev xz-utils     # apt-get source and the .orig.tar.xz archives
  ca-certificates
)
test_packages=(
  build-essential pkg-config git
  catch2                # header-only Catch2 v2
  python3-numpy         # reference implementations for the tests
  python3-scipy         # the audio references (wavfile, resample_poly, get_window)
  python3-pil
  libfftw3-dev          # FFTW, the reference line of `make bench` only
  clang libclang-rt-14-dev  # clang 14 with ASan/UBSan/libFuzzer runtimes: `make sanitize`, `make fuzz`
  chromium              # headless browser tests
  clang-format          # `make format-check`
)
case "$profile" in
  --src-lines) packages=() ;;
  web) packages=("${web_packages[@]}") ;;
  test) packages=("${web_packages[@]}" "${test_packages[@]}") ;;
  *) echo "usage: $0 web|test" >&2; exit 2 ;;
esac

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Node.js builds the article and runs the dev server and the tests; npm installs temml (the
# article's formulas) and the browser tests' packages. A machine
# may carry a Node.js from elsewhere (nodesource, nvm): any `node` and `npm` on PATH will do.
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)

# --- deb-src entries ---------------------------------------------------------------------
# Every active `deb` entry for this Debian release's suites, in either form apt reads: one-line
# (*.list, sources.list) or deb822 (*.sources). Printed as one-line `deb-src` lines.
codename=${TIDE_DEBIAN_CODENAME:-$(. /etc/os-release && echo "${VERSION_CODENAME:-bookworm}")}
src_file=$apt_etc/sources.list.d/spectral-tide-sources.list
has_deb_src() {
  grep -qsE '^[[:space:]]*deb-src[[:space:]]' "$apt_etc"/sources.list "$apt_etc"/sources.list.d/*.list && return 0
  grep -qsiE '^[[:space:]]*Types:.*deb-src' "$apt_etc"/sources.list.d/*.sources && return 0
  return 1
}
deb_src_lines() {
  local f
  for f in "$apt_etc"/sources.list "$apt_etc"/sources.list.d/*.list; do
    [ -f "$f" ] || continue
    awk -v c="$codename" '$1 == "deb" {
        line = $0; sub(/^[[:space:]]*deb[[:space:]]+/, "", line)
        opts = ""; if (line ~ /^\[/) { opts = substr(line, 1, index(line, "]")); line = substr(line, index(line, "]") + 1) }
        n = split(line, w, /[[:space:]]+/); i = (w[1] == "") ? 2 : 1
        if (w[i + 1] == c || index(w[i + 1], c "-") == 1) {
          out = "deb-src " (opts != "" ? opts " " : "") w[i] " " w[i + 1]
          for (k = i + 2; k <= n; k++) if (w[k] != "") out = out " " w[k]
          print out
        }
      }' "$f"
  done
  for f in "$apt_etc"/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    # deb822: stanzas separated by blank lines; fields Types, URIs, Suites, Components, Signed-By.
    awk -v c="$codename" '
      function flush(   i, j, nu, ns, u, s, opts, out) {
        if (types ~ /(^|[[:space:]])deb([[:space:]]|$)/ && enabled != "no") {
          nu = split(uris, u, /[[:space:]]+/); ns = split(suites, s, /[[:space:]]+/)
          # Signed-By names a keyring file, or holds the key itself (then apt finds it alone).
          opts = (signed != "" && signed !~ /^-----/) ? "[signed-by=" signed "] " : ""
          for (i = 1; i <= nu; i++) for (j = 1; j <= ns; j++) {
            if (u[i] == "" || s[j] == "") continue
            if (s[j] != c && index(s[j], c "-") != 1) continue
            out = "deb-src " opts u[i] " " s[j] " " comps; sub(/[[:space:]]+$/, "", out); print out
          }
        }
        types = uris = suites = comps = signed = enabled = ""
      }
      /^[[:space:]]*#/ { next }
      /^[[:space:]]*$/ { flush(); next }
      { key = tolower($1); sub(/:$/, "", key); val = $0; sub(/^[^:]*:[[:space:]]*/, "", val)
        if (key == "types") types = val; else if (key == "uris") uris = val
        else if (key == "suites") suites = val; else if (key == "components") comps = val
        else if (key == "signed-by") signed = val; else if (key == "enabled") enabled = tolower(val) }
      END { flush() }' "$f"
  done
}

if [ "$profile" = --src-lines ]; then  # what would go into $src_file (for tests)
  deb_src_lines | sort -u
  exit 0
fi

need_src_file=0
has_deb_src || need_src_file=1
# The source indexes are loaded only by an `apt-get update` after the deb-src entries exist.
need_update=0
if ! ls /var/lib/apt/lists/*_source_Sources* >/dev/null 2>&1; then need_update=1; fi
[ "${#missing[@]}" -gt 0 ] && need_update=1

if [ "$need_src_file" -eq 0 ] && [ "$need_update" -eq 0 ]; then
  exit 0
fi

src_lines=""
if [ "$need_src_file" -eq 1 ]; then
  src_lines=$(deb_src_lines | sort -u)
  if [ -z "$src_lines" ]; then
    echo "install-deps: apt lists no Debian $codename archive to take source packages from;" \
         "add a 'deb-src' entry for your mirror (see README.md, 'Quick start') and retry" >&2
    exit 1
  fi
fi

# --- root, sudo, or the commands to run --------------------------------------------------
sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    sudo_cmd=(sudo)
    echo "install-deps: not running as root; using sudo for apt-get${src_lines:+ and $src_file}"
  else
    {
      echo "install-deps: these steps need root, and there is no sudo here. As root, run:"
      if [ -n "$src_lines" ]; then
        echo "  cat > $src_file <<'EOF'"
        echo "$src_lines"
        echo "EOF"
      fi
      echo "  apt-get update"
      [ "${#missing[@]}" -gt 0 ] && echo "  apt-get install -y --no-install-recommends ${missing[*]}"
      echo "then run the make command again."
    } >&2
    exit 1
  fi
fi

if [ -n "$src_lines" ]; then
  echo "install-deps: apt had no deb-src entry; adding the source archives of the suites it uses" \
       "in $src_file:"
  echo "$src_lines" | sed 's/^/  /'
  { echo "# Written by Spectral Tide's scripts/install-deps.sh: the source packages of the suites"
    echo "# this machine already uses, for apt-get source (scripts/fetch-third-party.sh)."
    echo "$src_lines"; } | "${sudo_cmd[@]}" tee "$src_file" >/dev/null
fi

export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
if [ "${#missing[@]}" -gt 0 ]; then
  echo "install-deps: installing ${missing[*]}"
  "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
