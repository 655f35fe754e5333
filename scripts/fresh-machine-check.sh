#!/usr/bin/env bash
# Runs the README's two commands on a really fresh Debian 12: a minimal bookworm root made with
# debootstrap, with only git, make and ca-certificates installed, a clone of this repository's
# committed HEAD, then `make serve` until the page answers, and `make test`. It does this for
# each way of listing the archive: the one-line /etc/apt/sources.list that debootstrap and the
# installer write, and the deb822 sources.list.d/debian.sources of cloud images (neither with
# deb-src entries). Prints the time of each step and the disk each command's installs took.
#
#   sudo scripts/fresh-machine-check.sh [--sources oneline|deb822|both] [--serve-only]
#                                       [--mirror URL] [--dir DIR] [--port N] [--keep]
#
# Needs root (debootstrap, chroot, mounts) and takes about an hour a variant on 2 cores: it is
# not part of `make test`. Nothing of the host goes into the root but its DNS settings and its
# extra trusted certificates (/usr/local/share/ca-certificates: a network whose HTTPS passes
# through an intercepting proxy needs them). Mounts are undone however the script ends.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)

sources=both serve_only=0 keep=0 port=8765
mirror=http://deb.debian.org/debian
dir=$repo/build/fresh-machine
while [ $# -gt 0 ]; do
  case "$1" in
    --sources) sources=$2; shift ;;
    --serve-only) serve_only=1 ;;
    --mirror) mirror=$2; shift ;;
    --dir) dir=$2; shift ;;
    --port) port=$2; shift ;;
    --keep) keep=1 ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    *) echo "fresh-machine-check: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
case "$sources" in oneline) variants=(oneline) ;; deb822) variants=(deb822) ;; both) variants=(oneline deb822) ;;
  *) echo "fresh-machine-check: --sources is oneline, deb822 or both" >&2; exit 2 ;; esac
if [ "$(id -u)" -ne 0 ]; then
  echo "fresh-machine-check: needs root (debootstrap, chroot and mounts); run it with sudo" >&2
  exit 1
fi
for tool in debootstrap curl; do
  command -v $tool >/dev/null || { echo "fresh-machine-check: installing $tool"; apt-get install -y -qq $tool >/dev/null; }
done

mkdir -p "$dir"
report=$dir/report.txt
: >"$report"
say() { echo "fresh-machine-check: $*" | tee -a "$report"; }
now() { date +%s; }
mins() { awk -v s="$1" 'BEGIN { printf "%d min %02d s", s / 60, s % 60 }'; }
used_mb() { du -sxm "$1" 2>/dev/null | cut -f1; }
pkg_mb() { in_root dpkg-query -W -f='${Installed-Size}\n' | awk '{ s += $1 } END { printf "%d", s / 1024 }'; }

root=""
mounted=()
serve_pid=""
cleanup() {
  if [ -n "$serve_pid" ]; then kill -- "-$serve_pid" 2>/dev/null || true; fi
  # Processes still running inside the root (a server, Chromium) keep its mounts busy.
  if [ -n "$root" ]; then
    for pid in $(ls /proc | grep -E '^[0-9]+$'); do
      [ "$(readlink "/proc/$pid/root" 2>/dev/null)" = "$root" ] && kill -9 "$pid" 2>/dev/null || true
    done
  fi
  local i
  for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do
    umount "${mounted[$i]}" 2>/dev/null || umount -l "${mounted[$i]}" 2>/dev/null || true
  done
  mounted=()
  if [ -n "$root" ] && [ "$keep" -eq 0 ] && ! grep -qs " $root/" /proc/mounts; then rm -rf "$root"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

mount_in() {  # mount_in <target inside root> <mount arguments...>
  local target=$root$1
  shift
  mkdir -p "$target"
  mount "$@" "$target"
  mounted+=("$target")
}
in_root() {  # a command inside the root, with a clean environment
  chroot "$root" /usr/bin/env -i HOME=/root LANG=C.UTF-8 TERM=dumb \
    PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin "$@"
}

# One minimal bookworm root, made once and copied for each variant.
base=$dir/base
if [ ! -f "$base/.complete" ]; then
  rm -rf "$base"
  say "debootstrap --variant=minbase bookworm from $mirror"
  t0=$(now)
  debootstrap --variant=minbase bookworm "$base" "$mirror" >"$dir/debootstrap.log" 2>&1 || {
    say "debootstrap failed; see $dir/debootstrap.log"; exit 1; }
  touch "$base/.complete"
  say "debootstrap took $(mins $(($(now) - t0)))"
fi

status=0
for variant in "${variants[@]}"; do
  root=$dir/root-$variant
  rm -rf "$root"
  cp -a "$base" "$root"
  rm -f "$root/.complete"
  case "$variant" in
    oneline)  # what debootstrap and the Debian installer write
      printf 'deb %s bookworm main\n' "$mirror" >"$root/etc/apt/sources.list"
      rm -f "$root/etc/apt/sources.list.d/"*.sources ;;
    deb822)   # what Debian's cloud images write
      rm -f "$root/etc/apt/sources.list"
      cat >"$root/etc/apt/sources.list.d/debian.sources" <<EOF
Types: deb
URIs: $mirror
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
      ;;
  esac
  cp -L /etc/resolv.conf "$root/etc/resolv.conf"
  if ls /usr/local/share/ca-certificates/*.crt >/dev/null 2>&1; then
    mkdir -p "$root/usr/local/share/ca-certificates"
    cp /usr/local/share/ca-certificates/*.crt "$root/usr/local/share/ca-certificates/"
  fi
  mount_in /proc -t proc proc
  mount_in /sys -t sysfs sys
  mount_in /dev --bind /dev
  mount_in /dev/pts --bind /dev/pts
  mount_in /dev/shm -t tmpfs -o size=2g tmpfs
  mount_in /mnt/origin --bind -o ro "$repo"

  say "[$variant] apt-get install git make ca-certificates"
  in_root apt-get update -qq >"$dir/$variant-apt.log" 2>&1
  in_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    git make ca-certificates >>"$dir/$variant-apt.log" 2>&1
  in_root update-ca-certificates >>"$dir/$variant-apt.log" 2>&1
  in_root git config --global --add safe.directory '*'
  in_root git clone -q /mnt/origin /root/spectral-tide
  say "[$variant] cloned $(in_root git -C /root/spectral-tide log -1 --format='%h %s' | cut -c1-80)"
  size0=$(used_mb "$root")
  pkgs0=$(pkg_mb)

  # make serve, until the page answers.
  t0=$(now)
  setsid chroot "$root" /usr/bin/env -i HOME=/root LANG=C.UTF-8 TERM=dumb \
    PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    bash -c "cd /root/spectral-tide && PORT=$port make serve" >"$dir/$variant-serve.log" 2>&1 &
  serve_pid=$!
  answered=0
  while kill -0 "$serve_pid" 2>/dev/null; do
    if curl -fsS -o /dev/null "http://localhost:$port/index.html" 2>/dev/null; then answered=1; break; fi
    if [ $(($(now) - t0)) -gt 3600 ]; then break; fi
    sleep 5
  done
  t_serve=$(($(now) - t0))
  kill -- "-$serve_pid" 2>/dev/null || true
  wait "$serve_pid" 2>/dev/null || true
  serve_pid=""
  size_serve=$(($(used_mb "$root") - size0))
  pkgs_serve=$(($(pkg_mb) - pkgs0))
  if [ "$answered" -eq 1 ]; then
    say "[$variant] make serve: the page answered after $(mins "$t_serve"); Debian packages ${pkgs_serve} MB installed, ${size_serve} MB of disk in all (packages, apt's cache, sources, build)"
  else
    say "[$variant] make serve: NO ANSWER after $(mins "$t_serve"); see $dir/$variant-serve.log (last lines below)"
    tail -n 15 "$dir/$variant-serve.log" | tee -a "$report"
    status=1
  fi

  if [ "$serve_only" -eq 0 ] && [ "$answered" -eq 1 ]; then
    t0=$(now)
    if in_root bash -c "cd /root/spectral-tide && make test" >"$dir/$variant-test.log" 2>&1; then
      result=passed
    else
      result=FAILED
      status=1
    fi
    size_test=$(($(used_mb "$root") - size0))
    pkgs_test=$(($(pkg_mb) - pkgs0))
    say "[$variant] make test $result in $(mins $(($(now) - t0))); Debian packages ${pkgs_test} MB installed, ${size_test} MB of disk in all"
    grep -E 'tests passed|tests failed|\*\*\*Failed|Failed  |Error' "$dir/$variant-test.log" | tail -n 20 | tee -a "$report" || true
  fi
  say "[$variant] node $(in_root node --version 2>/dev/null || echo none), npm $(in_root npm --version 2>/dev/null || echo none)"
  cleanup
done
say "logs and this report: $dir"
exit $status
