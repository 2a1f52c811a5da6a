// harness/scenario/oracle.h — the model's side: step the model by each op and compare what it
// expects with what the runner observed.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
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
  Oracle(const model::World& initial, const Observation& setup);

  /// Steps the model by `op` and compares its outcome with `seen`.
  std::optional<Finding> check(const Op& op, const Observation& seen);
  /// Compares an outcome stepped elsewhere — the stateful test keeps the model itself — with
  /// `seen`; `after` is the model's world after the op.
  std::optional<Finding> compare(const Op& op, const model::Outcome& want, const model::World& after,
                                 const Observation& seen);
  /// Teardown: any violation is a finding.
  std::optional<Finding> check_teardown(const Observation& seen);

  const model::World& world() const { return world_; }
  /// The outcome of the last op check() stepped.
  const model::Outcome& last() const { return last_; }

 private:
  std::uint32_t ledger_block(model::BlockId b) const { return b < ledger_of_.size() ? ledger_of_[b] : 0; }

  model::World world_;
  model::Outcome last_;
  std::vector<std::uint32_t> ledger_of_;  ///< model BlockId -> ledger block id; grows, never caps
  std::array<std::vector<std::uint8_t>, kMaxItems> item_bytes_;  ///< encode() of each item's descriptor
};

}  // namespace ksfuzz
