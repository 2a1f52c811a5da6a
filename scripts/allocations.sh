#!/usr/bin/env bash
# scripts/allocations.sh [--runs N] [TARGET] — where a fuzz target's heap allocations come from:
# runs the target over its seeds with libFuzzer's -trace_malloc=2 and counts every allocation made
# inside the target by the first ksfuzz, model or emulated-kernel frame of its stack (else
# "libFuzzer or other"). Prints the total, the count a run and the top 25 askers.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${KSFUZZ_BUILD_DIR:-$root/build}
usage() {
  cat <<USAGE
usage: scripts/allocations.sh [--runs N] [TARGET]

Runs TARGET (default fuzz_dispatch) over a copy of its seeds with libFuzzer's -trace_malloc=2 and
counts every heap allocation the target makes (libFuzzer traces those inside the target only, not
its mutator's) by the first ksfuzz, model or emulated-kernel frame of its stack: the total, the
count a run and the 25 largest askers.

  (default)   one pass over the seeds: the count a seed
  --runs N    after the seeds, N mutated runs (-seed=1): the count a run in steady state, and how
              many runs ended with more allocations than frees (libFuzzer runs such an input a
              second time, and when that one does too, a full leak check)
USAGE
}
runs=0 target=fuzz_dispatch
while [ $# -gt 0 ]; do
  case "$1" in
    -h|--help) usage; exit 0 ;;
    --runs) [ $# -ge 2 ] || { usage >&2; exit 2; }; runs=$2; shift 2 ;;
    -*) echo "scripts/allocations.sh: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
    *) target=$1; shift ;;
  esac
done
case "$runs" in ''|*[!0-9]*) echo "scripts/allocations.sh: --runs wants a number" >&2; exit 2 ;; esac
[ -d "$root/corpus/$target" ] || { echo "scripts/allocations.sh: no seeds at corpus/$target" >&2; exit 2; }
"$root/scripts/build.sh" "$target" >/dev/null
seeds=$(find "$root/corpus/$target" -maxdepth 1 -type f | wc -l)
# A copy of the seeds: libFuzzer writes into its first corpus directory.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/corpus"
cp "$root/corpus/$target"/* "$work/corpus"/
flags=(-runs=0)
if [ "$runs" -gt 0 ]; then
  flags=(-seed=1 -max_len=4096)
  [ -f "$root/corpus/$target.dict" ] && flags+=(-dict="$root/corpus/$target.dict")
  echo "allocations: $seeds seeds, then $runs mutated runs (slow: every allocation prints its stack)" >&2
fi
# -runs=N counts the seeds' runs too: the mutated ones are those after INITED.
"$build/$target" "${flags[@]}" -runs=$((runs > 0 ? runs + seeds : 0)) -trace_malloc=2 "$work/corpus" \
  >"$work/log" 2>&1 || true
if [ "$runs" -gt 0 ]; then
  inited=$(grep -n 'INITED' "$work/log" | head -1 | cut -d: -f1)
  [ -n "$inited" ] || { echo "scripts/allocations.sh: the target never got past its seeds; log:" >&2; tail -20 "$work/log" >&2; exit 1; }
  done_runs=$(sed -n 's/^Done \([0-9]*\) runs.*/\1/p' "$work/log")
  first=$(sed -n "${inited}s/^#\([0-9]*\).*/\1/p" "$work/log")
  units=$(( ${done_runs:-0} - ${first:-0} )) unit="mutated run"
  tail -n +"$inited" "$work/log" >"$work/part"
else
  units=$seeds unit=seed
  cp "$work/log" "$work/part"
fi
[ "$units" -gt 0 ] || { echo "scripts/allocations.sh: no runs counted" >&2; exit 1; }
awk -v units="$units" -v unit="$unit" '
  function flush() { if (inside) { count[owner == "" ? "libFuzzer or other" : owner]++; total++ } inside = 0 }
  /^MallocFreeTracer: STOP/ { flush(); stops++; if ($0 ~ /DIFFERENT/) uneven++; next }
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
    printf "%d heap allocations over %d %ss: %.1f a %s\n", total, units, unit, total / units, unit
    if (unit != "seed")
      printf "executions with more allocations than frees: %d of %d (each one run again by libFuzzer)\n", uneven, stops
    for (k in count) printf "%7d  %5.2f a %s  %s\n", count[k], count[k] / units, unit, k
  }' "$work/part" | { read -r head; echo "$head"; if [ "$runs" -gt 0 ]; then read -r second; echo "$second"; fi; sort -rn | head -25; }
