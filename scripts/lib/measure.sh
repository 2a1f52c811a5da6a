# scripts/lib/measure.sh — sourced by scripts/bench.sh and scripts/mutants.sh: one time-boxed
# libFuzzer run on a fresh copy of a seed corpus, timed from outside, its final stats read back.

# libFuzzer flags the user added with --flag (bench.sh, ab.sh, mutants.sh): every run gets them
# after the script's own, so they win (libFuzzer takes a flag's last value). The results show
# them in the command they record.
extra_flags=()
# add_extra_flag SCRIPT FLAG — one --flag argument: a libFuzzer flag, -name=value.
add_extra_flag() {
  [[ $2 =~ ^-[a-z_]+=[^[:space:]]*$ ]] ||
    { echo "$1: --flag wants a libFuzzer flag as -name=value (e.g. -use_counters=0), not '$2'" >&2; exit 2; }
  extra_flags+=("$2")
}

# measure_run DIR SEEDS COMMAND... — empties DIR, copies the files of SEEDS (a directory; empty:
# none) into DIR/corpus, runs COMMAND, the --flag flags, -artifact_prefix=DIR/artifacts/ and
# DIR/corpus with its output in DIR/log, and sets:
#   run_status  its exit status
#   run_wall    its wall-clock seconds (start-up, seed loading and any report included)
#   run_execs   stat::number_of_executed_units; when the process died without final stats (a
#               sanitizer's abort), the last `#N` libFuzzer printed, a lower bound, or empty
#   run_execs_exact  true when run_execs is the stat line, else false
#   run_lf_rate stat::average_exec_per_sec (empty without final stats)
measure_run() {
  local dir=$1 seeds=$2 start end
  shift 2
  rm -rf "$dir"
  mkdir -p "$dir/corpus" "$dir/artifacts"
  if [ -n "$seeds" ] && [ -n "$(ls -A "$seeds")" ]; then cp "$seeds"/* "$dir/corpus"/; fi
  start=$(date +%s%N)
  set +e
  "$@" "${extra_flags[@]}" -artifact_prefix="$dir/artifacts/" "$dir/corpus" >"$dir/log" 2>&1
  run_status=$?
  set -e
  end=$(date +%s%N)
  run_wall=$(awk -v ns=$((end - start)) 'BEGIN { printf "%.3f", ns / 1e9 }')
  run_execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$dir/log" | tail -1)
  run_lf_rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$dir/log" | tail -1)
  run_execs_exact=true
  if [ -z "$run_execs" ]; then
    run_execs_exact=false
    run_execs=$( (grep -oE '^#[0-9]+' "$dir/log" || true) | tail -1 | tr -d '#')
  fi
}

# json_or_null VALUE — VALUE, or null when it is empty (for results.py append).
json_or_null() { if [ -n "$1" ]; then printf '%s' "$1"; else printf null; fi; }
