// harness/scenario/shrink.cc — candidates one step simpler than a scenario, and the greedy loop.
#include "harness/scenario/shrink.h"

#include <bit>

#include "harness/scenario/codec.h"
#include "model/sd/codec.h"

namespace ksfuzz {
namespace {

Scenario canonical(const Scenario& s) { return decode_scenario(encode_scenario(s)); }

}  // namespace

std::vector<model::SecurityDescriptor> simpler_descriptors(const model::SecurityDescriptor& sd) {
  std::vector<model::SecurityDescriptor> out;
  auto with = [&](auto edit) {
    model::SecurityDescriptor c = sd;
    edit(c);
    if (!(c == sd)) out.push_back(std::move(c));
  };
  namespace ctl = model::control;
  with([](auto& c) { c.sacl.reset(), c.control &= ~ctl::kSaclPresent; });
  with([](auto& c) { c.dacl.reset(), c.control &= ~ctl::kDaclPresent; });
  with([](auto& c) { c.owner.reset(); });
  with([](auto& c) { c.group.reset(); });
  with([](auto& c) { c.sbz1 = 0; });
  with([](auto& c) { c.control &= ctl::kSelfRelative | ctl::kDaclPresent | ctl::kSaclPresent; });
  using AclMember = std::optional<model::Acl> model::SecurityDescriptor::*;
  for (AclMember which : {&model::SecurityDescriptor::dacl, &model::SecurityDescriptor::sacl}) {
    const auto& acl = sd.*which;
    if (!acl) continue;
    for (std::size_t i = acl->aces.size(); i-- > 0;)
      with([&](auto& c) { (c.*which)->aces.erase((c.*which)->aces.begin() + i); });
    with([&](auto& c) { (c.*which)->slack.clear(); });
    for (std::size_t i = 0; i < acl->aces.size(); ++i) {
      with([&](auto& c) { (c.*which)->aces[i].sid = model::Sid::make(1, {0}); });
      with([&](auto& c) { (c.*which)->aces[i].mask = 0; });
      with([&](auto& c) { (c.*which)->aces[i].flags = 0; });
      with([&](auto& c) { (c.*which)->aces[i].data.clear(); });
    }
  }
  with([](auto& c) { if (c.owner) c.owner = model::Sid::make(1, {0}); });
  with([](auto& c) { if (c.group) c.group = model::Sid::make(1, {0}); });
  return out;
}

namespace {

// Drops file f: ops on it go, later files move down one.
Scenario without_file(const Scenario& s, std::size_t f) {
  Scenario c = s;
  c.world.files.erase(c.world.files.begin() + f);
  for (std::size_t i = c.ops.size(); i-- > 0;) {
    auto file = op_file(c.ops[i]);
    if (file == f) erase_op(c, i);
    else if (file > f) std::visit([](auto& o) { --o.file; }, c.ops[i]);
  }
  return c;
}

// Drops item i: its files carry no item, items sharing it become none, later indices move down.
Scenario without_item(const Scenario& s, std::size_t i) {
  Scenario c = s;
  c.world.items.erase(c.world.items.begin() + i);
  for (auto& item : c.world.items) {
    if (item.kind != model::SlotKind::kShared) continue;
    if (item.shares_with == i) item = model::Item{};
    else if (item.shares_with > i) --item.shares_with;
  }
  for (auto& f : c.world.files) {
    if (!f.item) continue;
    if (*f.item == i) f.item.reset();
    else if (*f.item > i) f.item = static_cast<std::uint8_t>(*f.item - 1);
  }
  return c;
}

}  // namespace

// Set bits and non-trivial values count too: a candidate that clears SecurityInformation bits,
// a mask or a flag, or lowers a length, is simpler though it encodes to as many bytes.
std::size_t descriptor_weight(const model::SecurityDescriptor& sd) {
  std::size_t n = static_cast<std::size_t>(std::popcount(sd.control));
  for (const auto* acl : {&sd.dacl, &sd.sacl}) {
    if (!*acl) continue;
    n += 16 * (*acl)->aces.size();
    for (const auto& ace : (*acl)->aces)
      n += static_cast<std::size_t>(std::popcount(ace.mask) + std::popcount(ace.flags)) +
           (ace.sid == model::Sid::make(1, {0}) ? 0 : 2);
  }
  return n;
}

std::size_t scenario_complexity(const Scenario& s) {
  std::size_t n = encode_scenario(s).size() + 64 * s.ops.size() + 32 * (s.world.items.size() + s.world.files.size());
  for (const auto& item : s.world.items) {
    n += static_cast<std::size_t>(std::popcount(item.flags));
    if (item.descriptor) n += descriptor_weight(*item.descriptor);
  }
  for (const auto& op : s.ops) n += visit_op(op, [](const auto& o, auto traits) { return decltype(traits)::weight(o); });
  for (const auto& f : s.world.files) n += f.open ? 0 : 1;
  for (const auto& g : s.groups) {
    n += 16 + 8 * g.schedule.size();
    for (const auto& e : g.schedule) n += e.steps;
  }
  for (const auto& item : s.world.items) n += (item.tag ? 2 : 0) + (item.pool != model::PoolKind::kNonPaged ? 1 : 0);
  return n + (s.world.hostile ? 8 : 0) + (s.world.fail_allocation ? 8 : 0);
}

std::vector<Scenario> shrink_candidates(const Scenario& s) {
  std::vector<Scenario> out;
  auto add = [&](Scenario c) {
    c = canonical(c);
    if (scenario_complexity(c) < scenario_complexity(s)) out.push_back(std::move(c));
  };
  // Fewer ops in flight and fewer switches first: a group's ops one at a time, then its
  // schedule's entries dropped, then its steps lowered.
  for (std::size_t gi = 0; gi < s.groups.size(); ++gi) {
    Scenario c = s;
    c.groups.erase(c.groups.begin() + static_cast<std::ptrdiff_t>(gi));
    add(c);
    for (std::size_t e = s.groups[gi].schedule.size(); e-- > 0;) {
      Scenario d = s;
      d.groups[gi].schedule.erase(d.groups[gi].schedule.begin() + static_cast<std::ptrdiff_t>(e));
      add(d);
    }
    for (std::size_t e = 0; e < s.groups[gi].schedule.size(); ++e) {
      if (s.groups[gi].schedule[e].steps == 0) continue;
      Scenario d = s;
      d.groups[gi].schedule[e].steps /= 2;
      add(d);
    }
  }
  for (std::size_t i = s.ops.size(); i-- > 0;) {
    Scenario c = s;
    erase_op(c, i);
    add(c);
  }
  for (std::size_t f = s.world.files.size(); f-- > 0;)
    if (s.world.files.size() > 1) add(without_file(s, f));
  for (std::size_t i = s.world.items.size(); i-- > 0;)
    if (s.world.items.size() > 1) add(without_item(s, i));
  if (s.world.fail_allocation) {
    Scenario c = s;
    c.world.fail_allocation = 0;
    add(c);
  }
  if (s.world.hostile) {
    Scenario c = s;
    c.world.hostile = false;
    add(c);
  }
  for (std::size_t i = 0; i < s.world.items.size(); ++i) {
    const auto& item = s.world.items[i];
    if (item.flags) {
      Scenario c = s;
      c.world.items[i].flags = 0;
      add(c);
    }
    if (item.tag || item.pool != model::PoolKind::kNonPaged) {
      Scenario c = s;
      c.world.items[i].tag = 0;
      c.world.items[i].pool = model::PoolKind::kNonPaged;
      add(c);
    }
    if (!item.descriptor || item.kind == model::SlotKind::kShared) continue;
    for (auto& d : simpler_descriptors(*item.descriptor)) {
      Scenario c = s;
      c.world.items[i].descriptor = std::move(d);
      add(c);
    }
  }
  for (std::size_t i = 0; i < s.ops.size(); ++i) {
    visit_op(s.ops[i], [&](const auto& o, auto traits) {
      for (auto& simpler : decltype(traits)::simpler(o)) {
        Scenario c = s;
        c.ops[i] = std::move(simpler);
        add(c);
      }
    });
  }
  for (std::size_t f = 0; f < s.world.files.size(); ++f) {
    if (s.world.files[f].open) continue;
    Scenario c = s;
    c.world.files[f].open = true;
    add(c);
  }
  return out;
}

Scenario shrink(const Scenario& s, const std::function<bool(const Scenario&)>& keeps, std::size_t budget) {
  Scenario best = s;
  bool progress = true;
  while (progress && budget) {
    progress = false;
    for (const auto& c : shrink_candidates(best)) {
      if (!budget--) break;
      if (keeps(c)) {
        best = c;
        progress = true;
        break;
      }
    }
  }
  return best;
}

}  // namespace ksfuzz
