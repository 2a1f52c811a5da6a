// harness/cli/run_flags.h — the options of the commands that run scenarios: --impl, --contract.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "harness/scenario/runner.h"

namespace ksfuzz::cli {

/// `--impl NAME` (default $KSFUZZ_IMPL, else reference) and `--contract` (also KSFUZZ_CONTRACT=1).
struct RunFlags {
  std::string impl;
  bool contract = contract_mode_from_environment();

  /// If args[i] is one of these options, takes it (and its value, advancing i) and returns true;
  /// a missing value sets `error`. Otherwise returns false and leaves everything as it was.
  bool take(std::span<const std::string_view> args, std::size_t& i, std::string& error);
  /// The selected implementation with the mode, or impl == nullptr after printing why (an
  /// unknown name, with the known ones) to stderr.
  RunOptions options() const;
};

}  // namespace ksfuzz::cli
