#!/usr/bin/env bash
# scripts/profile.sh [-t SECONDS] [TARGET] — where a fuzzing iteration's time goes: `perf record`
# with DWARF call graphs of TARGET (default fuzz_dispatch) fuzzing from a copy of its seeds, then
# the share of samples under each part of the iteration (a sample counts for every part on its
# stack). Needs perf (linux-perf); not part of the tests.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${KSFUZZ_BUILD_DIR:-$root/build}
usage() {
  cat <<USAGE
usage: scripts/profile.sh [-t SECONDS] [TARGET]

Fuzzes TARGET (default fuzz_dispatch) from a copy of its seeds for SECONDS (default 10) under
\`perf record --call-graph dwarf\`, and prints the share of samples spent in: the target itself,
libFuzzer's leak-check re-runs of it, the custom mutator and cross-over, RapidCheck's generation,
decoding and encoding scenarios, libFuzzer's feature collection and its writes of new inputs, and
AddressSanitizer's allocator; and how many inputs libFuzzer kept (each one a file written). Also
keeps the recording: work/results/profile-TARGET.data.
USAGE
}
seconds=10 target=fuzz_dispatch
while [ $# -gt 0 ]; do
  case "$1" in
    -h|--help) usage; exit 0 ;;
    -t) [ $# -ge 2 ] || { usage >&2; exit 2; }; seconds=$2; shift 2 ;;
    -*) echo "scripts/profile.sh: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
    *) target=$1; shift ;;
  esac
done
case "$seconds" in ''|*[!0-9]*|0) echo "scripts/profile.sh: -t wants a positive number" >&2; exit 2 ;; esac
command -v perf >/dev/null || { echo "scripts/profile.sh: needs perf (apt-get install linux-perf)" >&2; exit 2; }
"$root/scripts/build.sh" "$target" >/dev/null
out="$root/work/results" && mkdir -p "$out"
data="$out/profile-$target.data"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/corpus"
[ -d "$root/corpus/$target" ] && cp "$root/corpus/$target"/* "$work/corpus"/
flags=(-max_total_time="$seconds" -seed=1 -max_len=4096)
[ -f "$root/corpus/$target.dict" ] && flags+=(-dict="$root/corpus/$target.dict")
perf record -q --call-graph dwarf,65528 -F 150 -o "$data" "$build/$target" "${flags[@]}" "$work/corpus" \
  >"$work/log" 2>&1 || true
grep -E '^Done' "$work/log" || { echo "scripts/profile.sh: the run did not finish; log:" >&2; tail -20 "$work/log" >&2; exit 1; }
# Each input libFuzzer keeps is a file written: a new one (NEW), or a smaller one with the same
# features in place of an old (REDUCE).
echo "inputs kept: $(grep -cE '^#[0-9]+[[:space:]]+NEW ' "$work/log") new, $(grep -cE '^#[0-9]+[[:space:]]+REDUCE ' "$work/log") reduced"
perf report -i "$data" --children --sort symbol -g none 2>/dev/null | awk '
  /^#/ || !/%/ { next }
  { share = $1; sub(/%/, "", share); share += 0; sym = $4 }  # the first word of the symbol
  function take(label, pattern) { if (sym ~ pattern && share > best[label] + 0) best[label] = share }
  {
    take("1 running the input (LLVMFuzzerTestOneInput)", "^LLVMFuzzerTestOneInput$")
    take("2   of which libFuzzer leak-check re-runs", "^fuzzer::Fuzzer::TryDetectingAMemoryLeak$")
    take("3 custom mutator (LLVMFuzzerCustomMutator)", "^LLVMFuzzerCustomMutator$")
    take("4 custom cross-over (LLVMFuzzerCustomCrossOver)", "^LLVMFuzzerCustomCrossOver$")
    take("5 RapidCheck generation (anywhere)", "^rc::gen::detail::ExecHandler::onGenerate$")
    take("6 decoding scenarios (anywhere)", "^ksfuzz::decode_scenario_into$")
    take("7 encoding scenarios (anywhere)", "^ksfuzz::encode_scenario_into$")
    take("8 libFuzzer feature collection", "^fuzzer::TracePC::CollectFeatures")
    take("9 libFuzzer writing new inputs", "^fuzzer::WriteToFile$")
    take("10 AddressSanitizer allocate (anywhere)", "^__asan::Allocator::Allocate$")
    take("11 AddressSanitizer leak checks", "^__lsan::CheckForLeaksCallback$")
  }
  END { for (k in best) printf "%s\t%5.1f%%\n", k, best[k] }' | sort -n | sed 's/^[0-9]* //' | column -t -s "$(printf '\t')"
echo "recording: $data (perf report -i $data)"
