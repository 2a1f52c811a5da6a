// harness/cli/run_flags.h — the options of the commands that run scenarios: --impl, --contract.
#pragma once

#include <string>
#include <vector>

#include "harness/cli/options.h"
#include "harness/scenario/runner.h"

namespace ksfuzz::cli {

/// `--impl NAME` (default $KSFUZZ_IMPL, else reference) and `--contract` (also KSFUZZ_CONTRACT=1).
struct RunFlags {
  std::string impl;
  bool contract = contract_mode_from_environment();

  /// Appends the rows of --impl and --contract, which set this, to a command's option table.
  void add_options(std::vector<Option>& table);
  /// The selected implementation with the mode, or impl == nullptr after printing why (an
  /// unknown name, with the known ones) to stderr.
  RunOptions options() const;
};

}  // namespace ksfuzz::cli
