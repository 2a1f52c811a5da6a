#!/usr/bin/env bash
# scripts/ci-fuzz.sh — what a CI pipeline calls: every fuzz target time-boxed against the
# reference, each working corpus merged back safely, every finding collected with its report.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${KSFUZZ_BUILD_DIR:-$root/build}

usage() {
  cat <<'USAGE'
usage: scripts/ci-fuzz.sh [-t SECONDS_PER_TARGET] [--work DIR]

Runs every fuzz target of fuzz/targets.txt but the ceiling for SECONDS_PER_TARGET (default 60)
from its working corpus (DIR/corpus/TARGET, default DIR work/, seeded from corpus/TARGET: cache
it between CI runs), then minimizes that corpus with libFuzzer's -merge=1 into a fresh directory
and swaps it in, so an interrupted run never loses inputs. Findings go to DIR/findings/TARGET/,
each with a report in DIR/findings/TARGET/reports/; a summary table ends the run.

Exit status: 0 when no target found anything, 1 when any did, 2 for a bad invocation.
USAGE
}

seconds=60 work="$root/work"
while [ $# -gt 0 ]; do
  case "$1" in
    -h|--help) usage; exit 0 ;;
    -t) [ $# -ge 2 ] || { usage >&2; exit 2; }; seconds=$2; shift 2 ;;
    --work) [ $# -ge 2 ] || { usage >&2; exit 2; }; work=$2; shift 2 ;;
    *) echo "scripts/ci-fuzz.sh: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
  esac
done
case "$seconds" in ''|*[!0-9]*|0) echo "scripts/ci-fuzz.sh: -t wants a positive number of seconds" >&2; exit 2 ;; esac
mkdir -p "$work"
work=$(cd "$work" && pwd)

. "$root/scripts/lib/targets.sh"
mapfile -t targets < <(fuzz_targets --real)
"$root/scripts/build.sh" "${targets[@]}" ksfuzz

# A half-finished merge from an interrupted run: keep whichever corpus is whole.
recover() {
  local c=$1
  if [ -d "$c.old" ]; then
    if [ -d "$c" ]; then rm -rf "$c.old"; else mv "$c.old" "$c"; fi
  fi
  rm -rf "$c.merging"
}

# findings_of DIR: the inputs saved in DIR, and the logs of findings that left none (a sanitizer
# ended the target before libFuzzer could save its input).
findings_of() {
  find "$1" -maxdepth 1 -type f
  find "$1/reports" -name 'no-input-*' 2>/dev/null || true
}

rows=() status=0
for t in "${targets[@]}"; do
  corpus="$work/corpus/$t"
  recover "$corpus"
  set +e
  "$root/scripts/lib/run-target.sh" "$t" "$seconds" 1 reference 0 "$work"
  rc=$?
  set -e
  [ "$rc" -ne 0 ] && status=1
  # Merge into a fresh directory, then swap: at every moment one whole corpus exists.
  before=$(find "$corpus" -type f | wc -l)
  mkdir -p "$corpus.merging"
  "$build/$t" -merge=1 -dict="$root/corpus/$t.dict" "$corpus.merging" "$corpus" >"$work/logs/$t.merge.log" 2>&1
  mv "$corpus" "$corpus.old" && mv "$corpus.merging" "$corpus" && rm -rf "$corpus.old"
  after=$(find "$corpus" -type f | wc -l)
  log="$work/logs/$t.log"
  rows+=("$(printf '%-22s %12s %10s %8s %14s %9s' "$t" \
    "$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)" \
    "$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)" \
    "$( (grep -oE 'cov: [0-9]+' "$log" || true) | tail -1 | cut -d' ' -f2)" \
    "$before -> $after" \
    "$(findings_of "$work/findings/$t" | wc -l)")")
done

echo
echo "=== ci-fuzz summary ($(date -u +%Y-%m-%dT%H:%MZ), ${seconds}s a target)"
printf '%-22s %12s %10s %8s %14s %9s\n' target executions exec/s cov "corpus merge" findings
printf '%s\n' "${rows[@]}"
if [ "$status" -ne 0 ]; then
  echo
  echo "findings (each report in reports/ beside it):"
  for t in "${targets[@]}"; do findings_of "$work/findings/$t"; done | sort | sed 's/^/  /'
fi
exit "$status"
