// model/world.h — the kernel-streaming world as values: create items, their descriptor slots,
// open files, abstract pool blocks. The ops a scenario sends, and their step(), are under model/ops/.
#pragma once

#include <cstdint>
#include <optional>
#include <ostream>
#include <string_view>
#include <utility>
#include <vector>

#include "model/sd/security_descriptor.h"
#include "model/status.h"

namespace model {

/// How a create item holds its descriptor (DESIGN.md, "The world a scenario describes").
enum class SlotKind : std::uint8_t {
  kNone,     ///< SecurityDescriptor is NULL
  kOwned,    ///< its own pool block
  kShared,   ///< the same pointer as an earlier item (what an item copy produces)
  kStatic,   ///< memory that is not pool
  kDefault,  ///< made by an assign-security path: PagedPool, the kernel's SD tag
};
inline constexpr int kSlotKinds = 5;
std::string_view slot_kind_name(SlotKind k);  ///< "none", "owned", "shared", "static", "default"

enum class PoolKind : std::uint8_t { kNonPaged = 0, kPaged = 1 };

/// KSCREATE_ITEM_SECURITYCHANGED, the flag a successful replacement sets (K2).
inline constexpr std::uint32_t kItemSecurityChanged = 0x1;

/// An abstract pool block: 0 is "no block".
using BlockId = std::uint32_t;

struct Item {
  SlotKind kind = SlotKind::kNone;
  std::uint8_t shares_with = 0;  ///< kShared: the item whose block this one points at
  PoolKind pool = PoolKind::kNonPaged;
  std::uint32_t tag = 0;         ///< kOwned: the block's pool tag
  std::optional<SecurityDescriptor> descriptor;  ///< none for kNone
  std::uint32_t flags = 0;
  BlockId block = 0;       ///< the pool block the item points at (0: none or static)
  bool dangling = false;   ///< points at a block another holder freed (contract mode only)

  /// Owned and default slots hold their own pool block, which teardown frees.
  bool owns_block() const { return kind == SlotKind::kOwned || kind == SlotKind::kDefault; }
  /// Owned, static and default slots carry a descriptor of their own (shared ones their target's).
  bool has_own_descriptor() const { return owns_block() || kind == SlotKind::kStatic; }
  /// Shared and static slots break the KsDispatchSetSecurity contract (contract mode only).
  bool breaks_contract() const { return kind == SlotKind::kShared || kind == SlotKind::kStatic; }
  /// As default-constructed, except that a descriptor there stays (its storage reused when it is
  /// decoded over): for filling an item in place.
  /// Member by member, every one but `descriptor` (a temporary Item{} would cost a descriptor's
  /// construction and two moves of it, kilobytes each, on every decode).
  void reset_keeping_descriptor() {
    kind = SlotKind::kNone;
    shares_with = 0;
    pool = PoolKind::kNonPaged;
    tag = 0;
    flags = 0;
    block = 0;
    dangling = false;
  }

  friend bool operator==(const Item&, const Item&) = default;
};

struct File {
  std::optional<std::uint8_t> item;  ///< none: IRPs on this file carry no create item
  bool open = true;  ///< false: a handle not opened yet (an Open op opens it) or closed

  friend bool operator==(const File&, const File&) = default;
};

/// What a contract-mode world predicts the ledger or AddressSanitizer will report.
enum class Violation : std::uint8_t {
  kNone,
  kFreedWhileShared,  ///< the routine freed a block another item still points at
  kBadFree,           ///< the routine freed memory the pool never handed out (a static)
  kUseAfterFree,      ///< an op reads a descriptor another holder already freed
};
std::string_view violation_name(Violation v);  ///< "freed-while-shared", "bad-free", ...

/// The expected result of one op.
struct Outcome {
  /// False when the IRP never reaches the driver: the file is closed, or the I/O manager's
  /// capture rejected the caller's descriptor (C1, status then kInvalidSecurityDescr).
  bool sent = true;
  Status status = Status::kSuccess;  ///< returned, and in IoStatus.Status
  std::uint64_t information = 0;     ///< IoStatus.Information
  /// QuerySecurity success: the buffer's first bytes (a SmallVector: its heap block, when it
  /// needs one, is kept for the next, model/sd/block_cache.h).
  SmallVector<std::uint8_t, 16> query_bytes;
  BlockId freed = 0;      ///< the block the op frees (0: none)
  BlockId allocated = 0;  ///< the block the op leaves allocated (0: none)
  Violation violation = Violation::kNone;

  friend bool operator==(const Outcome&, const Outcome&) = default;
};

/// Initial conditions and running state.
struct World {
  /// The static an item points at: its own, or (a copy) its target's. False for pool and none.
  bool points_at_static(const Item& item) const {
    return item.kind == SlotKind::kStatic ||
           (item.kind == SlotKind::kShared && items[item.shares_with].kind == SlotKind::kStatic);
  }

  std::vector<Item> items;
  std::vector<File> files;
  bool hostile = false;  ///< C3: the driver sees the caller's bytes uncaptured
  /// Fault plan: fail this (1-based) pool allocation made by ops; 0 for none.
  std::uint32_t fail_allocation = 0;
  std::uint32_t allocations = 0;  ///< pool allocations ops have made so far
  BlockId next_block = 1;

  friend bool operator==(const World&, const World&) = default;
};

/// Gives every item that holds pool memory its initial block id (owned and default get a new
/// one, shared items their target's, static and none 0). Call once before the first step.
void assign_initial_blocks(World& world);

/// How many items point at `block` (none for block 0).
std::size_t holder_count(const World& world, BlockId block);

/// The outcome of an op on a file that is not open: the I/O manager has no handle to send it on.
Outcome not_sent();

/// Counts one pool allocation an op makes against the fault plan; true if it must fail (S12).
bool allocation_fails(World& world);

// Each op kind is a value with its own step(), one file each under model/ops/.

std::ostream& operator<<(std::ostream& os, const Outcome& o);

}  // namespace model
