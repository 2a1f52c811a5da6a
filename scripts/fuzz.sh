#!/usr/bin/env bash
# scripts/fuzz.sh — fuzz one target: the main job of ksfuzz, in one command.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${KSFUZZ_BUILD_DIR:-$root/build}

. "$root/scripts/lib/targets.sh"
default_target=$(fuzz_targets --kind structured)

usage() {
  cat <<USAGE
usage: scripts/fuzz.sh [TARGET] [-t SECONDS] [-j JOBS] [--impl NAME] [--driver NAME] [--contract] [--work DIR]

Fuzzes TARGET (default $default_target) for SECONDS (default 60), installing and building what is
missing first. TARGET is one of (fuzz/targets.txt):
$(while read -r name kind impls sources what; do
    [ "$kind" = ceiling ] || printf '  %-20s %s\n' "$name" "$what"
  done < <(fuzz_target_rows))

  -t SECONDS     time budget (default 60)
  -j JOBS        run JOBS fuzzing processes (libFuzzer's fork mode) and keep going after a finding
  --impl NAME    the dispatch implementation under test (default reference; see build/ksfuzz impls);
                 only for the targets that run one: $(fuzz_targets --impls | paste -sd' ' | sed 's/ /, /g')
  --driver NAME  the driver whose Setup builds the create items (default scenario; see
                 build/ksfuzz drivers; yours come in with KSFUZZ_EXTRA_IMPLS; the same targets)
  --contract     contract mode: shared and static descriptor slots too (the same targets)
  --work DIR     where the working corpus, findings and logs live (default work/)

Working corpus: WORK/corpus/TARGET (seeded from corpus/TARGET, kept between runs).
Findings:       WORK/findings/TARGET/ (each with its report in WORK/findings/TARGET/reports/).
Log:            WORK/logs/TARGET.log

Exit status: 0 when nothing was found, 1 when something was, 2 for a bad invocation.
USAGE
}

target=$default_target seconds=60 jobs=1 impl="" driver="" contract=0 work="$root/work"
while [ $# -gt 0 ]; do
  case "$1" in
    -h|--help) usage; exit 0 ;;
    -t) [ $# -ge 2 ] || { usage >&2; exit 2; }; seconds=$2; shift 2 ;;
    -j) [ $# -ge 2 ] || { usage >&2; exit 2; }; jobs=$2; shift 2 ;;
    --impl) [ $# -ge 2 ] || { usage >&2; exit 2; }; impl=$2; shift 2 ;;
    --driver) [ $# -ge 2 ] || { usage >&2; exit 2; }; driver=$2; shift 2 ;;
    --contract) contract=1; shift ;;
    --work) [ $# -ge 2 ] || { usage >&2; exit 2; }; work=$2; shift 2 ;;
    -*) echo "scripts/fuzz.sh: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
    *) target=$1; shift ;;
  esac
done
case "$seconds" in ''|*[!0-9]*|0) echo "scripts/fuzz.sh: -t wants a positive number of seconds, got '$seconds'" >&2; exit 2 ;; esac
case "$jobs" in ''|*[!0-9]*|0) echo "scripts/fuzz.sh: -j wants a positive number, got '$jobs'" >&2; exit 2 ;; esac
# (Not `fuzz_targets | grep -q`: grep quitting early would fail the pipe under pipefail.)
kind=$(fuzz_target_field "$target" kind) && [ "$kind" != ceiling ] ||
  { echo "scripts/fuzz.sh: no target '$target'; fuzz/targets.txt has: $(fuzz_targets --real | paste -sd' ')" >&2; exit 2; }
if [ "$(fuzz_target_field "$target" impls)" != yes ] && { [ -n "$impl" ] || [ -n "$driver" ] || [ "$contract" = 1 ]; }; then
  echo "scripts/fuzz.sh: $target runs no dispatch implementation: --impl, --driver and --contract do not apply" >&2
  exit 2
fi

"$root/scripts/build.sh" "$target" ksfuzz
if [ -n "$impl" ] && ! "$build/ksfuzz" impls --names 2>/dev/null | grep -qx "$impl"; then
  echo "scripts/fuzz.sh: unknown implementation '$impl'; known:" >&2
  "$build/ksfuzz" impls >&2
  exit 2
fi
if [ -n "$driver" ] && ! "$build/ksfuzz" drivers --names 2>/dev/null | grep -qx "$driver"; then
  echo "scripts/fuzz.sh: unknown driver '$driver'; known:" >&2
  "$build/ksfuzz" drivers >&2
  exit 2
fi
# The target and the replays of its findings read it (fuzz/target.h, ksfuzz --driver's default).
[ -n "$driver" ] && export KSFUZZ_DRIVER=$driver
mkdir -p "$work"
exec "$root/scripts/lib/run-target.sh" "$target" "$seconds" "$jobs" "${impl:-reference}" "$contract" "$(cd "$work" && pwd)"
