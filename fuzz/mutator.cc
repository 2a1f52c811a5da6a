// fuzz/mutator.cc — the structure-aware mutator and cross-over of fuzz_dispatch.
//
// A mutation decodes the scenario, makes one structural change drawn from the same generators the
// properties use, their choices from an Rng seeded from libFuzzer's seed (harness/gen/source.h:
// RngSource, so runs stay reproducible), and encodes it again. A quarter of the time libFuzzer
// mutates the raw bytes instead: the codec is total, so those mean something too. Adding a
// mutation is one function and one table line.
#include <cstdint>
#include <cstdlib>
#include <cstring>

#include "fuzz/target.h"
#include "harness/gen/mutate.h"
#include "harness/gen/scenario_gen.h"
#include "harness/scenario/codec.h"
#include "harness/scenario/runner.h"

extern "C" std::size_t LLVMFuzzerMutate(std::uint8_t* data, std::size_t size, std::size_t max_size);

namespace ksfuzz::fuzz {
namespace {

using gen::below;

gen::ScenarioOptions options() {
  static const gen::ScenarioOptions o{.contract = contract_mode_from_environment()};
  return o;
}

// Each mutation changes the scenario and returns true, or returns false and leaves it as it was.
using Mutation = bool (*)(Scenario&, Rng&);

bool add_op(Scenario& s, Rng& rng) {
  if (s.ops.size() >= kMaxOps) return false;
  gen::RngSource src(rng);
  const std::size_t at = below(rng, s.ops.size() + 1);  // drawn first, whatever the compiler's argument order
  s.ops.insert(s.ops.begin() + static_cast<std::ptrdiff_t>(at), gen::op(src, s.world));
  return true;
}

bool drop_op(Scenario& s, Rng& rng) {
  if (s.ops.empty()) return false;
  erase_op(s, below(rng, s.ops.size()));
  return true;
}

// A group in flight added, dropped (its ops then run one at a time) or its schedule redrawn or
// edited; the codec drops what overlaps.
bool mutate_groups(Scenario& s, Rng& rng) {
  if (s.ops.size() < 2) return false;
  gen::RngSource src(rng);
  if (s.groups.empty() || rng() % 4 == 0) {
    s.groups.assign(1, gen::group(src, s));
    return true;
  }
  Group& g = s.groups[below(rng, s.groups.size())];
  switch (rng() % 4) {
    case 0:
      s.groups.erase(s.groups.begin() + static_cast<std::ptrdiff_t>(&g - s.groups.data()));
      return true;
    case 1:
      g.schedule = gen::schedule(src);
      return true;
    case 2:
      if (g.schedule.size() >= kMaxScheduleEntries) return false;
      g.schedule.insert(g.schedule.begin() + static_cast<std::ptrdiff_t>(below(rng, g.schedule.size() + 1)),
                        ScheduleEntry{static_cast<std::uint8_t>(rng() % 16), static_cast<std::uint8_t>(rng() % kMaxInFlight)});
      return true;
    default:
      if (g.schedule.empty()) return false;
      {
        ScheduleEntry& e = g.schedule[below(rng, g.schedule.size())];
        if (rng() % 2) e.steps = static_cast<std::uint8_t>(e.steps + static_cast<int>(rng() % 9) - 4);
        else e.to = static_cast<std::uint8_t>(rng() % kMaxInFlight);
      }
      return true;
  }
}

bool swap_ops(Scenario& s, Rng& rng) {
  if (s.ops.size() < 2) return false;
  std::swap(s.ops[below(rng, s.ops.size())], s.ops[below(rng, s.ops.size())]);
  return true;
}

// One field of one op, as its kind mutates it (OpTraits::mutate).
bool mutate_op(Scenario& s, Rng& rng) {
  if (s.ops.empty()) return false;
  return visit_op(s.ops[below(rng, s.ops.size())],
                  [&](auto& o, auto traits) { return decltype(traits)::mutate(o, s.world, rng); });
}

bool change_fault_plan(Scenario& s, Rng& rng) {
  if (!s.groups.empty()) return false;  // none with IRPs in flight (SEMANTICS G5)
  // Up to one past the allocations ops could make: two an Open, one a SetSecurity.
  std::uint32_t before = s.world.fail_allocation;
  s.world.fail_allocation = static_cast<std::uint32_t>(below(rng, 2 * s.ops.size() + 1));
  return s.world.fail_allocation != before;
}

bool change_item(Scenario& s, Rng& rng) {
  std::size_t i = below(rng, s.world.items.size());
  gen::RngSource src(rng);
  s.world.items[i] = gen::item(src, options(), std::span(s.world.items).first(i));
  return true;
}

bool retarget_file(Scenario& s, Rng& rng) {
  auto& f = s.world.files[below(rng, s.world.files.size())];
  std::size_t it = below(rng, s.world.items.size() + 1);
  f.item = it < s.world.items.size() ? std::optional<std::uint8_t>(static_cast<std::uint8_t>(it)) : std::nullopt;
  return true;
}

bool toggle_file_open(Scenario& s, Rng& rng) {
  auto& f = s.world.files[below(rng, s.world.files.size())];
  f.open = !f.open;
  return true;
}

bool toggle_hostile(Scenario& s, Rng&) {
  s.world.hostile = !s.world.hostile;
  return true;
}

bool mutate_item_descriptor(Scenario& s, Rng& rng) {
  auto& item = s.world.items[below(rng, s.world.items.size())];
  if (!item.has_own_descriptor()) return false;
  return gen::mutate_descriptor(*item.descriptor, rng);
}

struct Entry {
  Mutation fn;
  const char* name;  // for debugging; never dispatched on
};
constexpr Entry kMutations[] = {
    {add_op, "AddOp"},
    {drop_op, "DropOp"},
    {swap_ops, "SwapOps"},
    {mutate_op, "MutateOp"},
    {mutate_op, "MutateOp"},
    {mutate_op, "MutateOp"},
    {mutate_groups, "MutateGroups"},
    {mutate_groups, "MutateGroups"},
    {change_fault_plan, "ChangeFaultPlan"},
    {change_item, "ChangeItem"},
    {retarget_file, "RetargetFile"},
    {toggle_file_open, "ToggleFileOpen"},
    {toggle_hostile, "ToggleHostile"},
    {mutate_item_descriptor, "MutateItemDescriptor"},
};

// Encodes `s` into data if it fits; returns the new size, or 0.
std::size_t store(const Scenario& s, std::uint8_t* data, std::size_t max_size) {
  static thread_local std::vector<std::uint8_t> out;
  encode_scenario_into(s, out);
  if (out.size() > max_size) return 0;
  std::memcpy(data, out.data(), out.size());
  return out.size();
}

}  // namespace
}  // namespace ksfuzz::fuzz

extern "C" std::size_t LLVMFuzzerCustomMutator(std::uint8_t* data, std::size_t size, std::size_t max_size,
                                               unsigned int seed) {
  using namespace ksfuzz::fuzz;
  ksfuzz::Rng rng(seed);
  if (rng() % 4 == 0) return LLVMFuzzerMutate(data, size, max_size);
  // The run's decode when these are the bytes it just ran; changed below, whatever becomes of it.
  ksfuzz::Scenario& s = last_decoded().decode_to_change({data, size});
  bool mutated = false;
  for (int tries = 0; tries < 4 && !mutated; ++tries) mutated = kMutations[below(rng, std::size(kMutations))].fn(s, rng);
  if (!mutated) return LLVMFuzzerMutate(data, size, max_size);
  // Encoded as it stands: the codec is total, so what a mutation left off its canonical form (a
  // copy of an item that is now none, say) is normalized when the input is decoded to run.
  std::size_t n = store(s, data, max_size);
  return n ? n : LLVMFuzzerMutate(data, size, max_size);
}

extern "C" std::size_t LLVMFuzzerCustomCrossOver(const std::uint8_t* data1, std::size_t size1,
                                                 const std::uint8_t* data2, std::size_t size2,
                                                 std::uint8_t* out, std::size_t max_out_size,
                                                 unsigned int seed) {
  using namespace ksfuzz::fuzz;
  ksfuzz::Rng rng(seed);
  // a: the run's decode when data1 is what it just ran (libFuzzer's current unit); b: decoded over
  // the last b, its storage reused.
  ksfuzz::Scenario& a = last_decoded().decode_to_change({data1, size1});
  static ksfuzz::Scenario b;
  ksfuzz::decode_scenario_into({data2, size2}, b);
  // Ops: a prefix of a's, then a suffix of b's, re-aimed at a's files.
  std::size_t keep = below(rng, a.ops.size() + 1), from = below(rng, b.ops.size() + 1);
  a.ops.resize(keep);
  for (std::size_t i = from; i < b.ops.size() && a.ops.size() < ksfuzz::kMaxOps; ++i) {
    ksfuzz::Op op = b.ops[i];
    std::visit([&](auto& o) { o.file = static_cast<std::uint8_t>(o.file % a.world.files.size()); }, op);
    a.ops.push_back(std::move(op));
  }
  // ACLs: one of b's item DACLs into one of a's items.
  auto& ia = a.world.items[below(rng, a.world.items.size())];
  const auto& ib = b.world.items[below(rng, b.world.items.size())];
  if (ia.has_own_descriptor() && ib.descriptor && rng() % 2) {
    ia.descriptor->dacl = ib.descriptor->dacl;
    ia.descriptor->control = static_cast<std::uint16_t>(
        (ia.descriptor->control & ~model::control::kDaclPresent) | (ib.descriptor->control & model::control::kDaclPresent));
  }
  return store(a, out, max_out_size);
}
