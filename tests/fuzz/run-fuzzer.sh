#!/usr/bin/env bash
# Runs one libFuzzer harness for a while on a working copy of its seed corpus and prints one
# summary line (runs, exec/s, corpus size); the fuzzer's own output goes to WORKDIR/fuzz.log.
#
#   tests/fuzz/run-fuzzer.sh [--fresh] FUZZER SEEDS WORKDIR SECONDS
#
# WORKDIR/corpus starts as a copy of SEEDS (the committed seeds are only read); with --fresh
# it is emptied first (CTest), otherwise it keeps what earlier runs found (`make fuzz`).
# A crashing, leaking or too slow input is saved in WORKDIR (crash-*, leak-*, timeout-*,
# oom-*); the exit status is then non-zero and the end of the log is printed.
set -euo pipefail

fresh=0
if [ "${1:-}" = "--fresh" ]; then
  fresh=1
  shift
fi
if [ $# -ne 4 ]; then
  echo "usage: $0 [--fresh] FUZZER SEEDS WORKDIR SECONDS" >&2
  exit 2
fi
fuzzer=$1 seeds=$2 work=$3 seconds=$4
name=$(basename "$fuzzer")

[ "$fresh" -eq 1 ] && rm -rf "$work/corpus"
mkdir -p "$work/corpus"
for seed in "$seeds"/*; do
  [ -e "$work/corpus/$(basename "$seed")" ] || cp "$seed" "$work/corpus/"
done
log=$work/fuzz.log

# -timeout: an input that takes more than 10 s is a finding too; -rss_limit_mb is libFuzzer's
# default, stated. Sanitizer reports name the source line (symbolizer from clang's package).
status=0
start=$(date +%s)
"$fuzzer" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
  -artifact_prefix="$work/" "$work/corpus" >"$log" 2>&1 || status=$?
elapsed=$(( $(date +%s) - start ))

final_stat() { sed -n "s/^stat::$1: *//p" "$log" | tail -n 1; }
runs=$(final_stat number_of_executed_units)
rate=$(final_stat average_exec_per_sec)
files=$(find "$work/corpus" -type f | wc -l)
cov=$(grep -o 'cov: [0-9]*' "$log" | tail -n 1 | cut -d' ' -f2 || true)
if [ "$status" -eq 0 ]; then
  echo "$name: ${runs:-?} runs in ${elapsed} s (${rate:-?} exec/s), coverage ${cov:-?} edges," \
       "corpus $files inputs; no findings"
else
  echo "$name: FAILED (exit status $status) after ${runs:-?} runs in ${elapsed} s; log: $log" >&2
  tail -n 60 "$log" >&2
  ls "$work"/crash-* "$work"/leak-* "$work"/timeout-* "$work"/oom-* 2>/dev/null >&2 || true
fi
exit "$status"
