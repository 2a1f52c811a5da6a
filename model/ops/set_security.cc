// model/ops/set_security.cc — the expected effect of IRP_MJ_SET_SECURITY (K1-K3, C1-C3, S0-S14).
#include "model/ops/set_security.h"

#include <cstdint>
#include <cstring>
#include <span>
#include <vector>

#include "model/sd/codec.h"
#include "model/security_info.h"

namespace model {
namespace {

// The caller's descriptor decoded, or nullptr when it does not decode. A step's input is most
// often one a recent step decoded (a fuzzer changes a scenario a little at a time), so recent
// ones stay decoded: 64 slots, one per hash of the bytes, the last input of that hash in each.
// Decoding is a function of the bytes alone (decode_into over kept storage decodes as afresh:
// SdProperties.DecodeIntoAnotherIsADecodeAfresh).
const SecurityDescriptor* decoded(std::span<const std::uint8_t> bytes) {
  struct Slot {
    bool filled = false;
    bool decodes = false;
    std::vector<std::uint8_t> bytes;
    SecurityDescriptor sd;
  };
  constexpr std::size_t kSlots = 64;
  thread_local std::vector<Slot> slots(kSlots);
  // FNV-1a over 8-byte words, then the tail: a word a load (a byte a load costs as much, each
  // checked by AddressSanitizer, as the decode this saves).
  const std::size_t n = bytes.size();
  std::uint64_t hash = 14695981039346656037ull ^ n;
  std::size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    std::uint64_t word;
    std::memcpy(&word, bytes.data() + i, 8);
    hash = (hash ^ word) * 1099511628211ull;
    hash ^= hash >> 32;
  }
  for (; i < n; ++i) hash = (hash ^ bytes[i]) * 1099511628211ull;
  Slot& slot = slots[hash % kSlots];
  if (!slot.filled || slot.bytes.size() != n || (n && std::memcmp(slot.bytes.data(), bytes.data(), n) != 0)) {
    slot.bytes.assign(bytes.begin(), bytes.end());
    slot.decodes = !decode_into(bytes, slot.sd);
    slot.filled = true;
  }
  return slot.decodes ? &slot.sd : nullptr;
}

}  // namespace

Outcome step(World& world, const SetSecurity& op) {
  const File& file = world.files[op.file];
  if (!file.open) return not_sent();
  Outcome o;
  const SecurityDescriptor* input = decoded(op.input);
  if (!input) {  // C1: the I/O manager never sends it, captured or hostile (C3)
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
  SetResult merged = set_security_info(*item->descriptor, op.info, *input);
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
