#!/usr/bin/env bash
# scripts/lib/run-target.sh TARGET SECONDS JOBS IMPL CONTRACT WORKDIR — one time-boxed libFuzzer
# run with the target's seeds, dictionary and options, then a summary and a replay report for each
# finding. Shared by scripts/fuzz.sh and scripts/ci-fuzz.sh. Exit 1 when something was found.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${KSFUZZ_BUILD_DIR:-$root/build}
target=$1 seconds=$2 jobs=$3 impl=$4 contract=$5 work=$6
. "$root/scripts/lib/targets.sh"
# The report of a finding follows the target's kind (fuzz/targets.txt): a structured target's input
# is a scenario `ksfuzz replay` reruns; a baseline prints the dispatch report itself; for the
# others the log is the report.
kind=$(fuzz_target_field "$target" kind) || { echo "run-target.sh: '$target' is not in fuzz/targets.txt" >&2; exit 2; }

corpus="$work/corpus/$target" findings="$work/findings/$target" log="$work/logs/$target.log"
# Reports live apart from the inputs, so `ksfuzz replay DIR` on the findings sees only inputs.
reports="$findings/reports"
mkdir -p "$corpus" "$findings" "$reports" "$findings/minimized" "$(dirname "$log")"
# Seeds join the working corpus; what fuzzing adds stays there between runs.
cp -n "$root/corpus/$target"/* "$corpus"/ 2>/dev/null || true

opts=(-dict="$root/corpus/$target.dict" -max_total_time="$seconds" -print_final_stats=1
      -artifact_prefix="$findings/" -timeout=10 -rss_limit_mb=4096)
max_len=$(sed -n 's/^max_len *= *//p' "$root/corpus/$target.options")
[ -n "$max_len" ] && opts+=(-max_len="$max_len")
[ "$jobs" -gt 1 ] && opts+=(-fork="$jobs" -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1)

echo "ksfuzz: fuzzing $target for ${seconds}s (impl $impl${KSFUZZ_DRIVER:+, driver $KSFUZZ_DRIVER}$([ "$contract" = 1 ] && echo ', contract mode'), $jobs job(s)); log: $log"
set +e
# libFuzzer's progress lines (#N pulse/NEW ... cov: ... exec/s: ...; in fork mode "#N: cov: ...")
# go to the terminal as they come.
KSFUZZ_IMPL=$impl KSFUZZ_CONTRACT=$contract "$build/$target" "${opts[@]}" "$corpus" 2>&1 |
  tee "$log" | grep --line-buffered -E '^#[0-9]+(.*(pulse|NEW|DONE|INITED)|: cov:)|^(==ksfuzz==|SUMMARY)'
fuzzer_status=${PIPESTATUS[0]}
set -e

execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
if [ -z "$execs" ]; then
  # Fork mode prints no final stats; its last "#N: cov: ... exec/s R ..." line has the totals.
  last=$( (grep -E '^#[0-9]+: cov:' "$log" || true) | tail -1)
  [ -n "$last" ] && execs=$(sed -E 's/^#([0-9]+):.*/\1/' <<<"$last") &&
    rate=$(sed -nE 's/.* exec\/s ([0-9]+) .*/\1/p' <<<"$last")
fi
cov=$( (grep -oE 'cov: [0-9]+' "$log" || true) | tail -1 | cut -d' ' -f2)
size=$(find "$corpus" -type f | wc -l)
echo
echo "=== Summary: $target"
printf '  executions     %s\n  exec/s         %s\n  coverage       %s edges\n  corpus         %s inputs (%s)\n' \
  "${execs:-?}" "${rate:-?}" "${cov:-?}" "$size" "$corpus"

found=0
for f in $(find "$findings" -maxdepth 1 -type f | sort); do
  report="$reports/$(basename "$f").txt"
  [ -e "$report" ] && continue  # reported by an earlier run
  found=$((found + 1))
  case "$kind" in
    structured) KSFUZZ_IMPL=$impl "$build/ksfuzz" replay $([ "$contract" = 1 ] && echo --contract) "$f" >"$report" 2>&1 || true ;;
    baseline) grep -A200 '==ksfuzz== ERROR' "$log" >"$report" || cp "$log" "$report" ;;
    *) cp "$log" "$report" ;;
  esac
  echo
  echo "=== Finding: $f"
  grep -m1 'SUMMARY: ksfuzz' "$report" || grep -m1 'SUMMARY' "$report" || true
  echo "  report:   $report"
  if [ "$kind" = structured ]; then
    echo "  replay:   build/ksfuzz replay --impl $impl${KSFUZZ_DRIVER:+ --driver $KSFUZZ_DRIVER}$([ "$contract" = 1 ] && echo ' --contract') $f"
    echo "  minimize: build/ksfuzz minimize $f -o $findings/minimized/$(basename "$f") --impl $impl${KSFUZZ_DRIVER:+ --driver $KSFUZZ_DRIVER}$([ "$contract" = 1 ] && echo ' --contract')"
  else
    echo "  rerun:    build/$target $f"
  fi
done
# A target that stopped on an error but saved no input (libFuzzer did not get to write one) still
# found something: its log is the report.
if [ "$found" -eq 0 ] && [ "$fuzzer_status" -ne 0 ]; then
  found=1
  report="$reports/no-input-$(date +%Y%m%dT%H%M%S).txt"
  cp "$log" "$report"
  echo
  echo "=== Finding without a saved input: $target stopped with exit status $fuzzer_status"
  grep -m1 'SUMMARY: ksfuzz' "$log" || grep -m1 'SUMMARY' "$log" || true
  echo "  report:   $report (the whole log)"
fi
[ "$found" -eq 0 ] && echo "  no findings"
[ "$found" -eq 0 ]
