// harness/cli/child.h — running a scenario in a forked child, so that a finding AddressSanitizer
// reports (and dies on) is learnt like any other: the runner writes the child's signature to a
// pipe of its own.
#pragma once

#include <string>

#include "harness/scenario/runner.h"

namespace ksfuzz::cli {

struct ChildRun {
  std::string signature;  ///< of the child's first finding, "" when it passed
  std::string stderr_text;  ///< what it printed to stderr, when asked for
};

/// Runs `s` with `options` in a child process; its stdout is dropped, its stderr kept when
/// `keep_stderr`, else dropped.
ChildRun run_in_child(const Scenario& s, RunOptions options, bool keep_stderr = false);

}  // namespace ksfuzz::cli
