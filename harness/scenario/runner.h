// harness/scenario/runner.h — the system under test's side: materialize a world in the emulated
// kernel, send ops through KsDispatchIrp to an implementation, and record what happened. The
// runner never steps the model; the oracle (harness/scenario/oracle.h) does, and compares.
#pragma once

#include <optional>
#include <span>
#include <string_view>

#include <ks.h>

#include "harness/scenario/finding.h"
#include "harness/scenario/observation.h"
#include "harness/scenario/scenario.h"

struct _KSFUZZ_IMPL;
struct _KSFUZZ_DRIVER;

namespace ksfuzz {

/// True when the environment asks for contract mode: KSFUZZ_CONTRACT=1.
bool contract_mode_from_environment();

struct RunOptions {
  const struct _KSFUZZ_IMPL* impl = nullptr;  ///< required
  /// Contract mode: shared and static slots are kept, and breaking the contract is a finding.
  /// Otherwise they are made owned first (make_within_contract).
  bool contract = false;
  /// Do not stop at the first finding the oracle makes where the model predicted the broken
  /// contract: let the scenario run on, with the ledger aborting at teardown, so AddressSanitizer
  /// reports the use-after-free or the double free itself. For demonstrations and death tests.
  bool let_sanitizers_report = false;
  /// When not -1, every finding's signature is written here as one line, the sanitizers' too
  /// (which end the process): how `minimize` and the mutant test learn what a child found.
  int signature_fd = -1;
  /// The driver whose Setup builds the create items (ksfuzz/driver.h); nullptr: the built-in
  /// "scenario", which builds the world the scenario describes.
  const struct _KSFUZZ_DRIVER* driver = nullptr;
};

/// One scenario in progress, op by op, in the emulated kernel: what the stateful RapidCheck test
/// drives as its system. At most one Session exists at a time (the emulated kernel is one).
class Session {
 public:
  /// Runs the driver's Setup (the "scenario" driver builds `world`: in contract mode as given,
  /// else make_within_contract), reads the world it built back, and opens `world`'s files on it.
  Session(const model::World& world, const RunOptions& options);
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  /// What setup left: each item's descriptor, and any violation; a setup-failed finding when the
  /// emulated kernel could not build the world.
  const Observation& setup() const;
  /// The world as the driver's setup built it, read off the device header and the pool ledger:
  /// what the oracle's model starts from.
  const model::World& built_world() const;
  std::optional<Finding> setup_error() const;
  /// The i-th create item of the driver's device header (i < built_world().items.size()); its
  /// Create and Context are the harness's until finish().
  const KSOBJECT_CREATE_ITEM* create_item(std::size_t i) const;
  /// Sends one op and records what happened. Valid until the next call.
  const Observation& send(const Op& op);
  /// Sends `ops` at the same time, each IRP in a context of its own, switched as `schedule` says;
  /// records what each IRP did (its pool effects and violations by the context they happened
  /// in) and, in `items`, the create items afterwards. Valid until the next call.
  std::span<const Observation> send_in_flight(std::span<const Op> ops, std::span<const ScheduleEntry> schedule);
  const std::vector<ItemObservation>& items() const;
  /// Teardown: closes the open files, gives the items back to the driver and runs its Teardown
  /// (which frees what it owns), then checks the pool for leaks. What it observed (violations
  /// only: a double free in the driver's teardown, a leak).
  const Observation& finish();
  /// Ends the session at a finding: names the implementation and the op, renders the pool
  /// history of the finding's blocks while the ledger holds it (and the timeline of the last
  /// group in flight, when `in_flight`), frees what is left live.
  void stop(Finding& f, std::string_view op, std::size_t op_index, const Group* in_flight = nullptr);

 private:
  struct State;
  State* state_;
};

/// The create items `options.driver`'s Setup builds, read back as every run reads them (a session
/// with no files, torn down at once), into `items`; the setup-failed finding when that fails.
std::optional<Finding> read_driver_items(const RunOptions& options, std::vector<model::Item>& items);

/// Gives `s` those items, and each of its files the item it opens on in a run with that driver
/// (item k mod the count, none without items): the same runs, with the driver's items in its text.
void put_on_driver_items(Scenario& s, const std::vector<model::Item>& items);

/// What a report of a finding in `s` run with `options` needs: the mode, the driver when not the
/// built-in one, the input's path.
ReportContext report_context(const Scenario& s, const RunOptions& options, std::string reproducer = {});

/// Runs `s`: a Session and an Oracle side by side, op by op, then teardown. Returns the first
/// finding, or nothing. Deterministic for a given scenario and implementation. Sanitizer errors
/// end the process with their own report, the ledger's history of the faulting address and the
/// ksfuzz frame naming the op.
std::optional<Finding> run_scenario(const Scenario& s, const RunOptions& options);

}  // namespace ksfuzz
