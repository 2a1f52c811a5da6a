// model/world.cc — step(): the expected effect of SetSecurity, QuerySecurity and Close.
//
// Rows of docs/SEMANTICS.md: K1-K5 for the dispatch routines, C1-C3 for capture, S0-S14 and
// Q0-Q4 through model/security_info.
#include "model/world.h"

#include <iomanip>

#include "model/sd/codec.h"
#include "model/security_info.h"

namespace model {

std::string_view slot_kind_name(SlotKind k) {
  static constexpr std::string_view kNames[] = {"none", "owned", "shared", "static", "default"};
  return kNames[static_cast<int>(k)];
}

std::string_view op_name(const Op& op) {
  static constexpr std::string_view kNames[] = {"SetSecurity", "QuerySecurity", "Close"};
  return kNames[op.index()];
}

std::uint8_t op_file(const Op& op) {
  return std::visit([](const auto& o) { return o.file; }, op);
}

std::string_view violation_name(Violation v) {
  static constexpr std::string_view kNames[] = {"none", "freed-while-shared", "bad-free",
                                                "use-after-free"};
  return kNames[static_cast<int>(v)];
}

void assign_initial_blocks(World& world) {
  for (auto& item : world.items) {
    switch (item.kind) {
      case SlotKind::kOwned:
      case SlotKind::kDefault:
        item.block = world.next_block++;
        break;
      case SlotKind::kShared:
        item.block = world.items[item.shares_with].block;
        break;
      case SlotKind::kNone:
      case SlotKind::kStatic:
        item.block = 0;
        break;
    }
  }
}

std::vector<std::uint8_t> holders_of(const World& world, BlockId block) {
  std::vector<std::uint8_t> out;
  if (block == 0) return out;
  for (std::size_t i = 0; i < world.items.size(); ++i)
    if (world.items[i].block == block) out.push_back(static_cast<std::uint8_t>(i));
  return out;
}

namespace {

// The create item an IRP on this file carries, or nullptr (K1).
Item* item_of(World& world, const File& file) {
  if (!file.item) return nullptr;
  return &world.items[*file.item];
}

Outcome no_security() {
  Outcome o;
  o.status = Status::kNoSecurityOnObject;
  return o;
}

Outcome step_set(World& world, const SetSecurity& op) {
  Outcome o;
  auto input = decode(op.input);
  if (!input) {  // C1: the I/O manager never sends it, captured or hostile (C3)
    o.sent = false;
    o.status = Status::kInvalidSecurityDescr;
    return o;
  }
  Item* item = item_of(world, world.files[op.file]);
  if (!item || item->kind == SlotKind::kNone) return no_security();
  if (item->dangling) o.violation = Violation::kUseAfterFree;
  const SecurityDescriptor& old = *item->descriptor;
  SetResult merged = set_security_info(old, op.info, *input);
  if (merged.status != Status::kSuccess) {
    o.status = merged.status;
    return o;
  }
  if (++world.allocations == world.fail_allocation) {  // S12
    o.status = Status::kInsufficientResources;
    return o;
  }
  // K2: the new block belongs to the item, the old one is freed.
  BlockId old_block = item->block;
  if (o.violation == Violation::kNone) {
    // The old descriptor is a static: the item's own, or a static it shares through a copy.
    bool old_is_static = item->kind == SlotKind::kStatic ||
                         (item->kind == SlotKind::kShared && world.items[item->shares_with].kind == SlotKind::kStatic);
    if (old_is_static) o.violation = Violation::kBadFree;
    else if (holders_of(world, old_block).size() > 1) o.violation = Violation::kFreedWhileShared;
  }
  o.freed = old_block;
  o.allocated = world.next_block++;
  for (auto& other : world.items)
    if (&other != item && old_block != 0 && other.block == old_block) other.dangling = true;
  item->kind = SlotKind::kOwned;
  item->pool = PoolKind::kNonPaged;
  item->tag = 0x64536553;  // 'SeSd' (S14), as the pool stores it
  item->descriptor = std::move(merged.result);
  item->block = o.allocated;
  item->dangling = false;
  item->flags |= kItemSecurityChanged;
  return o;
}

Outcome step_query(World& world, const QuerySecurity& op) {
  Item* item = item_of(world, world.files[op.file]);
  if (!item || item->kind == SlotKind::kNone) return no_security();
  Outcome o;
  if (item->dangling) o.violation = Violation::kUseAfterFree;
  QueryResult q = query_security_info(*item->descriptor, op.info, op.length);
  o.status = q.status;
  o.information = q.required_length;  // K4: Information is Length after the call
  o.query_bytes = std::move(q.bytes);
  return o;
}

}  // namespace

Outcome step(World& world, const Op& op) {
  File& file = world.files[op_file(op)];
  if (!file.open) {
    Outcome o;
    o.sent = false;
    return o;
  }
  if (const auto* set = std::get_if<SetSecurity>(&op)) return step_set(world, *set);
  if (const auto* query = std::get_if<QuerySecurity>(&op)) return step_query(world, *query);
  file.open = false;
  return Outcome{};
}

std::vector<BlockId> teardown_frees(const World& world) {
  std::vector<BlockId> out;
  for (const auto& item : world.items)
    if (item.kind == SlotKind::kOwned || item.kind == SlotKind::kDefault) out.push_back(item.block);
  return out;
}

std::ostream& operator<<(std::ostream& os, const Outcome& o) {
  if (!o.sent) return os << "not sent (" << o.status << ")";
  os << o.status << ", Information " << o.information;
  if (o.freed) os << ", frees block " << o.freed;
  if (o.allocated) os << ", allocates block " << o.allocated;
  if (!o.query_bytes.empty()) os << ", writes " << o.query_bytes.size() << " bytes";
  if (o.violation != Violation::kNone) os << ", violation " << violation_name(o.violation);
  return os;
}

}  // namespace model
