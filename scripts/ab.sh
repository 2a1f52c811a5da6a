#!/usr/bin/env bash
# scripts/ab.sh [-t SECONDS] [--runs N] [--flag F]... [--target T] BUILD_A BUILD_B — one fuzz target of two build
# trees (a change and what it changes, say) run in turns, the same way, for a before/after figure
# on a noisy machine. Builds nothing: each tree must hold the target.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/scripts/lib/measure.sh"
. "$root/scripts/lib/targets.sh"

usage() {
  cat <<USAGE
usage: scripts/ab.sh [-t SECONDS] [--runs N] [--flag F]... [--target TARGET] BUILD_A BUILD_B

Runs BUILD_A/TARGET and BUILD_B/TARGET (default $(fuzz_targets --kind structured)) in turns (A B, then
B A, and so on, so neither always goes first), N times (default 3) each, for SECONDS (default 10)
from a fresh copy of this tree's seeds with its dictionary, as scripts/bench.sh runs a target
(-seed=<run> -max_len=4096 -timeout=10 -rss_limit_mb=4096, then each --flag F, a libFuzzer flag
-name=value, e.g. --flag -use_counters=0). Prints each run's executions a second (executions
over the process's wall-clock time) and the edges (cov), features (ft) and corpus (corp:
inputs/bytes, as libFuzzer prints it) it ended with, then the medians and B's rate over A's: a
change that is faster but reaches less in the same time shows it.
Builds nothing: make each tree first (e.g. a clean clone of the older commit, built with
scripts/build.sh there).
USAGE
}
seconds=10 runs=3 target=$(fuzz_targets --kind structured) builds=()
while [ $# -gt 0 ]; do
  case "$1" in
    -h|--help) usage; exit 0 ;;
    -t) [ $# -ge 2 ] || { usage >&2; exit 2; }; seconds=$2; shift 2 ;;
    --runs) [ $# -ge 2 ] || { usage >&2; exit 2; }; runs=$2; shift 2 ;;
    --flag) [ $# -ge 2 ] || { usage >&2; exit 2; }; add_extra_flag scripts/ab.sh "$2"; shift 2 ;;
    --target) [ $# -ge 2 ] || { usage >&2; exit 2; }; target=$2; shift 2 ;;
    -*) echo "scripts/ab.sh: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
    *) builds+=("$1"); shift ;;
  esac
done
[ ${#builds[@]} -eq 2 ] || { echo "scripts/ab.sh: wants two build trees" >&2; usage >&2; exit 2; }
for n in "$seconds" "$runs"; do
  case "$n" in ''|*[!0-9]*|0*) echo "scripts/ab.sh: -t and --runs want positive numbers" >&2; exit 2 ;; esac
done
fuzz_target_field "$target" kind >/dev/null || { echo "scripts/ab.sh: no target '$target' in fuzz/targets.txt" >&2; exit 2; }
for b in "${builds[@]}"; do
  [ -x "$b/$target" ] || { echo "scripts/ab.sh: no $b/$target (build it first)" >&2; exit 2; }
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
seeds="" dict=()
[ -d "$root/corpus/$target" ] && seeds="$root/corpus/$target"
[ -f "$root/corpus/$target.dict" ] && dict=(-dict="$root/corpus/$target.dict")
rates_a=() rates_b=() cov_a=() cov_b=() ft_a=() ft_b=()
for run in $(seq "$runs"); do
  order="A B"
  [ $((run % 2)) -eq 0 ] && order="B A"
  for side in $order; do
    b=${builds[0]}
    [ "$side" = B ] && b=${builds[1]}
    measure_run "$tmp/run" "$seeds" "$b/$target" -max_total_time="$seconds" -print_final_stats=1 -seed="$run" \
      -max_len=4096 -timeout=10 -rss_limit_mb=4096 "${dict[@]}"
    [ "$run_status" -eq 0 ] || { tail -5 "$tmp/run/log" >&2; echo "scripts/ab.sh: $b/$target exited $run_status" >&2; exit 1; }
    rate=$(awk -v n="${run_execs:-0}" -v s="$run_wall" 'BEGIN { printf "%.0f", n / s }')
    # libFuzzer's last status line: "#N  DONE  cov: E ft: F corp: ..."
    read -r cov ft corp < <(grep -E '^#[0-9]+' "$tmp/run/log" | tail -1 |
      sed -nE 's/.* cov: ([0-9]+) ft: ([0-9]+) corp: ([^ ]+) .*/\1 \2 \3/p') || true  # none: said below
    [ -n "${ft:-}" ] || { tail -5 "$tmp/run/log" >&2; echo "scripts/ab.sh: no cov/ft status line from $b/$target" >&2; exit 1; }
    printf '[run %d/%d] %s %-40s %10s exec/s  cov %s ft %s corp %s\n' "$run" "$runs" "$side" "$b" "$rate" "$cov" "$ft" "$corp"
    if [ "$side" = A ]; then rates_a+=("$rate") cov_a+=("$cov") ft_a+=("$ft"); else rates_b+=("$rate") cov_b+=("$cov") ft_b+=("$ft"); fi
  done
done
median() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { printf "%.0f\n", (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
a=$(median "${rates_a[@]}") b=$(median "${rates_b[@]}")
echo "$target: A ${builds[0]} $a exec/s, B ${builds[1]} $b exec/s (medians of $runs); B/A $(awk -v a="$a" -v b="$b" 'BEGIN { printf "%.2f", b / a }')"
echo "$target: reached: A cov $(median "${cov_a[@]}") ft $(median "${ft_a[@]}"), B cov $(median "${cov_b[@]}") ft $(median "${ft_b[@]}") (medians of $runs)"
