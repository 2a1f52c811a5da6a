// harness/scenario/scenario.cc — contract predicates and printing of a Scenario.
#include "harness/scenario/scenario.h"

#include "harness/scenario/text.h"

namespace ksfuzz {

bool breaks_contract(const Scenario& s) {
  for (const auto& item : s.world.items)
    if (item.breaks_contract()) return true;
  return false;
}

void make_within_contract(model::World& world) {
  for (auto& item : world.items) {
    if (!item.breaks_contract()) continue;
    item.kind = model::SlotKind::kOwned;
    item.shares_with = 0;
    item.pool = model::PoolKind::kNonPaged;
    item.tag = 0;
  }
}

void erase_op(Scenario& s, std::size_t i) {
  s.ops.erase(s.ops.begin() + static_cast<std::ptrdiff_t>(i));
  std::vector<Group> kept;
  for (Group g : s.groups) {
    if (i < g.first) --g.first;
    else if (i < g.end()) --g.count;
    if (g.count >= 2) kept.push_back(std::move(g));
  }
  s.groups = std::move(kept);
}

std::ostream& operator<<(std::ostream& os, const Scenario& s) { return os << print_scenario(s); }
void showValue(const Scenario& s, std::ostream& os) { os << s; }

}  // namespace ksfuzz
