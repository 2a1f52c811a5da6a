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
\`perf record --call-graph dwarf\`, and prints the share of samples spent in: the target itself
(and within it libFuzzer's leak-check re-runs, setting the world up, sending ops and groups, the
model and oracle on them, tearing the world down), the custom mutator and cross-over,
RapidCheck's generation, decoding and encoding scenarios, libFuzzer's feature collection and its
writes of new inputs, AddressSanitizer's allocator and its range checks of memcpy and kin (their
own samples), and outside the run; each share also as microseconds of an average iteration (the
run's whole seconds over its runs, under perf); and how many inputs libFuzzer kept (each one a
file written). Also keeps the recording: work/results/profile-TARGET.data.
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
done_line=$(grep -E '^Done [0-9]+ runs in [0-9]+ second' "$work/log") ||
  { echo "scripts/profile.sh: the run did not finish; log:" >&2; tail -20 "$work/log" >&2; exit 1; }
echo "$done_line"
# An iteration's time (libFuzzer's whole seconds over its runs, under perf): each share below is
# also given as microseconds of an average iteration.
us_per_run=$(awk '{ printf "%.2f", $5 * 1e6 / $2 }' <<<"$done_line")
echo "an iteration: $us_per_run us on average (under perf)"
# Each input libFuzzer keeps is a file written: a new one (NEW), or a smaller one with the same
# features in place of an old (REDUCE).
echo "inputs kept: $(grep -cE '^#[0-9]+[[:space:]]+NEW ' "$work/log") new, $(grep -cE '^#[0-9]+[[:space:]]+REDUCE ' "$work/log") reduced"
perf report -i "$data" --children --sort symbol -g none 2>/dev/null |
  awk -v us="$us_per_run" -v RUN="1 running the input (LLVMFuzzerTestOneInput)" '
  /^#/ || !/%/ { next }
  { share = $1; sub(/%/, "", share); share += 0; self = $2; sub(/%/, "", self); self += 0; sym = $4 }  # the first word of the symbol
  # Every part gets its line, 0.0% when no sample fell in it.
  function take(label, pattern) { best[label] += 0; if (sym ~ pattern && share > best[label]) best[label] = share }
  function add_self(label, pattern) { best[label] += 0; if (sym ~ pattern) best[label] += self }
  {
    take(RUN, "^LLVMFuzzerTestOneInput$")
    take("2   of which libFuzzer leak-check re-runs", "^fuzzer::Fuzzer::TryDetectingAMemoryLeak$")
    take("3   setting up the world (Session::Session)", "^ksfuzz::Session::Session$")
    take("4   sending an op (Session::send)", "^ksfuzz::Session::send$")
    take("5   sending a group in flight (Session::send_in_flight)", "^ksfuzz::Session::send_in_flight$")
    take("6   the model and the oracle on an op (Oracle::check)", "^ksfuzz::Oracle::check$")
    take("7   the model and the oracle on a group (Oracle::check_group)", "^ksfuzz::Oracle::check_group$")
    take("8   tearing the world down (Session::finish)", "^ksfuzz::Session::finish$")
    take("9 custom mutator (LLVMFuzzerCustomMutator)", "^LLVMFuzzerCustomMutator$")
    take("10 custom cross-over (LLVMFuzzerCustomCrossOver)", "^LLVMFuzzerCustomCrossOver$")
    take("11 RapidCheck generation (anywhere)", "^rc::gen::detail::ExecHandler::onGenerate$")
    take("12 decoding scenarios (anywhere)", "^ksfuzz::decode_scenario_into$")
    take("13 encoding scenarios (anywhere)", "^ksfuzz::encode_scenario_into$")
    take("14 libFuzzer feature collection", "^fuzzer::TracePC::CollectFeatures")
    take("15 libFuzzer writing new inputs", "^fuzzer::WriteToFile$")
    take("16 AddressSanitizer allocate (anywhere)", "^__asan::Allocator::Allocate$")
    add_self("17 AddressSanitizer range checks of memcpy and kin (anywhere)", "^(__sanitizer::mem_is_zero|__asan::QuickCheckForUnpoisonedRegion|__asan_region_is_poisoned|__asan::ShadowSegmentEndpoint::ShadowSegmentEndpoint)$")
    take("18 AddressSanitizer leak checks", "^__lsan::CheckForLeaksCallback$")
  }
  END {
    if (!(RUN in best)) { print "scripts/profile.sh: perf report gave no samples" > "/dev/stderr"; exit 1 }
    for (k in best) printf "%s\t%5.1f%%\t%5.1f us\n", k, best[k], best[k] * us / 100
    # What the run leaves: the mutation and the work of libFuzzer itself on each iteration.
    run = best[RUN]
    printf "19 outside the run (mutation, libFuzzer, the rest)\t%5.1f%%\t%5.1f us\n", 100 - run, (100 - run) * us / 100
  }' | sort -n | sed 's/^[0-9]* //' | column -t -s "$(printf '\t')"
echo "recording: $data (perf report -i $data)"
