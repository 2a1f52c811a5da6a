// harness/gen/scenario_gen.cc — generators for worlds, ops and scenarios.
#include "harness/gen/scenario_gen.h"

#include "harness/gen/sd_gen.h"
#include "model/sd/codec.h"
#include "model/security_info.h"

namespace ksfuzz::gen {
namespace {

namespace si = model::security_info;

// Picks from a list of weighted choices built at run time (Source::sized_weighted): small
// scenarios have owned items (the first choice) before items without a descriptor, shared or
// static ones. Shrinks toward the first choice.
template <typename T>
T pick(Source& src, const std::vector<std::pair<std::uint32_t, T>>& choices) {
  std::uint32_t weights[8];
  if (choices.size() > std::size(weights)) std::abort();
  for (std::size_t i = 0; i < choices.size(); ++i) weights[i] = choices[i].first;
  return choices[src.sized_weighted(std::span(weights, choices.size()))].second;
}

// Descriptors the codec keeps as they are: under its size bound.
model::SecurityDescriptor bounded_descriptor(Source& src) {
  for (;;)
    if (auto sd = descriptor(src); model::encoded_size(sd) < kMaxDescriptorBytes) return sd;
}

}  // namespace

model::Item item(Source& src, ScenarioOptions options, std::span<const model::Item> earlier) {
  model::Item it;
  std::vector<std::pair<std::uint32_t, model::SlotKind>> kinds = {
      {6, model::SlotKind::kOwned}, {2, model::SlotKind::kNone}, {2, model::SlotKind::kDefault}};
  std::vector<std::uint8_t> share_targets;
  for (std::size_t i = 0; i < earlier.size(); ++i)
    if (earlier[i].has_own_descriptor())
      share_targets.push_back(static_cast<std::uint8_t>(i));
  if (options.contract) {
    kinds.push_back({2, model::SlotKind::kStatic});
    if (!share_targets.empty()) kinds.push_back({6, model::SlotKind::kShared});
  }
  it.kind = pick(src, kinds);
  switch (it.kind) {
    case model::SlotKind::kShared:
      it.shares_with = src.element<std::uint8_t>(share_targets);
      it.descriptor = earlier[it.shares_with].descriptor;
      break;
    case model::SlotKind::kOwned:
      it.pool = src.element({model::PoolKind::kNonPaged, model::PoolKind::kPaged});
      it.tag = src.chance(1, 4) ? src.range<std::uint32_t>(0, 0x80000000u)  // no PROTECTED_POOL bit
                                : src.element<std::uint32_t>({0x2064734b /* 'Ksd ' */, 0x64536553 /* 'SeSd' */});
      [[fallthrough]];
    case model::SlotKind::kStatic:
    case model::SlotKind::kDefault:
      it.descriptor = bounded_descriptor(src);
      // S1: now and then an object descriptor that is not self-relative.
      if (src.chance(1, 19)) it.descriptor->control &= ~model::control::kSelfRelative;
      break;
    case model::SlotKind::kNone:
      break;
  }
  it.flags = src.chance(1, 4) ? src.range<std::uint32_t>(0, 16) : 0;
  return it;
}

std::vector<std::uint8_t> caller_descriptor(Source& src) {
  auto bytes = model::encode(bounded_descriptor(src));
  int how = src.pick<int>({{12, 0}, {1, 1}, {1, 2}});
  if (how == 1 && !bytes.empty()) {
    auto at = src.range<std::size_t>(0, bytes.size());
    bytes[at] = src.any<std::uint8_t>();
  } else if (how == 2) {
    bytes.resize(src.range<std::size_t>(0, bytes.size() + 1));
  }
  return bytes;
}

std::uint32_t security_information(Source& src) {
  static constexpr std::uint32_t kCommon[] = {si::kDacl, si::kOwner, si::kGroup, si::kSacl,
                                              si::kOwner | si::kGroup | si::kDacl,
                                              si::kOwner | si::kGroup | si::kDacl | si::kSacl,
                                              si::kLabel, si::kAttribute, si::kScope, si::kBackup,
                                              si::kDacl | si::kProtectedDacl,
                                              si::kDacl | si::kUnprotectedDacl,
                                              si::kSacl | si::kProtectedSacl | si::kLabel, 0u};
  switch (src.pick<int>({{6, 0}, {4, 1}, {1, 2}})) {
    case 0: return src.element<std::uint32_t>(kCommon);
    case 1: {  // any combination of the named bits
      std::uint32_t info = 0;
      for (const auto& b : model::kSecurityInfoBits)
        if (src.chance(1, 3)) info |= b.bit;
      return info;
    }
    default: return src.any<std::uint32_t>();
  }
}

rc::Gen<model::Item> item(ScenarioOptions options, std::vector<model::Item> earlier) {
  return from_source([options, earlier](Source& src) { return item(src, options, earlier); });
}

rc::Gen<std::vector<std::uint8_t>> caller_descriptor() {
  return from_source([](Source& src) { return caller_descriptor(src); });
}

rc::Gen<std::uint32_t> security_information() {
  return from_source([](Source& src) { return security_information(src); });
}

rc::Gen<model::World> world(ScenarioOptions options) {
  return rc::gen::exec([options] {
    model::World w;
    auto items = *rc::gen::inRange<std::size_t>(1, kMaxItems + 1);
    RapidCheckSource src;
    for (std::size_t i = 0; i < items; ++i) w.items.push_back(item(src, options, w.items));
    auto files = *rc::gen::inRange<std::size_t>(1, kMaxFiles + 1);
    for (std::size_t i = 0; i < files; ++i) {
      model::File f;
      if (*rc::gen::weightedElement<bool>({{6, true}, {1, false}}))
        f.item = *rc::gen::inRange<std::uint8_t>(0, static_cast<std::uint8_t>(items));
      // Now and then a handle an Open op opens later.
      f.open = *rc::gen::weightedElement<bool>({{5, true}, {1, false}});
      w.files.push_back(f);
    }
    w.hostile = *rc::gen::weightedElement<bool>({{5, false}, {1, true}});
    return w;
  });
}

Op op(Source& src, const model::World& w) {
  auto file = src.range<std::uint8_t>(0, static_cast<std::uint8_t>(w.files.size()));
  static constexpr auto kWeights = []<std::size_t... I>(std::index_sequence<I...>) {
    return std::array<std::uint32_t, kOpKinds>{OpTraits<std::variant_alternative_t<I, Op>>::kWeight...};
  }(std::make_index_sequence<kOpKinds>{});
  return make_op(src.weighted(kWeights), [&](auto traits) -> Op { return decltype(traits)::generate(src, w, file); });
}

Schedule schedule(Source& src) {
  Schedule out(src.range<std::size_t>(0, 5));
  for (auto& e : out) {
    // Mostly a switch a few kernel calls in; now and then deep into the IRP.
    e.steps = src.chance(1, 4) ? src.any<std::uint8_t>() : src.range<std::uint8_t>(0, 12);
    e.to = src.range<std::uint8_t>(0, kMaxInFlight);
  }
  return out;
}

Group group(Source& src, const Scenario& s) {
  Group g;
  std::size_t most = std::min(kMaxInFlight, s.ops.size());
  g.count = static_cast<std::uint8_t>(src.range<std::size_t>(2, most + 1));
  g.first = static_cast<std::uint8_t>(src.range<std::size_t>(0, s.ops.size() - g.count + 1));
  g.schedule = schedule(src);
  return g;
}

rc::Gen<Op> op(const model::World& w) {
  return from_source([w](Source& src) { return op(src, w); });
}

rc::Gen<Schedule> schedule() {
  return from_source([](Source& src) { return schedule(src); });
}

rc::Gen<Group> group(const Scenario& s) {
  return from_source([s](Source& src) { return group(src, s); });
}

namespace {

// Two to four IRPs on files of one create item, a SetSecurity (or a QuerySecurity) first, racing
// a SetSecurity, a QuerySecurity or an Open: where a missing lock shows.
void aim_at_one_item(Scenario& s, const Group& g) {
  std::vector<std::uint8_t> candidates;
  for (std::size_t i = 0; i < s.world.items.size(); ++i)
    if (s.world.items[i].descriptor) candidates.push_back(static_cast<std::uint8_t>(i));
  if (candidates.empty()) return;
  std::uint8_t item = *rc::gen::elementOf(candidates);
  std::vector<std::uint8_t> files;
  for (std::size_t f = 0; f < s.world.files.size(); ++f)
    if (s.world.files[f].item == item) files.push_back(static_cast<std::uint8_t>(f));
  if (files.empty()) return;
  RapidCheckSource src;
  for (std::size_t k = 0; k < g.count; ++k) {
    std::uint8_t file = *rc::gen::elementOf(files);
    // The first IRP runs first: a SetSecurity mostly, now and then a QuerySecurity that a
    // replacement overtakes between its read of the descriptor and its use of it.
    int kind = k == 0 ? *rc::gen::weightedElement<int>({{2, 0}, {1, 1}})
                      : *rc::gen::weightedElement<int>({{3, 0}, {3, 1}, {1, 2}});
    if (kind == 0) s.ops[g.first + k] = OpTraits<model::SetSecurity>::generate(src, s.world, file);
    else if (kind == 1) s.ops[g.first + k] = OpTraits<model::QuerySecurity>::generate(src, s.world, file);
    else s.ops[g.first + k] = OpTraits<model::Open>::generate(src, s.world, file);
  }
}

}  // namespace

rc::Gen<Scenario> scenario(ScenarioOptions options) {
  return rc::gen::exec([options] {
    Scenario s;
    s.world = *world(options);
    auto n = *rc::gen::inRange<std::size_t>(0, kMaxOps + 1);
    s.ops = *rc::gen::container<std::vector<Op>>(n, op(s.world));
    if (s.ops.size() >= 2 && *rc::gen::weightedElement<bool>({{2, false}, {1, true}})) {
      Group g = *group(s);
      if (*rc::gen::weightedElement<bool>({{1, false}, {2, true}})) aim_at_one_item(s, g);
      s.groups.push_back(std::move(g));
    }
    std::size_t sets = 0;
    for (const auto& o : s.ops) sets += std::holds_alternative<model::SetSecurity>(o);
    // A failure on each allocation in turn: the fault plan points at one of the SetSecurity ops.
    if (sets && s.groups.empty() && *rc::gen::weightedElement<bool>({{3, false}, {1, true}}))
      s.world.fail_allocation = *rc::gen::inRange<std::uint32_t>(1, static_cast<std::uint32_t>(sets) + 1);
    return s;
  });
}

}  // namespace ksfuzz::gen
