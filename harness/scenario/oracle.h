// harness/scenario/oracle.h — the model's side: step the model by each op and compare what it
// expects with what the runner observed.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "harness/scenario/finding.h"
#include "harness/scenario/observation.h"
#include "harness/scenario/scenario.h"
#include "model/world.h"

namespace ksfuzz {

class Oracle {
 public:
  /// `initial`: the world as the session built it (after make_within_contract where that applies);
  /// `setup`: what the session observed of it, which ties the model's blocks to the ledger's.
  Oracle() = default;
  Oracle(const model::World& initial, const Observation& setup) { reset(initial, setup); }
  /// As constructed from these, keeping the storage of the world and the expected bytes.
  void reset(const model::World& initial, const Observation& setup);

  /// Steps the model by `op` and compares its outcome with `seen`.
  std::optional<Finding> check(const Op& op, const Observation& seen);
  /// Compares an outcome stepped elsewhere — the stateful test keeps the model itself — with
  /// `seen`; `after` is the model's world after the op.
  std::optional<Finding> compare(const Op& op, const model::Outcome& want, const model::World& after,
                                 const Observation& seen);
  /// A group of ops in flight at the same time (`seen[k]` what op k's IRP did, its pool effects
  /// and violations; `items` the create items afterwards): passes when the observations equal
  /// the model's for some serial order of the group, and the model then takes that order. Else
  /// the finding of the order that matched longest, with the orders tried. `op_index[k]`, the
  /// op's index in the scenario, goes into the finding.
  std::optional<Finding> check_group(std::span<const Op> ops, std::span<const Observation> seen,
                                     const std::vector<ItemObservation>& items, std::size_t& op_index);
  /// Setup or teardown (`when`: "at setup", "at teardown"): any violation is a finding.
  std::optional<Finding> check_teardown(const Observation& seen, const char* when = "at teardown");

  const model::World& world() const { return world_; }
  /// The outcome of the last op check() stepped.
  const model::Outcome& last() const { return last_; }

 private:
  /// What ties the model to the ledger, copied for each order a group is tried in.
  struct Binding {
    std::vector<std::uint32_t> ledger_of;  ///< model BlockId -> ledger block id; grows, never caps
    std::array<std::vector<std::uint8_t>, kMaxItems> item_bytes;  ///< encode() of each item's descriptor
    std::uint32_t ledger_block(model::BlockId b) const { return b < ledger_of.size() ? ledger_of[b] : 0; }
  };
  /// One IRP: status, Information, completion, pool effects, the op kind's own check.
  static std::optional<Finding> compare_irp(const Op& op, const model::Outcome& want, const model::World& after,
                                            const Observation& seen, Binding& b);
  /// The op kind's own check (the query buffer), after everything else.
  static std::optional<Finding> check_op(const Op& op, const model::Outcome& want, const Observation& seen);
  /// The create items after the op (or group).
  static std::optional<Finding> compare_items(const model::World& after, const Binding& b,
                                              const std::vector<ItemObservation>& items);

  model::World world_;
  model::Outcome last_;
  Binding binding_;
  /// check_group's copies for the order it tries, kept so that their storage is reused; the
  /// order that matches is copied back.
  model::World trial_world_;
  Binding trial_binding_;
};

}  // namespace ksfuzz
