#!/usr/bin/env bash
# tests/scripts/fuzz_test.sh BUILD_DIR SOURCE_DIR GROUP [ARG] — the fuzz targets and scripts as CI
# runs them: short runs from the seed corpora, mutants found, regressions replayed.
set -uo pipefail
build=$1 src=$2 group=$3 arg=${4:-}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export KSFUZZ_BUILD_DIR=$build
. "$src/scripts/lib/targets.sh"

# run TARGET SECONDS [flags...]: the target on a copy of its seeds, with its dictionary and options.
run() {
  local t=$1 s=$2; shift 2
  mkdir -p "$tmp/corpus-$t" "$tmp/art"
  cp "$src/corpus/$t"/* "$tmp/corpus-$t"/
  "$build/$t" -dict="$src/corpus/$t.dict" -max_len=4096 -max_total_time="$s" -print_final_stats=1 \
    -artifact_prefix="$tmp/art/" "$@" "$tmp/corpus-$t" >"$tmp/log" 2>&1
}

case "$group" in
clean)  # one target against the reference finds nothing
  run "$arg" 8
  rc=$?
  grep -E 'stat::(number_of_executed_units|average_exec_per_sec)' "$tmp/log"
  [ "$rc" -eq 0 ] || { grep -m3 -E 'SUMMARY|ERROR' "$tmp/log"; echo "FAIL: $arg found something against the reference"; exit 1; }
  ;;
mutants)  # fuzz_dispatch finds each of these built-in mutants within a short budget
  wanted=(leak_old double_complete status_mismatch query_wrong_length flag_on_failure no_lock) missed=()
  for m in "${wanted[@]}"; do
    rm -rf "$tmp/corpus-fuzz_dispatch" "$tmp/art"
    start=$(date +%s%N)
    run fuzz_dispatch 30 --impl "$m"
    sig=$(grep -m1 '^SUMMARY: ksfuzz:' "$tmp/log")
    printf '%-20s %6d ms  %s\n' "$m" "$(( ($(date +%s%N) - start) / 1000000 ))" "${sig:-not found}"
    case "$sig" in "SUMMARY: ksfuzz: $m/"*) ;; *) missed+=("$m") ;; esac
  done
  echo "fuzz_dispatch found $(( ${#wanted[@]} - ${#missed[@]} )) of ${#wanted[@]} mutants"
  [ ${#missed[@]} -eq 0 ] || { echo "FAIL: fuzz_dispatch did not find ${missed[*]} within 30 s"; exit 1; }
  ;;
regressions)  # every finding ever fixed replays clean
  n=$(find "$src/corpus/regressions" -type f -name '*.txt' | wc -l)
  [ "$n" -gt 0 ] || { echo "FAIL: corpus/regressions is empty"; exit 1; }
  "$build/ksfuzz" replay "$src/corpus/regressions" && echo "regressions: $n/$n replay clean"
  ;;
scripts)  # scripts/fuzz.sh and scripts/ci-fuzz.sh as a user and a CI job call them
  "$src/scripts/fuzz.sh" --impl leak_old -t 30 --work "$tmp/w1" >"$tmp/log" 2>&1
  rc=$?
  [ "$rc" -eq 1 ] || { tail -20 "$tmp/log"; echo "FAIL: fuzz.sh --impl leak_old exited $rc, expected 1"; exit 1; }
  grep -q '=== Finding' "$tmp/log" && grep -q 'minimize:' "$tmp/log" && grep -q '=== Summary' "$tmp/log" ||
    { tail -20 "$tmp/log"; echo "FAIL: fuzz.sh summary or finding missing"; exit 1; }
  report=$(ls "$tmp"/w1/findings/fuzz_dispatch/reports/*.txt | head -1)
  grep -q 'SUMMARY: ksfuzz: leak_old/' "$report" || { echo "FAIL: no replay report beside the finding"; exit 1; }
  "$src/scripts/fuzz.sh" fuzz_nosuch >/dev/null 2>&1; [ $? -eq 2 ] || { echo "FAIL: unknown target not exit 2"; exit 1; }
  "$src/scripts/fuzz.sh" --impl nosuch -t 1 >/dev/null 2>&1; [ $? -eq 2 ] || { echo "FAIL: unknown impl not exit 2"; exit 1; }
  "$src/scripts/ci-fuzz.sh" -t 2 --work "$tmp/w2" >"$tmp/log" 2>&1
  rc=$?
  sed -n '/=== ci-fuzz summary/,$p' "$tmp/log"
  [ "$rc" -eq 0 ] || { echo "FAIL: ci-fuzz.sh exited $rc against the reference"; exit 1; }
  for t in $(fuzz_targets --real); do
    [ -d "$tmp/w2/corpus/$t" ] && [ ! -e "$tmp/w2/corpus/$t.merging" ] || { echo "FAIL: $t corpus not merged back"; exit 1; }
  done
  # A sanitizer's finding (AddressSanitizer ends the process, possibly before libFuzzer saves the
  # input) is still a finding: exit status 1 and the signature.
  "$src/scripts/fuzz.sh" --impl use_after_free -t 10 --work "$tmp/w3" >"$tmp/log" 2>&1
  rc=$?
  [ "$rc" -eq 1 ] && grep -q 'SUMMARY: ksfuzz: use_after_free/' "$tmp/log" ||
    { tail -20 "$tmp/log"; echo "FAIL: fuzz.sh --impl use_after_free exited $rc, expected 1 with its signature"; exit 1; }
  # Fork mode: two processes, new inputs merged back into the working corpus, totals in the summary.
  "$src/scripts/fuzz.sh" -j 2 -t 6 --work "$tmp/w4" >"$tmp/log" 2>&1
  rc=$?
  seeds=$(find "$src/corpus/fuzz_dispatch" -type f | wc -l)
  now=$(find "$tmp/w4/corpus/fuzz_dispatch" -type f | wc -l)
  [ "$rc" -eq 0 ] && [ "$now" -gt "$seeds" ] && grep -qE '^  executions +[0-9]+$' "$tmp/log" ||
    { tail -20 "$tmp/log"; echo "FAIL: fuzz.sh -j 2 exited $rc, corpus $seeds -> $now inputs"; exit 1; }
  echo "scripts: ok"
  ;;
instrumented)  # coverage instrumentation only where the code under test is (fuzz/CMakeLists.txt)
  # Every function libFuzzer counts edges in must be an emulated kernel routine, ks.sys or a
  # dispatch routine (harness/kernel/, harness/ks/), or for a property target the model, and none
  # the kernel's machinery.
  src=$(cd "$src" && pwd)
  machinery=$(sed -n 's/^set(KSFUZZ_KERNEL_MACHINERY \(.*\))$/\1/p' "$src/harness/kernel/CMakeLists.txt")
  [ -n "$machinery" ] || { echo "FAIL: no KSFUZZ_KERNEL_MACHINERY list in harness/kernel/CMakeLists.txt"; exit 1; }
  for t in $(fuzz_targets --real); do
    seed=$(find "$src/corpus/$t" -type f | sort | head -1)
    "$build/$t" -runs=1 -print_coverage=1 "$seed" >"$tmp/cov" 2>&1
    rc=$?
    [ "$rc" -eq 0 ] || { tail -5 "$tmp/cov"; echo "FAIL: $t -print_coverage=1 exited $rc"; exit 1; }
    sed -n 's/^\(UN\)\{0,1\}COVERED_FUNC: .* \([^ ]*\):[0-9]*$/\2/p' "$tmp/cov" | sort -u >"$tmp/files"
    # Something must be instrumented, and named by file: the code under test.
    grep -q -E "^$src/harness/(kernel|ks)/|^$src/model/" "$tmp/files" ||
      { echo "FAIL: $t lists no instrumented function of the code under test (no symbolizer?)"; exit 1; }
    # The model's code (with the standard library templates it instantiates) is under test in
    # a property target.
    property=$([ "$(fuzz_target_field "$t" kind)" = property ] && echo 1)
    bad=$(grep -v -E "^$src/harness/(kernel|ks)/${property:+|^$src/model/|/include/c\+\+/}" "$tmp/files")
    for m in $machinery; do bad+=$(grep -x "$src/harness/kernel/$m" "$tmp/files"); done
    # Nor the harness's own functions inside files of routines (KSFUZZP_MACHINERY): the I/O
    # manager's side of an IRP and the resource bookkeeping the verifier reads.
    bad+=$(grep -oE "COVERED_FUNC: .* (KsfuzzIrp(Build[A-Za-z]*|TakeBack|Free|IsPastUserBuffer|Completion)|KsfuzzpResources[A-Za-z]*|KsfuzzpCriticalRegion(Reset|Depth)) " "$tmp/cov" |
      awk '{ print $(NF) }')
    printf '%-20s %3d instrumented source files\n' "$t" "$(wc -l <"$tmp/files")"
    [ -z "$bad" ] || { echo "FAIL: $t counts edges outside the code under test:"; echo "$bad" | sed 's/^/  /'; exit 1; }
  done
  # Comparison tracing (KSFUZZ_CUT_VARIANTS in CMakeLists.txt): none in the structured target,
  # whose mutator is its own; the baseline, all of whose mutations are libFuzzer's, keeps it.
  objdump=/usr/lib/llvm-14/bin/llvm-objdump
  [ -x "$objdump" ] || objdump=$(command -v llvm-objdump || command -v objdump) ||
    { echo "FAIL: no objdump to count comparison callbacks with"; exit 1; }
  cmp_calls() { "$objdump" -d --no-show-raw-insn "$build/$1" | grep -cE '(callq?|bl)[[:space:]].*<__sanitizer_cov_trace_[a-z_]*cmp[0-9]*>'; }
  structured=$(fuzz_targets --kind structured) baseline=$(fuzz_targets --kind baseline)
  n=$(cmp_calls "$structured") m=$(cmp_calls "$baseline")
  printf 'comparison callbacks: %s %d, %s %d\n' "$structured" "$n" "$baseline" "$m"
  if grep -qiE '^KSFUZZ_STRUCTURED_TRACE_CMP:BOOL=(on|1|true|yes|y)$' "$build/CMakeCache.txt"; then
    [ "$n" -gt 0 ] || { echo "FAIL: KSFUZZ_STRUCTURED_TRACE_CMP=ON, yet $structured traces no comparison"; exit 1; }
  else
    [ "$n" -eq 0 ] || { echo "FAIL: $structured traces $n comparisons"; exit 1; }
  fi
  [ "$m" -gt 0 ] || { echo "FAIL: $baseline traces no comparison"; exit 1; }
  ;;
decode_cache)  # the run, mutator and cross-over share one decode (LastDecoded); checked, it holds
  # KSFUZZ_DECODE_CACHE=check decodes afresh beside every decode given back, and aborts on a
  # difference: a change made to it other than through decode_to_change, which forgets it.
  main=$(fuzz_targets --kind structured)
  KSFUZZ_DECODE_CACHE=check run "$main" 8
  rc=$?
  grep -E 'stat::number_of_executed_units' "$tmp/log"
  [ "$rc" -eq 0 ] || { grep -m3 -E 'KSFUZZ_DECODE_CACHE|SUMMARY|ERROR' "$tmp/log"; echo "FAIL: $main with KSFUZZ_DECODE_CACHE=check exited $rc"; exit 1; }
  KSFUZZ_DECODE_CACHE=sometimes "$build/$main" -runs=1 "$src/corpus/$main" >"$tmp/log" 2>&1
  rc=$?
  [ "$rc" -eq 2 ] && grep -q 'want keep, never or check' "$tmp/log" ||
    { cat "$tmp/log"; echo "FAIL: KSFUZZ_DECODE_CACHE=sometimes: exit $rc, not 2 with the choices"; exit 1; }
  ;;
measure)  # the measuring scripts' --help, then bench.sh and mutants.sh on a tiny budget: they run, parse, and write results
  for s in bench mutants coverage allocations ab fuzz profile; do
    "$src/scripts/$s.sh" --help 2>"$tmp/err" | grep -q "^usage: scripts/$s.sh" || { echo "FAIL: $s.sh --help"; exit 1; }
    [ ! -s "$tmp/err" ] || { cat "$tmp/err"; echo "FAIL: $s.sh --help wrote to stderr"; exit 1; }
    # In an unquoted here-document a bare backquote runs as a command (silently, when the command
    # exists): every one in the usage text must be escaped.
    if awk '/<<USAGE$/ { text = 1; next } /^USAGE$/ { text = 0 } text { print FNR ": " $0 }' "$src/scripts/$s.sh" |
      grep -E '(^|[^\\])`'; then
      echo "FAIL: $s.sh's usage text has a bare backquote"; exit 1
    fi
    "$src/scripts/$s.sh" --nosuch >/dev/null 2>&1; [ $? -eq 2 ] || { echo "FAIL: $s.sh --nosuch not exit 2"; exit 1; }
  done
  ceiling=$(fuzz_targets --kind ceiling) main=$(fuzz_targets --kind structured)
  "$src/scripts/bench.sh" -t 1 --runs 1 --cases 10 --out "$tmp/r" "$ceiling" "$main" >"$tmp/log" 2>&1 ||
    { tail -20 "$tmp/log"; echo "FAIL: bench.sh"; exit 1; }
  python3 - "$tmp/r/bench.json" "$ceiling" "$main" <<'PY2' || { cat "$tmp/r/bench.md"; echo "FAIL: bench.json"; exit 1; }
import json, sys
b = json.load(open(sys.argv[1]))
rates = {t["target"]: t["median_exec_per_sec"] for t in b["targets"]}
assert rates[sys.argv[2]] > rates[sys.argv[3]] > 0, rates
assert b["replay"]["median_ms_in_process"] > 0 and b["replay"]["median_ms_net"] > 0 and len(b["rapidcheck"]) == 2, b
assert b["meta"]["corpus_dir"] and b["meta"]["corpus_fs"], b["meta"]  # where libFuzzer wrote its files
PY2
  sed -n '/^| target/,/^$/p' "$tmp/r/bench.md"
  # The same tree as both sides: two figures and their ratio.
  "$src/scripts/ab.sh" -t 1 --runs 1 "$build" "$build" >"$tmp/log" 2>&1 &&
    grep -qE "^$main: A .* [0-9]+ exec/s, B .* [0-9]+ exec/s .*B/A [0-9.]+$" "$tmp/log" ||
    { cat "$tmp/log"; echo "FAIL: ab.sh"; exit 1; }
  grep -qE "^$main: reached: A cov [1-9][0-9]* ft [1-9][0-9]*, B cov [1-9][0-9]* ft [1-9][0-9]* " "$tmp/log" ||
    { cat "$tmp/log"; echo "FAIL: ab.sh reached"; exit 1; }
  "$src/scripts/ab.sh" "$build" "$tmp/nosuch" >/dev/null 2>&1; [ $? -eq 2 ] || { echo "FAIL: ab.sh with a missing tree not exit 2"; exit 1; }
  # --flag reaches every libFuzzer run: without hit counts libFuzzer's features are about its edges
  # (with them, several times as many).
  "$src/scripts/ab.sh" -t 1 --runs 1 --flag -use_counters=0 "$build" "$build" >"$tmp/log" 2>&1 &&
    sed -nE "s/^$main: reached: A cov ([0-9]+) ft ([0-9]+), B cov ([0-9]+) ft ([0-9]+) .*/\1 \2 \3 \4/p" "$tmp/log" |
    awk '$2 > 0 && $2 < 1.1 * $1 && $4 < 1.1 * $3 { ok = 1 } END { exit !ok }' ||
    { cat "$tmp/log"; echo "FAIL: ab.sh --flag -use_counters=0 did not reach the runs"; exit 1; }
  for s in bench ab mutants; do
    "$src/scripts/$s.sh" --flag use_counters=0 >/dev/null 2>"$tmp/err"; [ $? -eq 2 ] && grep -q -- "--flag wants" "$tmp/err" ||
      { cat "$tmp/err"; echo "FAIL: $s.sh --flag without a leading dash not refused"; exit 1; }
  done
  "$src/scripts/mutants.sh" --mutants leak_old,use_after_free --trials 1 --budget 10 \
    --engines rapidcheck,fuzz_dispatch --out "$tmp/r" >"$tmp/log" 2>&1 ||
    { tail -20 "$tmp/log"; echo "FAIL: mutants.sh did not catch leak_old and use_after_free"; exit 1; }
  python3 - "$tmp/r/mutants.json" <<'PY2' || { cat "$tmp/r/mutants.md"; echo "FAIL: mutants.json"; exit 1; }
import json, sys
m = json.load(open(sys.argv[1]))
cells = {(r["mutant"], r["engine"]): r for r in m["results"]}
assert len(cells) == 4 and all(r["kills"] == 1 and r["median_seconds"] > 0 for r in cells.values()), cells
PY2
  sed -n '/^| mutant/,/^$/p' "$tmp/r/mutants.md"
  echo "measure: ok"
  ;;
*) echo "unknown group $group"; exit 2 ;;
esac
