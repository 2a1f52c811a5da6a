// model/world.cc — the world's names, its initial blocks and what every op's step() shares.
#include "model/world.h"

#include <algorithm>
#include <iomanip>


namespace model {

std::string_view slot_kind_name(SlotKind k) {
  static constexpr std::string_view kNames[] = {"none", "owned", "shared", "static", "default"};
  return kNames[static_cast<int>(k)];
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

std::size_t holder_count(const World& world, BlockId block) {
  if (block == 0) return 0;
  return static_cast<std::size_t>(
      std::count_if(world.items.begin(), world.items.end(), [block](const Item& item) { return item.block == block; }));
}

Outcome not_sent() {
  Outcome o;
  o.sent = false;
  return o;
}

bool allocation_fails(World& world) { return ++world.allocations == world.fail_allocation; }

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
