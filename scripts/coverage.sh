#!/usr/bin/env bash
# scripts/coverage.sh — what the seed corpora and a short fuzz run reach: source-based line and
# branch coverage (clang's -fprofile-instr-generate -fcoverage-mapping, llvm-profdata, llvm-cov)
# per folder, an HTML report, and every line and branch of the reference dispatch routines missed.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${KSFUZZ_COVERAGE_BUILD_DIR:-$root/build-coverage}

usage() {
  cat <<'USAGE'
usage: scripts/coverage.sh [-t SECONDS] [--out DIR] [--html DIR]

Builds a coverage tree (build-coverage/, or $KSFUZZ_COVERAGE_BUILD_DIR: the usual flags, the
sanitizers included, plus -fprofile-instr-generate -fcoverage-mapping), then runs:
  - every fuzz target of fuzz/targets.txt but the ceiling over its seeds (-runs=0);
  - each of them fuzzing for SECONDS from a copy of its seeds, one at a time;
  - `ksfuzz replay --contract` over the fuzz_dispatch seeds (shared and static slots), and
    `ksfuzz replay` over corpus/regressions;
merges the profiles and prints line and branch coverage of model/, harness/kernel/, harness/ks/
(its mutants/ apart) and harness/scenario/, with the reference dispatch routines
(harness/ks/dispatch_security.c) on a line of their own and every line and branch of theirs that
was not reached. A second pair of columns adds `ksfuzz replay --impl MUTANT` of the fuzz_dispatch
seeds for every mutant: the report paths a finding takes, which the reference never reaches.

  -t SECONDS   the fuzz run of each target (default 30)
  --out DIR    where the table goes (default work/results: coverage.json, coverage.md)
  --html DIR   the HTML report (default work/coverage/html)

Exit status: 0; 1 when a run found something (its coverage is then partial); 2 for a bad
invocation.
USAGE
}

command="scripts/coverage.sh${*:+ $*}"
seconds=30 out="$root/work/results" html="$root/work/coverage/html"
while [ $# -gt 0 ]; do
  case "$1" in
    -h|--help) usage; exit 0 ;;
    -t) [ $# -ge 2 ] || { usage >&2; exit 2; }; seconds=$2; shift 2 ;;
    --out) [ $# -ge 2 ] || { usage >&2; exit 2; }; out=$2; shift 2 ;;
    --html) [ $# -ge 2 ] || { usage >&2; exit 2; }; html=$2; shift 2 ;;
    *) echo "scripts/coverage.sh: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
  esac
done
case "$seconds" in ''|*[!0-9]*|0) echo "scripts/coverage.sh: -t wants a positive number of seconds" >&2; exit 2 ;; esac

. "$root/scripts/lib/targets.sh"
mapfile -t targets < <(fuzz_targets --real)
main=$(fuzz_targets --kind structured)  # the target whose seeds are scenarios to replay
flags="-fprofile-instr-generate -fcoverage-mapping"
"$root/scripts/deps.sh"
if [ ! -f "$build/CMakeCache.txt" ]; then
  # The tests are not built: coverage here is what fuzzing reaches.
  cmake --preset default -S "$root" -B "$build" -DBUILD_TESTING=OFF \
    -DCMAKE_C_FLAGS="$flags" -DCMAKE_CXX_FLAGS="$flags" -DCMAKE_EXE_LINKER_FLAGS="-fprofile-instr-generate" >/dev/null
fi
KSFUZZ_BUILD_DIR=$build "$root/scripts/build.sh" "${targets[@]}" ksfuzz

mkdir -p "$out" "$html"
out=$(cd "$out" && pwd) html=$(cd "$html" && pwd)
work="$root/work/coverage"
profiles="$work/profraw"
rm -rf "$profiles"
mkdir -p "$profiles"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export LLVM_PROFILE_FILE="$profiles/%p.profraw"

status=0
step() {  # step WHAT COMMAND...: runs it quietly, says how it went
  local what=$1 rc
  shift
  set +e
  "$@" >"$tmp/log" 2>&1
  rc=$?
  set -e
  printf '%-52s %s\n' "$what" "$([ "$rc" -eq 0 ] && echo ok || echo "exit status $rc")"
  if [ "$rc" -ne 0 ]; then
    status=1
    grep -m2 'SUMMARY' "$tmp/log" | sed 's/^/    /' || true
  fi
}
for t in "${targets[@]}"; do
  step "$t: seeds (-runs=0)" "$build/$t" -runs=0 -max_len=4096 "$root/corpus/$t"
done
for t in "${targets[@]}"; do
  rm -rf "$tmp/corpus"
  mkdir -p "$tmp/corpus" "$tmp/art"
  cp "$root/corpus/$t"/* "$tmp/corpus"/
  step "$t: fuzzing ${seconds}s" "$build/$t" -max_total_time="$seconds" -max_len=4096 \
    -dict="$root/corpus/$t.dict" -artifact_prefix="$tmp/art/" -timeout=10 "$tmp/corpus"
done
# Contract mode: the shared and static slots the seeds hold reach the ledger's sharing checks. Each
# replacement of one is a finding (exit status 1), as it should be.
set +e
"$build/ksfuzz" replay --contract "$root/corpus/$main" >"$tmp/log" 2>&1
set -e
printf '%-52s %s\n' "ksfuzz replay --contract: $main seeds" \
  "$(grep -c '^PASS' "$tmp/log") pass, $(grep -c '^SUMMARY: ksfuzz:' "$tmp/log") contract findings"
step "ksfuzz replay: corpus/regressions" "$build/ksfuzz" replay "$root/corpus/regressions"

profdata="$work/ksfuzz.profdata"
llvm-profdata-14 merge -sparse "$profiles"/*.profraw -o "$profdata"

# Beside it, what a misbehaving routine reaches as well: each mutant's findings on the seeds run the
# report paths (the verifier's and the ledger's reports, the oracle's comparisons, the report
# printer) that the reference, having no bug, never takes. A run that ends in abort() (the
# verifier's bug checks) writes no profile, so those paths do not count even here.
mutants=$("$build/ksfuzz" impls --kind mutant --names)
rm -rf "$work/profraw-mutants"
mkdir -p "$work/profraw-mutants"
export LLVM_PROFILE_FILE="$work/profraw-mutants/%p.profraw"
for m in $mutants; do
  "$build/ksfuzz" replay --impl "$m" "$root/corpus/$main" >/dev/null 2>&1 || true
done
printf '%-52s %s\n' "ksfuzz replay --impl MUTANT: $main seeds" \
  "$(echo $mutants | wc -w) mutants, $(find "$work/profraw-mutants" -name '*.profraw' | wc -l) of them left a profile"
with_findings="$work/ksfuzz-with-findings.profdata"
llvm-profdata-14 merge -sparse "$profdata" "$work/profraw-mutants"/*.profraw -o "$with_findings"

objects=("$build/ksfuzz")
for t in "${targets[@]}"; do objects+=(-object "$build/$t"); done
ignore='(^/usr/|/tests/)'
llvm-cov-14 export -summary-only -instr-profile="$profdata" -ignore-filename-regex="$ignore" "${objects[@]}" \
  >"$work/summary.json"
llvm-cov-14 export -summary-only -instr-profile="$with_findings" -ignore-filename-regex="$ignore" "${objects[@]}" \
  >"$work/summary-with-findings.json"
llvm-cov-14 show -format=html -output-dir="$html" -show-branches=count -show-line-counts-or-regions \
  -instr-profile="$profdata" -ignore-filename-regex="$ignore" "${objects[@]}" >/dev/null

focus=harness/ks/dispatch_security.c
python3 "$root/scripts/lib/results.py" meta --out "$work/meta.json" --command "$command" seconds="$seconds" \
  source_dir="$root" html="$html/index.html" focus_files="[\"$focus\"]" \
  inputs="the seeds of ${targets[*]} (-runs=0), then ${seconds} s of fuzzing each; ksfuzz replay --contract of the $main seeds and ksfuzz replay of corpus/regressions"
python3 "$root/scripts/lib/results.py" coverage --meta "$work/meta.json" --export "$work/summary.json" \
  --export-with-findings "$work/summary-with-findings.json" --json "$out/coverage.json" --md "$out/coverage.md"

# What the reference routines miss: lines with a count of 0, branches with a side never taken.
llvm-cov-14 show -show-branches=count -instr-profile="$profdata" "${objects[@]}" "$root/$focus" >"$tmp/focus.txt"
missed=$(awk -v f="$focus" '
  /^ *[0-9]+\| *0\|/ { split($0, a, "|"); gsub(/ /, "", a[1]); print "  " f ":" a[1] ": line never run:" a[3]; next }
  /Branch \(/ && (/True: 0,/ || /False: 0\]/) { sub(/^ *\| */, ""); print "  " $0 }' "$tmp/focus.txt")
echo
if [ -n "$missed" ]; then
  echo "$focus: not reached"
  echo "$missed"
  printf '\n%s: not reached\n\n```\n%s\n```\n' "$focus" "$missed" >>"$out/coverage.md"
else
  echo "$focus: every line and branch reached"
  printf '\n%s: every line and branch reached.\n' "$focus" >>"$out/coverage.md"
fi
echo
echo "results: $out/coverage.md, $out/coverage.json; HTML: $html/index.html"
exit "$status"
