// model/ops/set_security.cc — the expected effect of IRP_MJ_SET_SECURITY (K1-K3, C1-C3, S0-S14).
#include "model/ops/set_security.h"

#include "model/sd/codec.h"
#include "model/security_info.h"

namespace model {

Outcome step(World& world, const SetSecurity& op) {
  const File& file = world.files[op.file];
  if (!file.open) return not_sent();
  Outcome o;
  // Decoded over the last op's: its storage is reused (a step makes no descriptor of its own).
  thread_local SecurityDescriptor input;
  if (decode_into(op.input, input)) {  // C1: the I/O manager never sends it, captured or hostile (C3)
    o.sent = false;
    o.status = Status::kInvalidSecurityDescr;
    return o;
  }
  Item* item = file.item ? &world.items[*file.item] : nullptr;
  if (!item || item->kind == SlotKind::kNone) {  // K1
    o.status = Status::kNoSecurityOnObject;
    return o;
  }
  if (item->dangling) o.violation = Violation::kUseAfterFree;
  SetResult merged = set_security_info(*item->descriptor, op.info, input);
  if (merged.status != Status::kSuccess) {
    o.status = merged.status;
    return o;
  }
  if (allocation_fails(world)) {  // S12
    o.status = Status::kInsufficientResources;
    return o;
  }
  // K2: the new block belongs to the item, the old one is freed.
  BlockId old_block = item->block;
  if (o.violation == Violation::kNone) {
    if (world.points_at_static(*item)) o.violation = Violation::kBadFree;
    else if (holder_count(world, old_block) > 1) o.violation = Violation::kFreedWhileShared;
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

}  // namespace model
