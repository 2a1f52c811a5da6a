// fuzz/target.h — what every dispatch fuzz target shares: choosing the implementation and the
// mode from the environment or the command line, and stopping on a finding.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <cstring>

#include <ksfuzz/driver.h>
#include <ksfuzz/implementation.h>

#include "harness/scenario/codec.h"
#include "harness/scenario/finding.h"
#include "harness/scenario/runner.h"

namespace ksfuzz::fuzz {

/// Reads KSFUZZ_IMPL / --impl NAME and KSFUZZ_DRIVER / --driver NAME (both removed from argv,
/// so libFuzzer never sees them) and KSFUZZ_CONTRACT=1; exits with status 2 and the list of
/// known names on an unknown one.
inline RunOptions options_from(int* argc, char*** argv) {
  RunOptions o;
  o.impl = KsfuzzImplSelectFromArgs(argc, *argv, stderr);
  if (!o.impl) std::exit(2);
  o.driver = KsfuzzDriverSelectFromArgs(argc, *argv, stderr);
  if (!o.driver) std::exit(2);
  o.contract = contract_mode_from_environment();
  return o;
}

/// The last scenario decoded, shared by fuzz_dispatch's run, mutator and cross-over (codec.h);
/// KSFUZZ_DECODE_CACHE=never or check, read at its first use, changes its mode.
inline LastDecoded& last_decoded() {
  static LastDecoded last(LastDecoded::mode_from_environment());
  return last;
}

/// Prints the finding in the report shape and aborts, so libFuzzer saves the input.
[[noreturn]] inline void report_and_abort(const Finding& f, const Scenario& s, const RunOptions& options) {
  std::fflush(stdout);
  print_finding(stderr, f, report_context(s, options));
  std::abort();
}

}  // namespace ksfuzz::fuzz
