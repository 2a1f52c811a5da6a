// harness/scenario/runner.h — run a Scenario through the model and an implementation side by side.
#pragma once

#include <optional>

#include "harness/scenario/finding.h"
#include "harness/scenario/scenario.h"
#include "model/world.h"

struct _KSFUZZ_IMPL;

namespace ksfuzz {

/// True when the environment asks for contract mode: KSFUZZ_CONTRACT=1.
bool contract_mode_from_environment();

struct RunOptions {
  const struct _KSFUZZ_IMPL* impl = nullptr;  ///< required
  /// Contract mode: shared and static slots are kept, and breaking the contract is a finding.
  /// Otherwise they are made owned first (make_within_contract).
  bool contract = false;
  /// Do not stop at the first finding the oracle makes in contract mode: let the scenario run on,
  /// with the ledger aborting at teardown, so AddressSanitizer reports the use-after-free or the
  /// double free itself. For demonstrations and death tests.
  bool let_sanitizers_report = false;
};

/// One scenario in progress, op by op: the runner's unit, and what the stateful RapidCheck test
/// drives. At most one Session exists at a time (the emulated kernel is one).
class Session {
 public:
  /// Materializes `world` (in contract mode as given, else make_within_contract) in the emulated kernel.
  Session(const model::World& world, const RunOptions& options);
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  /// Sends one op and compares it with model::step; a finding stops the session.
  std::optional<Finding> send(const model::Op& op);
  /// Closes the files, frees each item's descriptor as its ownership says, checks the pool.
  std::optional<Finding> finish();
  /// The model's world as it stands after the ops sent so far.
  const model::World& world() const;

 private:
  struct State;
  State* state_;
};

/// Runs `s`: materializes the world in the emulated kernel, sends each op through KsDispatchIrp
/// to the implementation, compares every observation with model::step, tears down and checks
/// the pool. Returns the first finding, or nothing. Deterministic for a given scenario and
/// implementation. Sanitizer errors abort the process with their own report, followed by
/// the ledger's history of the faulting address and a `SUMMARY: ksfuzz:` line
/// naming the op.
std::optional<Finding> run_scenario(const Scenario& s, const RunOptions& options);

}  // namespace ksfuzz
