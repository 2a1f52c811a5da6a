// fuzz/mutator.cc — the structure-aware mutator and cross-over of fuzz_dispatch.
//
// A mutation decodes the scenario, makes one structural change drawn from the same RapidCheck
// generators the properties use (seeded from libFuzzer's seed, so runs stay reproducible), and
// encodes it again. A quarter of the time libFuzzer mutates the raw bytes instead: the codec is
// total, so those mean something too. Adding a mutation is one function and one table line.
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <random>

#include "harness/gen/scenario_gen.h"
#include "harness/gen/sd_gen.h"
#include "harness/scenario/codec.h"
#include "harness/scenario/runner.h"
#include "model/sd/codec.h"
#include "model/security_info.h"

extern "C" std::size_t LLVMFuzzerMutate(std::uint8_t* data, std::size_t size, std::size_t max_size);

namespace ksfuzz::fuzz {
namespace {

using Rng = std::minstd_rand;

gen::ScenarioOptions options() {
  static const gen::ScenarioOptions o{.contract = contract_mode_from_environment()};
  return o;
}

// One value from a generator, reproducible from the rng.
template <typename T>
T draw(const rc::Gen<T>& g, Rng& rng) {
  return g(rc::Random(rng()), static_cast<int>(rng() % 60)).value();
}

std::size_t below(Rng& rng, std::size_t n) { return n ? rng() % n : 0; }

std::uint32_t* op_info(model::Op& op) {
  if (auto* s = std::get_if<model::SetSecurity>(&op)) return &s->info;
  if (auto* q = std::get_if<model::QuerySecurity>(&op)) return &q->info;
  return nullptr;
}

// Each mutation returns false when it does not apply to this scenario.
using Mutation = bool (*)(Scenario&, Rng&);

bool add_op(Scenario& s, Rng& rng) {
  if (s.ops.size() >= kMaxOps) return false;
  s.ops.insert(s.ops.begin() + below(rng, s.ops.size() + 1), draw(gen::op(s.world), rng));
  return true;
}

bool drop_op(Scenario& s, Rng& rng) {
  if (s.ops.empty()) return false;
  s.ops.erase(s.ops.begin() + below(rng, s.ops.size()));
  return true;
}

bool swap_ops(Scenario& s, Rng& rng) {
  if (s.ops.size() < 2) return false;
  std::swap(s.ops[below(rng, s.ops.size())], s.ops[below(rng, s.ops.size())]);
  return true;
}

bool change_information(Scenario& s, Rng& rng) {
  if (s.ops.empty()) return false;
  std::uint32_t* info = op_info(s.ops[below(rng, s.ops.size())]);
  if (!info) return false;
  if (rng() % 2) *info ^= model::kSecurityInfoBits[below(rng, model::kSecurityInfoBits.size())].bit;
  else *info = draw(gen::security_information(), rng);
  return true;
}

bool change_length(Scenario& s, Rng& rng) {
  for (std::size_t tries = 0; tries < s.ops.size(); ++tries) {
    auto* q = std::get_if<model::QuerySecurity>(&s.ops[below(rng, s.ops.size())]);
    if (!q) continue;
    const auto& f = s.world.files[q->file];
    std::uint32_t required = 0;
    if (f.item && s.world.items[*f.item].descriptor)
      required = model::query_security_info(*s.world.items[*f.item].descriptor, q->info, 0).required_length;
    int delta = static_cast<int>(rng() % 9) - 4;
    q->length = rng() % 4 ? static_cast<std::uint32_t>(std::max(0, static_cast<int>(required) + delta))
                          : static_cast<std::uint32_t>(rng() % (kMaxQueryLength + 1));
    return true;
  }
  return false;
}

bool change_fault_plan(Scenario& s, Rng& rng) {
  std::size_t sets = 0;
  for (const auto& o : s.ops) sets += std::holds_alternative<model::SetSecurity>(o);
  s.world.fail_allocation = static_cast<std::uint32_t>(below(rng, sets + 1));
  return true;
}

bool change_item(Scenario& s, Rng& rng) {
  std::size_t i = below(rng, s.world.items.size());
  std::vector<model::Item> earlier(s.world.items.begin(), s.world.items.begin() + i);
  s.world.items[i] = draw(gen::item(options(), earlier), rng);
  return true;
}

bool retarget_file(Scenario& s, Rng& rng) {
  auto& f = s.world.files[below(rng, s.world.files.size())];
  std::size_t it = below(rng, s.world.items.size() + 1);
  f.item = it < s.world.items.size() ? std::optional<std::uint8_t>(static_cast<std::uint8_t>(it)) : std::nullopt;
  return true;
}

bool toggle_hostile(Scenario& s, Rng&) {
  s.world.hostile = !s.world.hostile;
  return true;
}

// Descriptor edits, applied to an item's descriptor or a SetSecurity input.
bool edit_descriptor(model::SecurityDescriptor& sd, Rng& rng) {
  namespace ctl = model::control;
  std::optional<model::Acl>* acl = rng() % 3 ? &sd.dacl : &sd.sacl;
  switch (rng() % 7) {
    case 0:  // insert an ACE
      if (!*acl) return false;
      (*acl)->aces.insert((*acl)->aces.begin() + below(rng, (*acl)->aces.size() + 1), draw(gen::ace(), rng));
      break;
    case 1:  // drop an ACE
      if (!*acl || (*acl)->aces.empty()) return false;
      (*acl)->aces.erase((*acl)->aces.begin() + below(rng, (*acl)->aces.size()));
      break;
    case 2:  // replace or tweak an ACE
      if (!*acl || (*acl)->aces.empty()) return false;
      {
        auto& ace = (*acl)->aces[below(rng, (*acl)->aces.size())];
        if (rng() % 2) ace = draw(gen::ace(), rng);
        else ace.mask ^= 1u << (rng() % 32), ace.flags ^= static_cast<std::uint8_t>(1u << (rng() % 8));
      }
      break;
    case 3:  // a SID
      (rng() % 2 ? sd.owner : sd.group) = rng() % 4 ? std::optional<model::Sid>(draw(gen::sid(), rng)) : std::nullopt;
      break;
    case 4:  // a control bit other than the presence bits, which follow the parts
      sd.control ^= static_cast<std::uint16_t>(1u << (rng() % 16)) & ~(ctl::kDaclPresent | ctl::kSaclPresent | ctl::kSelfRelative);
      break;
    case 5: {  // absent, NULL or present ACL
      bool is_dacl = acl == &sd.dacl;
      std::uint16_t bit = is_dacl ? ctl::kDaclPresent : ctl::kSaclPresent;
      switch (rng() % 3) {
        case 0: sd.control &= ~bit, acl->reset(); break;
        case 1: sd.control |= bit, acl->reset(); break;
        default: sd.control |= bit, *acl = draw(gen::acl(), rng); break;
      }
      break;
    }
    default:  // a whole new descriptor
      sd = draw(gen::descriptor(), rng);
      break;
  }
  return true;
}

bool mutate_input(Scenario& s, Rng& rng) {
  for (std::size_t tries = 0; tries < s.ops.size(); ++tries) {
    auto* set = std::get_if<model::SetSecurity>(&s.ops[below(rng, s.ops.size())]);
    if (!set) continue;
    auto sd = model::decode(set->input);
    if (!sd) {
      set->input = draw(gen::caller_descriptor(), rng);
      return true;
    }
    model::SecurityDescriptor value = std::move(sd).value();
    if (!edit_descriptor(value, rng)) return false;
    set->input = model::encode(value);
    return set->input.size() < kMaxDescriptorBytes;
  }
  return false;
}

bool mutate_item_descriptor(Scenario& s, Rng& rng) {
  auto& item = s.world.items[below(rng, s.world.items.size())];
  if (!item.descriptor || item.kind == model::SlotKind::kShared) return false;
  return edit_descriptor(*item.descriptor, rng);
}

struct Entry {
  Mutation fn;
  const char* name;  // for debugging; never dispatched on
};
constexpr Entry kMutations[] = {
    {add_op, "AddOp"},           {drop_op, "DropOp"},
    {swap_ops, "SwapOps"},       {change_information, "ChangeSecurityInformation"},
    {change_length, "ChangeBufferLength"}, {change_fault_plan, "ChangeFaultPlan"},
    {change_item, "ChangeItem"}, {retarget_file, "RetargetFile"},
    {toggle_hostile, "ToggleHostile"}, {mutate_input, "MutateInputDescriptor"},
    {mutate_input, "MutateInputDescriptor"}, {mutate_item_descriptor, "MutateItemDescriptor"},
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
  Rng rng(seed);
  if (rng() % 4 == 0) return LLVMFuzzerMutate(data, size, max_size);
  ksfuzz::Scenario s = ksfuzz::decode_scenario({data, size});
  for (int tries = 0; tries < 4; ++tries) {
    const Entry& m = kMutations[below(rng, std::size(kMutations))];
    if (m.fn(s, rng)) break;
  }
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
  Rng rng(seed);
  ksfuzz::Scenario a = ksfuzz::decode_scenario({data1, size1});
  ksfuzz::Scenario b = ksfuzz::decode_scenario({data2, size2});
  // Ops: a prefix of a's, then a suffix of b's, re-aimed at a's files.
  std::size_t keep = below(rng, a.ops.size() + 1), from = below(rng, b.ops.size() + 1);
  a.ops.resize(keep);
  for (std::size_t i = from; i < b.ops.size() && a.ops.size() < ksfuzz::kMaxOps; ++i) {
    model::Op op = b.ops[i];
    std::visit([&](auto& o) { o.file = static_cast<std::uint8_t>(o.file % a.world.files.size()); }, op);
    a.ops.push_back(std::move(op));
  }
  // ACLs: one of b's item DACLs into one of a's items.
  auto& ia = a.world.items[below(rng, a.world.items.size())];
  const auto& ib = b.world.items[below(rng, b.world.items.size())];
  if (ia.descriptor && ib.descriptor && ia.kind != model::SlotKind::kShared && rng() % 2) {
    ia.descriptor->dacl = ib.descriptor->dacl;
    ia.descriptor->control = static_cast<std::uint16_t>(
        (ia.descriptor->control & ~model::control::kDaclPresent) | (ib.descriptor->control & model::control::kDaclPresent));
  }
  return store(a, out, max_out_size);
}
