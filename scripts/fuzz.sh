#!/usr/bin/env bash
# scripts/fuzz.sh — fuzz one target: the main job of ksfuzz, in one command.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${KSFUZZ_BUILD_DIR:-$root/build}

usage() {
  cat <<'USAGE'
usage: scripts/fuzz.sh [TARGET] [-t SECONDS] [-j JOBS] [--impl NAME] [--contract] [--work DIR]

Fuzzes TARGET (default fuzz_dispatch; also fuzz_merge, fuzz_descriptor, fuzz_sddl,
fuzz_dispatch_bytes) for SECONDS (default 60), installing and building what is missing first.

  -t SECONDS     time budget (default 60)
  -j JOBS        run JOBS fuzzing processes (libFuzzer's fork mode) and keep going after a finding
  --impl NAME    the dispatch implementation under test (default reference; see build/ksfuzz impls)
  --contract     contract mode: shared and static descriptor slots too
  --work DIR     where the working corpus, findings and logs live (default work/)

Working corpus: WORK/corpus/TARGET (seeded from corpus/TARGET, kept between runs).
Findings:       WORK/findings/TARGET/ (each with its report in WORK/findings/TARGET/reports/).
Log:            WORK/logs/TARGET.log

Exit status: 0 when nothing was found, 1 when something was, 2 for a bad invocation.
USAGE
}

target=fuzz_dispatch seconds=60 jobs=1 impl="" contract=0 work="$root/work"
while [ $# -gt 0 ]; do
  case "$1" in
    -h|--help) usage; exit 0 ;;
    -t) [ $# -ge 2 ] || { usage >&2; exit 2; }; seconds=$2; shift 2 ;;
    -j) [ $# -ge 2 ] || { usage >&2; exit 2; }; jobs=$2; shift 2 ;;
    --impl) [ $# -ge 2 ] || { usage >&2; exit 2; }; impl=$2; shift 2 ;;
    --contract) contract=1; shift ;;
    --work) [ $# -ge 2 ] || { usage >&2; exit 2; }; work=$2; shift 2 ;;
    fuzz_*) target=$1; shift ;;
    *) echo "scripts/fuzz.sh: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
  esac
done
case "$seconds" in ''|*[!0-9]*|0) echo "scripts/fuzz.sh: -t wants a positive number of seconds, got '$seconds'" >&2; exit 2 ;; esac
case "$jobs" in ''|*[!0-9]*|0) echo "scripts/fuzz.sh: -j wants a positive number, got '$jobs'" >&2; exit 2 ;; esac
[ -d "$root/corpus/$target" ] || { echo "scripts/fuzz.sh: no target '$target' (no corpus/$target)" >&2; exit 2; }

"$root/scripts/build.sh" "$target" ksfuzz
if [ -n "$impl" ] && ! "$build/ksfuzz" impls --names 2>/dev/null | grep -qx "$impl"; then
  echo "scripts/fuzz.sh: unknown implementation '$impl'; known:" >&2
  "$build/ksfuzz" impls >&2
  exit 2
fi
mkdir -p "$work"
exec "$root/scripts/lib/run-target.sh" "$target" "$seconds" "$jobs" "${impl:-reference}" "$contract" "$(cd "$work" && pwd)"
