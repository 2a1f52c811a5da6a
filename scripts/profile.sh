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
\`perf record --call-graph dwarf\`, and prints the share of samples spent:
  - running the input (a group in flight runs on fibers, whose stacks perf unwinds only to their
    entry: their samples are added to the run and to the group), and within it setting the
    world up, sending ops and groups, the model and oracle on them, tearing the world down;
  - outside the run: the custom mutator and cross-over, libFuzzer's feature collection, its
    writes of the inputs it keeps, its work around each call and on its corpus, and the samples
    under neither libFuzzer's Loop nor a fiber (start-up, exit, stacks perf could not unwind);
  - anywhere: libFuzzer's leak-check re-runs, RapidCheck's generation, decoding and encoding
    scenarios, AddressSanitizer's allocator, its range checks of memcpy and kin (their own
    samples) and its leak checks.
Each share is also given in microseconds of an average iteration (the run's whole seconds over
its runs, under perf). Then how many inputs libFuzzer kept (each one a file written). Keeps the
recording: work/results/profile-TARGET.data.
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
  awk -v us="$us_per_run" -v RUN="1 running the input (LLVMFuzzerTestOneInput, a group's fibers)" \
      -v GROUP="5   sending a group in flight (Session::send_in_flight, its fibers)" \
      -v OUT="9 outside the run (mutation, libFuzzer, samples not placed)" '
  /^#/ || !/%/ { next }
  {
    share = $1; sub(/%/, "", share); share += 0; self = $2; sub(/%/, "", self); self += 0
    name = $0; sub(/^[[:space:]]*[^[:space:]]+[[:space:]]+[^[:space:]]+[[:space:]]+[^[:space:]]+[[:space:]]+/, "", name)
    sub(/([[:space:]]+-)*[[:space:]]*$/, "", name)  # the symbol, without the empty columns after it
  }
  # Every part gets its line, 0.0% when no sample fell in it. A sample counts for every function
  # on its stack: take() is the share of the one function, add() sums functions that do not nest.
  function take(label, pattern) { best[label] += 0; if (name ~ pattern && share > best[label]) best[label] = share }
  function add(label, pattern) { best[label] += 0; if (name ~ pattern) best[label] += share }
  function add_self(label, pattern) { best[label] += 0; if (name ~ pattern) best[label] += self }
  function keep(key, pattern) { if (!(key in raw)) raw[key] = 0; if (name ~ pattern && share > raw[key]) raw[key] = share }
  {
    take(RUN, "^LLVMFuzzerTestOneInput$")
    take("3   setting up the world (Session::Session)", "^ksfuzz::Session::Session$")
    take("4   sending an op (Session::send)", "^ksfuzz::Session::send$")
    take(GROUP, "^ksfuzz::Session::send_in_flight$")
    take("6   the model and the oracle on an op (Oracle::check)", "^ksfuzz::Oracle::check$")
    take("7   the model and the oracle on a group (Oracle::check_group)", "^ksfuzz::Oracle::check_group$")
    take("8   tearing the world down (Session::finish)", "^ksfuzz::Session::finish$")
    take("10   custom mutator (LLVMFuzzerCustomMutator)", "^LLVMFuzzerCustomMutator$")
    take("11   custom cross-over (LLVMFuzzerCustomCrossOver)", "^LLVMFuzzerCustomCrossOver$")
    take("12   libFuzzer collecting features", "^fuzzer::TracePC::CollectFeatures")
    take("13   libFuzzer writing the inputs it keeps", "^fuzzer::WriteToFile$")
    add("15   libFuzzer keeping its corpus (distribution, replacements, rereads)",
        "^(fuzzer::InputCorpus::UpdateCorpusDistribution|fuzzer::InputCorpus::Replace|fuzzer::Fuzzer::RereadOutputCorpus)$")
    keep("callback", "^fuzzer::Fuzzer::ExecuteCallback$")
    keep("loop", "^fuzzer::Fuzzer::Loop$")
    # A group in flight runs on fibers (harness/scenario/executor.cc), whose stacks perf unwinds
    # only to their entry: those samples belong to the run, though not under LLVMFuzzerTestOneInput.
    keep("fibers", "^ksfuzz::\\(anonymous namespace\\)::trampoline$")
    take("17 anywhere: libFuzzer leak-check re-runs (the input again, and the leak scan)", "^fuzzer::Fuzzer::TryDetectingAMemoryLeak$")
    take("18 anywhere: RapidCheck generation", "^rc::gen::detail::ExecHandler::onGenerate$")
    take("19 anywhere: decoding scenarios", "^ksfuzz::decode_scenario_into$")
    take("20 anywhere: encoding scenarios", "^ksfuzz::encode_scenario_into$")
    take("21 anywhere: AddressSanitizer allocate", "^__asan::Allocator::Allocate$")
    add_self("22 anywhere: AddressSanitizer range checks of memcpy and kin (own samples)", "^(__sanitizer::mem_is_zero|__asan::QuickCheckForUnpoisonedRegion|__asan_region_is_poisoned|__asan::ShadowSegmentEndpoint::ShadowSegmentEndpoint)$")
    take("23 anywhere: AddressSanitizer leak checks", "^__lsan::CheckForLeaksCallback$")
  }
  END {
    if (!(RUN in best)) { print "scripts/profile.sh: perf report gave no samples" > "/dev/stderr"; exit 1 }
    # A run without groups in flight has no fibers; libFuzzer always has its Loop and its callback.
    for (k in raw)
      if (!raw[k] && k != "fibers") print "scripts/profile.sh: no samples under the " k " frame; its lines are left out" > "/dev/stderr"
    # libFuzzer calls the target from its ExecuteCallback; the rest of that is its own.
    if (raw["callback"]) best["14   libFuzzer around the call (copying the input, clearing counters, checks)"] = raw["callback"] - best[RUN]
    best[RUN] += raw["fibers"]
    best[GROUP] += raw["fibers"]
    # What the run leaves: the mutation and the work of libFuzzer itself on each iteration.
    best[OUT] = 100 - best[RUN]
    # Neither under the Loop of libFuzzer nor on a fiber: start-up, exit, stacks perf could not unwind.
    if (raw["loop"]) best["16   not under the Loop of libFuzzer (start-up, exit, stacks perf could not unwind)"] = 100 - raw["loop"] - raw["fibers"]
    for (k in best) printf "%s\t%5.1f%%\t%5.1f us\n", k, best[k], best[k] * us / 100
  }' | sort -n | sed 's/^[0-9]* //' | column -t -s "$(printf '\t')"
echo "recording: $data (perf report -i $data)"
