// tests/gen_source_test.cc — the two sources of generator choices: the custom mutator's Rng source
// is reproducible and reaches the same edges the RapidCheck generators do; both keep to the
// ranges and weights they are asked for.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <set>

#include "harness/gen/scenario_gen.h"
#include "harness/gen/sd_gen.h"
#include "harness/gen/source.h"
#include "model/sd/codec.h"

namespace {

using ksfuzz::Rng;
using ksfuzz::gen::RngSource;

TEST(RngSource, TheSameSeedGivesTheSameValues) {
  Rng a(7), b(7), c(8);
  RngSource sa(a), sb(b), sc(c);
  bool any_differs = false;
  for (int i = 0; i < 200; ++i) {
    const auto x = ksfuzz::gen::descriptor(sa);
    EXPECT_EQ(x, ksfuzz::gen::descriptor(sb));
    any_differs |= !(x == ksfuzz::gen::descriptor(sc));
  }
  EXPECT_TRUE(any_differs) << "another seed, other values";
}

TEST(RngSource, KeepsToRangesAndWeights) {
  Rng rng(1);
  RngSource src(rng);
  std::set<std::uint64_t> seen;
  for (int i = 0; i < 5000; ++i) {
    const auto v = src.in_range(10, 20);
    ASSERT_GE(v, 10u);
    ASSERT_LT(v, 20u);
    seen.insert(v);
    ASSERT_LE(src.arbitrary(8), 0xFFu);
    const std::uint32_t weights[] = {0, 3, 0, 1};
    const auto k = src.weighted(weights);
    ASSERT_TRUE(k == 1 || k == 3) << k;
  }
  EXPECT_EQ(seen.size(), 10u) << "every value of the range comes up";
  EXPECT_EQ(src.in_range(5, 5), 5u);
}

// Over many descriptors, the mutator's source reaches what the generators are biased toward.
TEST(RngSource, DescriptorsReachTheEdges) {
  Rng rng(3);
  RngSource src(rng);
  std::set<unsigned> ace_types;
  bool absent_dacl = false, null_dacl = false, no_owner = false, fifteen = false, slack = false,
       object_guid = false, ace_data = false;
  for (int i = 0; i < 3000; ++i) {
    const auto sd = ksfuzz::gen::descriptor(src);
    ASSERT_TRUE(static_cast<bool>(model::decode(model::encode(sd)))) << sd;
    absent_dacl |= !sd.dacl_present();
    null_dacl |= sd.dacl_present() && !sd.dacl;
    no_owner |= !sd.owner;
    if (sd.owner) fifteen |= sd.owner->count == model::Sid::kMaxSubAuthorities;
    for (const auto* acl : {&sd.dacl, &sd.sacl}) {
      if (!*acl) continue;
      slack |= !(*acl)->slack.empty();
      for (const auto& ace : (*acl)->aces) {
        ace_types.insert(ace.type);
        object_guid |= ace.object_type.has_value();
        ace_data |= !ace.data.empty();
      }
    }
  }
  EXPECT_TRUE(absent_dacl && null_dacl && no_owner && fifteen && slack && object_guid && ace_data);
  for (unsigned t = 0; t < 0x16; ++t) EXPECT_TRUE(ace_types.count(t)) << "ACE type " << t;
  EXPECT_TRUE(std::any_of(ace_types.begin(), ace_types.end(), [](unsigned t) { return t >= 0x16; }))
      << "now and then a type no table knows";
}

TEST(RngSource, ItemsAndCallerDescriptorsComeInEveryShape) {
  Rng rng(5);
  RngSource src(rng);
  std::set<model::SlotKind> kinds;
  bool undecodable = false;
  for (int i = 0; i < 2000; ++i) {
    std::vector<model::Item> earlier = {ksfuzz::gen::item(src, {.contract = true}, {})};
    kinds.insert(ksfuzz::gen::item(src, {.contract = true}, earlier).kind);
    const auto bytes = ksfuzz::gen::caller_descriptor(src);
    ASSERT_LT(bytes.size(), ksfuzz::kMaxDescriptorBytes);
    undecodable |= !model::decode(bytes);
  }
  EXPECT_EQ(kinds.size(), 5u) << "none, owned, default, static and shared";
  EXPECT_TRUE(undecodable) << "now and then bytes capture rejects";
}

// Choices do not shrink with RapidCheck's size, as rc::gen::element and weightedElement do not:
// even at size 0 (where rc::gen::inRange gives only its lower bound) every choice comes up.
TEST(RapidCheckSource, ChoicesComeUpWhateverTheSize) {
  const auto g = rc::gen::exec([] {
    ksfuzz::gen::RapidCheckSource src;
    const std::uint32_t weights[] = {1, 1, 1};
    return 10 * src.weighted(weights) + src.element({0, 1, 2}) + 100 * src.chance(1, 1);
  });
  std::set<std::size_t> seen;
  for (std::uint64_t seed = 0; seed < 400; ++seed) seen.insert(g(rc::Random(seed), 0).value());
  EXPECT_EQ(seen.size(), 18u) << "3 weighted x 3 elements x 2 chances";
}

RC_GTEST_PROP(RapidCheckSource, KeepsToRangesAndWeights, ()) {
  ksfuzz::gen::RapidCheckSource src;
  const auto lo = *rc::gen::inRange<std::uint64_t>(0, 1000);
  const auto hi = lo + *rc::gen::inRange<std::uint64_t>(1, 1000);
  const auto v = src.in_range(lo, hi);
  RC_ASSERT(v >= lo && v < hi);
  RC_ASSERT(src.arbitrary(16) <= 0xFFFFu);
  const std::uint32_t weights[] = {0, 2, 0, 5, 0};
  const auto k = src.weighted(weights);
  RC_ASSERT(k == 1u || k == 3u);
}

}  // namespace
