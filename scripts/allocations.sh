#!/usr/bin/env bash
# scripts/allocations.sh [TARGET] — where a fuzz target's heap allocations come from: runs the
# target once over its seeds with libFuzzer's -trace_malloc=2 and counts every allocation by the
# first ksfuzz, model or emulated-kernel frame of its stack (else "libFuzzer or other"). Prints
# the total, the count a seed and the top 25 askers. TARGET defaults to fuzz_dispatch.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${KSFUZZ_BUILD_DIR:-$root/build}
target=${1:-fuzz_dispatch}
usage() {
  cat <<USAGE
usage: scripts/allocations.sh [TARGET]

Runs TARGET (default fuzz_dispatch) once over a copy of its seeds with libFuzzer's -trace_malloc=2
and counts every heap allocation by the first ksfuzz, model or emulated-kernel frame of its stack:
the total, the count a seed and the 25 largest askers.
USAGE
}
case "$target" in -h|--help) usage; exit 0 ;; -*) usage >&2; exit 2 ;; esac
[ -d "$root/corpus/$target" ] || { echo "scripts/allocations.sh: no seeds at corpus/$target" >&2; exit 2; }
"$root/scripts/build.sh" "$target" >/dev/null
seeds=$(find "$root/corpus/$target" -maxdepth 1 -type f | wc -l)
# A copy of the seeds: libFuzzer writes into its first corpus directory.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$root/corpus/$target"/* "$work"/
"$build/$target" -runs=0 -trace_malloc=2 "$work" 2>&1 | awk -v seeds="$seeds" '
  function flush() { if (inside) { count[owner == "" ? "libFuzzer or other" : owner]++; total++ } inside = 0 }
  /^MALLOC\[/ { flush(); inside = 1; owner = ""; next }
  inside && /^ +#[0-9]+ / {
    if (owner == "" && match($0, / in [^ ]+/)) {
      fn = substr($0, RSTART + 4, RLENGTH - 4)
      if (fn ~ /^(ksfuzz::|model::|Ksfuzz|Ks|Ex|Io|Se|Rtl)/) owner = fn
    }
    next
  }
  { flush() }
  END {
    flush()
    printf "%d heap allocations over %d seeds: %.1f a seed\n", total, seeds, total / seeds
    for (k in count) printf "%7d  %5.1f a seed  %s\n", count[k], count[k] / seeds, k
  }' | { read -r head; echo "$head"; sort -rn | head -25; }
