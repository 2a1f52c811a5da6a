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

std::ostream& operator<<(std::ostream& os, const Scenario& s) { return os << print_scenario(s); }
void showValue(const Scenario& s, std::ostream& os) { os << s; }

}  // namespace ksfuzz
