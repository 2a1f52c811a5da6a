// model/world.h — the kernel-streaming world as values: create items, their descriptor slots,
// open files, abstract pool blocks, and the ops a scenario sends. `step` is the specification.
#pragma once

#include <cstdint>
#include <optional>
#include <ostream>
#include <string_view>
#include <variant>
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

  friend bool operator==(const Item&, const Item&) = default;
};

struct File {
  std::optional<std::uint8_t> item;  ///< none: IRPs on this file carry no create item
  bool open = true;

  friend bool operator==(const File&, const File&) = default;
};

/// SetSecurity{file, SecurityInformation, descriptor}: `input` is the caller's self-relative bytes.
struct SetSecurity {
  std::uint8_t file = 0;
  std::uint32_t info = 0;
  std::vector<std::uint8_t> input;
  friend bool operator==(const SetSecurity&, const SetSecurity&) = default;
};
/// QuerySecurity{file, SecurityInformation, buffer length}.
struct QuerySecurity {
  std::uint8_t file = 0;
  std::uint32_t info = 0;
  std::uint32_t length = 0;
  friend bool operator==(const QuerySecurity&, const QuerySecurity&) = default;
};
/// Close{file}.
struct Close {
  std::uint8_t file = 0;
  friend bool operator==(const Close&, const Close&) = default;
};
using Op = std::variant<SetSecurity, QuerySecurity, Close>;
std::string_view op_name(const Op& op);  ///< "SetSecurity", "QuerySecurity", "Close"
std::uint8_t op_file(const Op& op);

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
  std::vector<std::uint8_t> query_bytes;  ///< QuerySecurity success: the buffer's first bytes
  BlockId freed = 0;      ///< the block the op frees (0: none)
  BlockId allocated = 0;  ///< the block the op leaves allocated (0: none)
  Violation violation = Violation::kNone;

  friend bool operator==(const Outcome&, const Outcome&) = default;
};

/// Initial conditions and running state.
struct World {
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

/// The items that point at `block`, in index order.
std::vector<std::uint8_t> holders_of(const World& world, BlockId block);

/// One op: changes `world` as the reference routine must, and returns what it must observe.
Outcome step(World& world, const Op& op);

/// The blocks teardown frees, one per owning item (owned, default; shared and static items do not
/// free), in item order; blocks already freed are listed too, since teardown frees them again.
std::vector<BlockId> teardown_frees(const World& world);

std::ostream& operator<<(std::ostream& os, const Outcome& o);

}  // namespace model
