#!/usr/bin/env bash
# scripts/mutants.sh — bug-finding power: how often, and how fast, each engine catches each mutant
# (the deliberately broken dispatch routines `ksfuzz impls --kind mutant` lists).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${KSFUZZ_BUILD_DIR:-$root/build}
. "$root/scripts/lib/measure.sh"

# The engines: RapidCheck, and the libFuzzer runs fuzz/targets.txt implies (results.py engines:
# NAME TARGET CORPUS WHAT, tab-separated): the structured target from its seeds and from an empty
# corpus, and its naive baseline from its seeds.
libfuzzer_engines=$(python3 "$root/scripts/lib/results.py" engines)
all_engines=rapidcheck,$(cut -f1 <<<"$libfuzzer_engines" | paste -sd,)
dispatch_targets=$(cut -f2 <<<"$libfuzzer_engines" | sort -u | paste -sd' ')
usage() {
  cat <<USAGE
usage: scripts/mutants.sh [--trials N] [--budget SECONDS] [--quick] [--flag F]... [--engines LIST]
                          [--mutants LIST] [--out DIR] [--strict]

For every mutant (built in, and any your KSFUZZ_EXTRA_IMPLS files register with KSFUZZ_MUTANT)
and every engine, runs N trials and records whether and when (seconds, executions) the mutant
was caught for its own bug class (the kind \`ksfuzz impls\` shows in brackets; a finding of
another kind counts as not caught). Engines:
  rapidcheck           the RapidCheck properties (tests/dispatch_properties_test,
                       EveryBuiltInMutantIsCaught), RC_PARAMS=seed=<trial>, up to 2000 cases
$(while IFS=$'\t' read -r name target corpus what; do printf '  %-20s %s\n' "$name" "$what"; done <<<"$libfuzzer_engines")
Each libFuzzer trial runs alone with -max_total_time=BUDGET -seed=<trial> on a fresh corpus.
Prints a matrix of kill rates and median times to kill (a trial that never catches the mutant
counts as its budget), and how much faster the structured target is than the baseline.

  --trials N        trials per mutant and engine (default 10)
  --budget SECONDS  time budget of one libFuzzer trial (default 60)
  --quick           3 trials of 10 s
  --flag F          a libFuzzer flag (-name=value) every libFuzzer trial also gets, after the
                    script's own (e.g. --flag -use_counters=0); repeatable
  --engines LIST    comma-separated engines (default all)
  --mutants LIST    comma-separated mutants (default all)
  --out DIR         where results go (default work/results)
  --strict          also exit 1 when a goal is missed: a median of 2 s or more for the structured
                    target from its seeds, or less than 10x faster than the baseline where that
                    catches the mutant

Results: DIR/mutants.md and DIR/mutants.json (rewritten after every trial, so an interrupted run
keeps what it measured), DIR/mutants.raw.jsonl (one line a trial), DIR/mutants-logs/ (the log of
every trial that missed).
Exit status: 0; 1 when a mutant survived a trial of the RapidCheck properties or of the
structured target from its seeds (or, with --strict, a goal was missed); 2 for a bad invocation.
USAGE
}

command="scripts/mutants.sh${*:+ $*}"
trials=10 budget=60 engines=$all_engines mutants="" out="$root/work/results" strict=0
while [ $# -gt 0 ]; do
  case "$1" in
    -h|--help) usage; exit 0 ;;
    --trials) [ $# -ge 2 ] || { usage >&2; exit 2; }; trials=$2; shift 2 ;;
    --budget) [ $# -ge 2 ] || { usage >&2; exit 2; }; budget=$2; shift 2 ;;
    --flag) [ $# -ge 2 ] || { usage >&2; exit 2; }; add_extra_flag scripts/mutants.sh "$2"; shift 2 ;;
    --quick) trials=3 budget=10; shift ;;
    --engines) [ $# -ge 2 ] || { usage >&2; exit 2; }; engines=$2; shift 2 ;;
    --mutants) [ $# -ge 2 ] || { usage >&2; exit 2; }; mutants=$2; shift 2 ;;
    --out) [ $# -ge 2 ] || { usage >&2; exit 2; }; out=$2; shift 2 ;;
    --strict) strict=1; shift ;;
    *) echo "scripts/mutants.sh: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
  esac
done
for n in "$trials" "$budget"; do
  case "$n" in ''|*[!0-9]*|0) echo "scripts/mutants.sh: --trials and --budget want positive numbers" >&2; exit 2 ;; esac
done
IFS=, read -r -a engine_list <<<"$engines"
for e in "${engine_list[@]}"; do
  case ",$all_engines," in *",$e,"*) ;; *) echo "scripts/mutants.sh: unknown engine '$e' (known: $all_engines)" >&2; exit 2 ;; esac
done

"$root/scripts/build.sh" $dispatch_targets ksfuzz dispatch_properties_test
mapfile -t known < <("$build/ksfuzz" impls --kind mutant --names)
# Each mutant's bug class: a trial catches it only when the finding's kind is that class.
declare -A bug_class
while read -r name _ class _; do
  bug_class[$name]=${class//[\[\]]/}
done < <("$build/ksfuzz" impls --kind mutant)
if [ -n "$mutants" ]; then
  IFS=, read -r -a mutant_list <<<"$mutants"
  for m in "${mutant_list[@]}"; do
    printf '%s\n' "${known[@]}" | grep -qx "$m" ||
      { echo "scripts/mutants.sh: '$m' is not a mutant; mutants: ${known[*]}" >&2; exit 2; }
  done
else
  mutant_list=("${known[@]}")
fi
[ ${#mutant_list[@]} -gt 0 ] || { echo "scripts/mutants.sh: no mutants in this build" >&2; exit 2; }

mkdir -p "$out/mutants-logs"
out=$(cd "$out" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
raw="$out/mutants.raw.jsonl" meta="$out/mutants.meta.json"
: >"$raw"
rm -f "$out"/mutants-logs/*
to_json() { printf '"%s",' "$@" | sed 's/,$//; s/^/[/; s/$/]/'; }
python3 "$root/scripts/lib/results.py" meta --out "$meta" --command "$command" trials="$trials" \
  budget="$budget" engines="$(to_json "${engine_list[@]}")" mutants="$(to_json "${mutant_list[@]}")"
summarize() {
  python3 "$root/scripts/lib/results.py" mutants --meta "$meta" --raw "$raw" --json "$out/mutants.json" \
    --md "$out/mutants.md" "$@"
}
libfuzzer_runs=0
for e in "${engine_list[@]}"; do [ "$e" = rapidcheck ] || libfuzzer_runs=$((libfuzzer_runs + 1)); done
echo "mutants: ${#mutant_list[@]} mutants x ${#engine_list[@]} engines x $trials trials, ${budget}s budget;" \
     "at most $(( ${#mutant_list[@]} * libfuzzer_runs * trials * budget / 60 )) min of fuzzing; results in $out/mutants.md"

# record MUTANT ENGINE TRIAL CAUGHT SECONDS EXECS EXACT SIGNATURE [LOG]
record() {
  local m=$1 e=$2 t=$3 caught=$4 secs=$5 execs=$6 exact=$7 sig=$8 log=${9:-}
  # Caught for another reason than its own bug is not caught.
  if [ "$caught" = true ] && [[ "|${bug_class[$m]}|" != *"|${sig##*/}|"* ]]; then
    echo "[trial $t/$trials] $m $e: found as $sig, not as its bug class ${bug_class[$m]}" >&2
    caught=false secs=$budget
  fi
  python3 "$root/scripts/lib/results.py" append "$raw" mutant="$m" engine="$e" trial="$t" caught="$caught" \
    seconds="$secs" execs="$(json_or_null "$execs")" execs_exact="$exact" budget="$budget" signature="$sig"
  if [ "$caught" = true ]; then
    printf '[trial %d/%d] %-20s %-20s caught in %7s s, %9s %s  %s\n' "$t" "$trials" "$m" "$e" "$secs" \
      "${execs:-?}" "$([ "$e" = rapidcheck ] && echo cases || echo execs)" "$sig"
  else
    printf '[trial %d/%d] %-20s %-20s NOT caught in %s s%s\n' "$t" "$trials" "$m" "$e" "$secs" \
      "${log:+ (log: $log)}"
  fi
}

# The RapidCheck properties: one run of the test a trial, each mutant in a child process of its own.
rapidcheck_trial() {
  local t=$1 log="$tmp/rapidcheck.log" line m rest
  KSFUZZ_MUTANTS=$(IFS=,; echo "${mutant_list[*]}") RC_PARAMS="seed=$t" \
    "$build/tests/dispatch_properties_test" --gtest_filter=DispatchProperties.EveryBuiltInMutantIsCaught \
    >"$log" 2>&1 || true
  for m in "${mutant_list[@]}"; do
    line=$(grep -m1 "^mutant $m: " "$log" || true)
    rest=${line#"mutant $m: "}
    if [[ $rest =~ ^caught\ after\ ([0-9]+)\ passing\ cases\ in\ ([0-9.]+)\ s\ as\ ([^;]+) ]]; then
      record "$m" rapidcheck "$t" true "${BASH_REMATCH[2]}" $((BASH_REMATCH[1] + 1)) true "${BASH_REMATCH[3]}"
    elif [[ $rest =~ ^caught\ by\ a\ sanitizer\ after\ ([0-9]+)\ passing\ cases\ in\ ([0-9.]+)\ s:\ SUMMARY:\ ksfuzz:\ (.*)$ ]]; then
      record "$m" rapidcheck "$t" true "${BASH_REMATCH[2]}" $((BASH_REMATCH[1] + 1)) true "${BASH_REMATCH[3]}"
    else
      cp "$log" "$out/mutants-logs/$m-rapidcheck-$t.log"
      local secs=$budget
      [[ $rest =~ ^survived\ [0-9]+\ cases\ in\ ([0-9.]+)\ s ]] && secs=${BASH_REMATCH[1]}
      record "$m" rapidcheck "$t" false "$secs" "" true "" "$out/mutants-logs/$m-rapidcheck-$t.log"
    fi
  done
}

# One libFuzzer trial: ENGINE MUTANT TRIAL.
libfuzzer_trial() {
  local e=$1 m=$2 t=$3 target corpus seeds="" sig
  IFS=$'\t' read -r _ target corpus _ < <(awk -F'\t' -v e="$e" '$1 == e' <<<"$libfuzzer_engines")
  [ "$corpus" = seeds ] && seeds="$root/corpus/$target"
  measure_run "$tmp/run" "$seeds" "$build/$target" --impl "$m" -max_total_time="$budget" -print_final_stats=1 \
    -seed="$t" -dict="$root/corpus/$target.dict" -max_len=4096 -timeout=10 -rss_limit_mb=4096
  # Every finding ends in the ksfuzz frame, the sanitizers' included.
  sig=$( (grep -m1 "^SUMMARY: ksfuzz: $m/" "$tmp/run/log" || true) | sed 's/^SUMMARY: ksfuzz: //')
  if [ -n "$sig" ]; then
    record "$m" "$e" "$t" true "$run_wall" "$run_execs" "$run_execs_exact" "$sig"
  else
    cp "$tmp/run/log" "$out/mutants-logs/$m-$e-$t.log"
    record "$m" "$e" "$t" false "$budget" "$run_execs" "$run_execs_exact" "" "$out/mutants-logs/$m-$e-$t.log"
  fi
}

# Trial by trial, so that an interrupted run has measured every mutant and engine alike.
for t in $(seq "$trials"); do
  if [[ ",$engines," == *,rapidcheck,* ]]; then
    rapidcheck_trial "$t"
    summarize --quiet
  fi
  for m in "${mutant_list[@]}"; do
    for e in "${engine_list[@]}"; do
      if [ "$e" != rapidcheck ]; then
        libfuzzer_trial "$e" "$m" "$t"
        summarize --quiet
      fi
    done
  done
done

summarize
echo
echo "results: $out/mutants.md, $out/mutants.json"
python3 - "$out/mutants.json" "$strict" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
missed = s["survivors"] or (sys.argv[2] == "1" and any(s["goals_missed"].values()))
sys.exit(1 if missed else 0)
PY
