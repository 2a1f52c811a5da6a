// harness/scenario/observation.h — what the runner saw of one op: the system under test's side.
// The runner fills it without looking at the model; the oracle compares it with the model.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "harness/scenario/finding_kind.h"

namespace ksfuzz {

/// One create item after an op, as read from the emulated kernel. `bytes` points into the live
/// memory the item points at and is valid only until the next op runs.
struct ItemObservation {
  enum class Where : std::uint8_t { kNull, kLivePool, kFreedPool, kStatic };
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

/// A violation the emulated kernel recorded, or one the runner read off the ledger.
struct ViolationObservation {
  FindingKind kind;
  std::uint32_t bugcheck = 0;
  std::uint64_t subcode = 0;  ///< Parameter 1
  std::uint32_t block = 0;
  std::uint32_t event = 0;    ///< the verifier's clock
  std::string holders;        ///< freed-while-shared/-held: the holders left pointing at the block
};

/// Everything the runner observed of one op (or of setup, or of teardown).
struct Observation {
  bool sent = true;                ///< false: the I/O manager did not send the IRP
  std::uint32_t returned = 0;      ///< what the dispatch routine returned
  std::uint32_t completions = 0;   ///< IoCompleteRequest calls
  std::uint32_t io_status = 0;     ///< IoStatus.Status at completion
  std::uint64_t information = 0;   ///< IoStatus.Information at completion
  std::vector<std::uint8_t> buffer;  ///< QuerySecurity: the caller's whole buffer afterwards
  /// Descriptor-carrying pool blocks (not the stand-in driver's file bookkeeping) the op freed,
  /// and allocated and left live, in event order, read from the ledger's event log.
  std::vector<std::uint32_t> freed;
  std::vector<std::uint32_t> allocated;
  std::vector<ViolationObservation> violations;
  std::vector<ItemObservation> items;  ///< every create item of the scenario, in order
};

}  // namespace ksfuzz
