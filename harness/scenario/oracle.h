// harness/scenario/oracle.h — what the runner saw of one op, and the comparison with the model.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <cstddef>
#include <vector>

#include "harness/scenario/finding.h"
#include "model/world.h"

namespace ksfuzz {

/// One create item after an op, as read from the emulated kernel. `bytes` points into the live
/// memory the item points at and is valid only until the next op runs.
struct ItemObservation {
  enum class Where : std::uint8_t { kNull, kLivePool, kFreedPool, kStatic, kNotPool };
  Where where = Where::kNull;
  std::uint32_t block = 0;  ///< ledger block id it points at, 0 when not pool
  const std::uint8_t* bytes = nullptr;  ///< readable contents (a live pool block or the static)
  std::size_t size = 0;                 ///< the block's size, or what is left of the static
  std::uint32_t flags = 0;

  bool has_descriptor() const { return where != Where::kNull; }
  bool readable() const { return bytes != nullptr; }
  /// "pool block #3", "freed pool block #2", "the static", ... for reports.
  std::string describe() const;
};

/// A ledger violation, reduced to what the oracle and the report need.
struct ViolationObservation {
  std::string kind;         ///< KsfuzzViolationKindName
  std::uint32_t bugcheck = 0;
  std::uint64_t subcode = 0;  ///< Parameter 1
  std::uint32_t block = 0;
  std::string holders;  ///< freed-while-shared: the holders left pointing at the block
};

/// Everything the runner observed of one op.
struct Observation {
  bool sent = true;
  std::uint32_t returned = 0;      ///< what the dispatch routine returned
  std::uint32_t completions = 0;   ///< IoCompleteRequest calls
  std::uint32_t io_status = 0;     ///< IoStatus.Status at completion
  std::uint64_t information = 0;   ///< IoStatus.Information at completion
  std::vector<std::uint8_t> buffer;  ///< QuerySecurity: the caller's whole buffer afterwards
  std::vector<std::uint32_t> freed;      ///< ledger blocks freed during the op
  std::vector<std::uint32_t> allocated;  ///< ledger blocks allocated during the op, still live
  std::vector<ViolationObservation> violations;
  std::vector<ItemObservation> items;
};

/// What the model expects, in the ledger's terms.
struct Expectation {
  model::Outcome outcome;
  const model::World* world = nullptr;  ///< after the op
  /// encode() of each item's descriptor in `world` (empty for none), kept by the runner so no op
  /// re-encodes descriptors that did not change.
  const std::vector<std::uint8_t>* item_bytes = nullptr;
  std::uint32_t freed_block = 0;        ///< ledger id of outcome.freed, 0 if none or not pool
};

/// The first way `seen` departs from `expected`, or nothing. Fills kind, what, rows and blocks;
/// the caller fills impl, op and op_index.
std::optional<Finding> compare(const Expectation& expected, const Observation& seen,
                               const model::Op& op);

}  // namespace ksfuzz
