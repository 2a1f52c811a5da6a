// harness/scenario/runner.h — run a Scenario through the model and an implementation side by side.
#pragma once

#include <optional>

#include "harness/scenario/finding.h"
#include "harness/scenario/scenario.h"

struct _KSFUZZ_IMPL;

namespace ksfuzz {

struct RunOptions {
  const struct _KSFUZZ_IMPL* impl = nullptr;  ///< required
  /// Contract mode: shared and static slots are kept, and breaking the contract is a finding.
  /// Otherwise they are made owned first (within_contract).
  bool contract = false;
  /// Do not stop at the first finding the oracle makes in contract mode: let the scenario run on,
  /// with the ledger aborting at teardown, so AddressSanitizer reports the use-after-free or the
  /// double free itself. For demonstrations and death tests.
  bool let_sanitizers_report = false;
};

/// Runs `s`: materializes the world in the emulated kernel, sends each op through KsDispatchIrp
/// to the implementation, compares every observation with model::step, tears down and checks
/// the pool. Returns the first finding, or nothing. Deterministic for a given scenario and
/// implementation. Sanitizer errors abort the process with their own report, preceded by the
/// ledger's history and followed by a `SUMMARY: ksfuzz:` line naming the op.
std::optional<Finding> run_scenario(const Scenario& s, const RunOptions& options);

}  // namespace ksfuzz
