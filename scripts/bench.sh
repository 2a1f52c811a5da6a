#!/usr/bin/env bash
# scripts/bench.sh — how fast ksfuzz runs here: executions per second of every fuzz target against
# the empty target fuzz_empty (same flags, no work: the ceiling of this machine), the time to replay
# one input, and RapidCheck cases per second. Medians of several runs: the machine may be shared.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${KSFUZZ_BUILD_DIR:-$root/build}
. "$root/scripts/lib/measure.sh"
. "$root/scripts/lib/targets.sh"
ceiling=$(fuzz_targets --kind ceiling) main=$(fuzz_targets --kind structured)

usage() {
  cat <<USAGE
usage: scripts/bench.sh [-t SECONDS] [--runs N] [--quick] [--flag F]... [--cases N] [--out DIR]
                        [TARGET...]

Builds what is missing, then measures, one process at a time:
  - executions per second of each fuzz target (default: every one in fuzz/targets.txt, the
    ceiling $ceiling first), each from a fresh copy of its seeds ($ceiling: an empty corpus),
    for SECONDS, N times, the targets taking turns;
  - the time to replay one $main input in process, decoding it every run
    (KSFUZZ_DECODE_CACHE=never; libFuzzer's time a run of it, less $ceiling's on the same
    file: libFuzzer reads the file again for each run) and as \`ksfuzz replay FILE\`;
  - RapidCheck cases per second of the stateful property (StatefulReferenceAgainstTheModel) and
    of ReferenceMatchesTheModel, N runs of CASES cases each.
Prints a table of medians with each target's ratio to $ceiling.

  -t SECONDS   time each fuzz run takes (default 30)
  --runs N     runs of everything (default 5)
  --quick      3 runs of 10 s
  --flag F     a libFuzzer flag (-name=value) every fuzz run also gets, the ceiling's too, after
               the script's own (e.g. --flag -use_counters=0); repeatable; not the replays
  --cases N    RapidCheck cases a run (default 300)
  --out DIR    where results go (default work/results)

The runs' corpora live in a temporary directory (under \$TMPDIR, else /tmp): libFuzzer writes every
input it keeps there, a file each, so the file system's speed at making files is in the figure
(TMPDIR=/dev/shm keeps them in memory). The results name the directory it was made under and
its file system.

Results: DIR/bench.json and DIR/bench.md (rewritten after every measurement, so an interrupted
run keeps what it measured), DIR/bench.raw.jsonl (one line a measurement).
Exit status: 0; 1 when a target found something (the figure is then not a clean run); 2 for a
bad invocation.
USAGE
}

command="scripts/bench.sh${*:+ $*}"
seconds=30 runs=5 cases=300 out="$root/work/results" targets=()
while [ $# -gt 0 ]; do
  case "$1" in
    -h|--help) usage; exit 0 ;;
    -t) [ $# -ge 2 ] || { usage >&2; exit 2; }; seconds=$2; shift 2 ;;
    --runs) [ $# -ge 2 ] || { usage >&2; exit 2; }; runs=$2; shift 2 ;;
    --flag) [ $# -ge 2 ] || { usage >&2; exit 2; }; add_extra_flag scripts/bench.sh "$2"; shift 2 ;;
    --quick) runs=3 seconds=10; shift ;;
    --cases) [ $# -ge 2 ] || { usage >&2; exit 2; }; cases=$2; shift 2 ;;
    --out) [ $# -ge 2 ] || { usage >&2; exit 2; }; out=$2; shift 2 ;;
    -*) echo "scripts/bench.sh: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
    *) fuzz_target_field "$1" kind >/dev/null ||
         { echo "scripts/bench.sh: no target '$1' in fuzz/targets.txt" >&2; exit 2; }
       targets+=("$1"); shift ;;
  esac
done
for n in "$seconds" "$runs" "$cases"; do
  case "$n" in ''|*[!0-9]*|0*) echo "scripts/bench.sh: -t, --runs and --cases want positive numbers" >&2; exit 2 ;; esac
done
[ ${#targets[@]} -gt 0 ] || mapfile -t targets < <(fuzz_targets --kind ceiling; fuzz_targets --real)

"$root/scripts/build.sh" "${targets[@]}" "$ceiling" "$main" ksfuzz dispatch_properties_test
mkdir -p "$out"
out=$(cd "$out" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
raw="$out/bench.raw.jsonl" meta="$out/bench.meta.json"
: >"$raw"
# Where the runs' corpora live: libFuzzer writes every input it keeps there, a file each.
python3 "$root/scripts/lib/results.py" meta --out "$meta" --command "$command" \
  seconds="$seconds" runs="$runs" cases="$cases" corpus_dir="$(dirname "$tmp")" \
  corpus_fs="$(df -PT "$tmp" | awk 'NR == 2 { print $2 }')"
summarize() {
  python3 "$root/scripts/lib/results.py" bench --meta "$meta" --raw "$raw" --json "$out/bench.json" \
    --md "$out/bench.md" "$@"
}
echo "bench: ${#targets[@]} targets x $runs runs x ${seconds}s, one at a time; results in $out/bench.md"

status=0
for run in $(seq "$runs"); do
  for t in "${targets[@]}"; do
    seeds="" flags=(-max_total_time="$seconds" -print_final_stats=1 -seed="$run" -max_len=4096 -timeout=10
                    -rss_limit_mb=4096)
    [ -d "$root/corpus/$t" ] && seeds="$root/corpus/$t"
    [ -f "$root/corpus/$t.dict" ] && flags+=(-dict="$root/corpus/$t.dict")
    measure_run "$tmp/run" "$seeds" "$build/$t" "${flags[@]}"
    if [ "$run_status" -ne 0 ]; then
      status=1
      echo "bench: $t exited $run_status (a finding?), log kept in $out/bench-$t-$run.log" >&2
      cp "$tmp/run/log" "$out/bench-$t-$run.log"
    fi
    rate=$(awk -v n="${run_execs:-0}" -v s="$run_wall" 'BEGIN { printf "%.1f", n / s }')
    printf '[run %d/%d] %-20s %12s exec/s  (%s executions in %s s)\n' "$run" "$runs" "$t" "$rate" "${run_execs:-?}" "$run_wall"
    python3 "$root/scripts/lib/results.py" append "$raw" kind=fuzz target="$t" run="$run" seconds="$seconds" \
      wall_seconds="$run_wall" execs="$(json_or_null "$run_execs")" exec_per_sec="$rate" \
      libfuzzer_exec_per_sec="$(json_or_null "$run_lf_rate")" status="$run_status"
    summarize --quiet
  done
done

# Replay: an even spread of up to 20 seeds of the structured target, each run 2000 times in one
# process (libFuzzer's "Executed FILE in N ms" covers the 2000, whole milliseconds), and once
# through `ksfuzz replay`. libFuzzer reads the file again for every run: the ceiling run the same
# way on the same file is that cost, and what the target adds to it is the replay proper. Each
# run decodes its input afresh (KSFUZZ_DECODE_CACHE=never): fuzzing, every run's bytes are new,
# and the decode the target keeps for the mutator would otherwise serve 1999 of the 2000.
replays=2000
mapfile -t seeds < <(find "$root/corpus/$main" -type f | sort)
step=$(( (${#seeds[@]} + 19) / 20 ))
executed_ms() { KSFUZZ_DECODE_CACHE=never "$build/$1" -runs=$replays "$2" 2>&1 | sed -n 's/^Executed .* in \([0-9]*\) ms$/\1/p'; }
for ((i = 0; i < ${#seeds[@]}; i += step)); do
  f=${seeds[$i]}
  ms=$(executed_ms "$main" "$f")
  ms_ceiling=$(executed_ms "$ceiling" "$f")
  start=$(date +%s%N)
  "$build/ksfuzz" replay "$f" >/dev/null 2>&1 || true
  end=$(date +%s%N)
  python3 "$root/scripts/lib/results.py" append "$raw" kind=replay input="$(basename "$f")" runs_each=$replays \
    ms_in_process="$(awk -v ms="${ms:-0}" -v n=$replays 'BEGIN { printf "%.4f", ms / n }')" \
    ms_libfuzzer_per_run="$(awk -v ms="${ms_ceiling:-0}" -v n=$replays 'BEGIN { printf "%.4f", ms / n }')" \
    ms_net="$(awk -v ms="${ms:-0}" -v c="${ms_ceiling:-0}" -v n=$replays 'BEGIN { printf "%.4f", (ms - c) / n }')" \
    ms_ksfuzz_replay="$(awk -v ns=$((end - start)) 'BEGIN { printf "%.2f", ns / 1e6 }')"
done
echo "[replay] $(( (${#seeds[@]} + step - 1) / step )) inputs measured"

# RapidCheck: gtest's own time for one property, RC_PARAMS fixing the cases and the seed.
for run in $(seq "$runs"); do
  for p in StatefulReferenceAgainstTheModel ReferenceMatchesTheModel; do
    ms=$(RC_PARAMS="max_success=$cases seed=$run" "$build/tests/dispatch_properties_test" \
           --gtest_filter="DispatchProperties.$p" 2>&1 | sed -n "s/^\[       OK \] DispatchProperties.$p (\([0-9]*\) ms)$/\1/p")
    [ -n "$ms" ] || { echo "bench: $p failed (run $run)" >&2; status=1; continue; }
    printf '[run %d/%d] RapidCheck %-34s %d cases in %d ms\n' "$run" "$runs" "$p" "$cases" "$ms"
    python3 "$root/scripts/lib/results.py" append "$raw" kind=rapidcheck property="$p" run="$run" cases="$cases" ms="$ms"
  done
done

summarize
echo
echo "results: $out/bench.md, $out/bench.json"
exit "$status"
