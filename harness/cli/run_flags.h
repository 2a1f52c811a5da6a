// harness/cli/run_flags.h — the options of the commands that run scenarios: --impl, --driver,
// --contract.
#pragma once

#include <string>
#include <vector>

#include "harness/cli/options.h"
#include "harness/scenario/runner.h"

namespace ksfuzz::cli {

/// `--impl NAME` (default $KSFUZZ_IMPL, else reference), `--driver NAME` (default $KSFUZZ_DRIVER,
/// else scenario) and `--contract` (also KSFUZZ_CONTRACT=1).
struct RunFlags {
  std::string impl;
  std::string driver;
  bool contract = contract_mode_from_environment();

  /// Appends the rows of --impl, --driver and --contract, which set this, to a command's table.
  void add_options(std::vector<Option>& table);
  /// The selected implementation and driver with the mode, or impl == nullptr after printing
  /// why (an unknown name, with the known ones) to stderr.
  RunOptions options() const;
};

}  // namespace ksfuzz::cli
