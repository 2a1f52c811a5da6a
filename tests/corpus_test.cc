// tests/corpus_test.cc — the seed corpora: every seed decodes through the one codec, and the
// fuzz_dispatch seeds together reach every op, topology, ACE type, SecurityInformation bit,
// buffer-length edge and failure point.
#include <gtest/gtest.h>

#include <bitset>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>

#include "harness/scenario/codec.h"
#include "model/sd/codec.h"
#include "model/security_info.h"

namespace {

std::vector<std::vector<std::uint8_t>> seeds(const std::string& target) {
  std::vector<std::vector<std::uint8_t>> out;
  for (const auto& e : std::filesystem::directory_iterator(std::string(KSFUZZ_SOURCE_DIR) + "/corpus/" + target)) {
    std::ifstream in(e.path(), std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    std::string s = ss.str();
    out.emplace_back(s.begin(), s.end());
  }
  return out;
}

void note_aces(const model::SecurityDescriptor& sd, std::set<int>& types) {
  for (const auto* acl : {&sd.dacl, &sd.sacl})
    if (*acl)
      for (const auto& ace : (*acl)->aces) types.insert(ace.type);
}

TEST(Corpus, DispatchSeedsReachEveryFeature) {
  auto all = seeds("fuzz_dispatch");
  ASSERT_GE(all.size(), 100u);
  std::set<std::size_t> ops, slots, failure_points;
  std::set<int> ace_types;
  std::uint32_t info_bits = 0;
  bool hostile = false, short_buffer = false, exact_buffer = false, long_buffer = false, rejected_input = false;
  std::size_t groups = 0, switching_groups = 0, racing_sets = 0;
  for (const auto& bytes : all) {
    ksfuzz::Scenario s = ksfuzz::decode_scenario(bytes);
    hostile |= s.world.hostile;
    for (const auto& g : s.groups) {
      ++groups;
      switching_groups += !g.schedule.empty();
      // Two IRPs on files of one create item, a SetSecurity among them: where a lock matters.
      const auto& first = s.ops[g.first];
      auto item = s.world.files[ksfuzz::op_file(first)].item;
      bool same_item = item.has_value();
      for (std::size_t k = 1; k < g.count; ++k) same_item &= s.world.files[ksfuzz::op_file(s.ops[g.first + k])].item == item;
      racing_sets += same_item && std::holds_alternative<model::SetSecurity>(first);
    }
    if (s.world.fail_allocation) failure_points.insert(s.world.fail_allocation);
    for (const auto& item : s.world.items) {
      slots.insert(static_cast<std::size_t>(item.kind));
      if (item.descriptor) note_aces(*item.descriptor, ace_types);
    }
    for (const auto& op : s.ops) {
      ops.insert(op.index());
      if (const auto* set = std::get_if<model::SetSecurity>(&op)) {
        info_bits |= set->info;
        auto sd = model::decode(set->input);
        if (sd) note_aces(*sd, ace_types);
        else rejected_input = true;
      } else if (const auto* q = std::get_if<model::QuerySecurity>(&op)) {
        info_bits |= q->info;
        const auto& f = s.world.files[q->file];
        if (!f.item || !s.world.items[*f.item].descriptor) continue;
        auto need = model::query_security_info(*s.world.items[*f.item].descriptor, q->info, 0).required_length;
        short_buffer |= q->length < need;
        exact_buffer |= q->length == need;
        long_buffer |= q->length > need;
      }
    }
  }
  std::uint32_t named = 0;
  for (const auto& b : model::kSecurityInfoBits) named |= b.bit;
  std::cout << "fuzz_dispatch seeds: " << all.size() << "; ops " << ops.size() << "/" << ksfuzz::kOpKinds << ", slot kinds " << slots.size()
            << "/5, ACE types " << ace_types.size() << ", SecurityInformation bits "
            << std::bitset<32>(info_bits & named).count() << "/" << model::kSecurityInfoBits.size()
            << ", failure points " << failure_points.size() << ", groups in flight " << groups << " ("
            << switching_groups << " switching, " << racing_sets << " a SetSecurity racing on one item)\n";
  EXPECT_GE(switching_groups, 10u) << "too few seeds with IRPs in flight";
  EXPECT_GE(racing_sets, 10u) << "too few seeds where a SetSecurity races another IRP on its item";
  EXPECT_EQ(ops.size(), ksfuzz::kOpKinds);
  EXPECT_EQ(slots.size(), static_cast<std::size_t>(model::kSlotKinds));
  for (int t = 0; t <= 0x15; ++t) EXPECT_TRUE(ace_types.count(t)) << "no seed holds an ACE of type " << t;
  EXPECT_EQ(info_bits & named, named) << "some SecurityInformation bit is in no seed";
  for (std::uint32_t n = 1; n <= 3; ++n) EXPECT_TRUE(failure_points.count(n)) << "no seed fails allocation " << n;
  EXPECT_TRUE(hostile);
  EXPECT_TRUE(rejected_input) << "no seed has a descriptor capture rejects";
  EXPECT_TRUE(short_buffer && exact_buffer && long_buffer);
}

TEST(Corpus, DescriptorSeedsAreWindowsBlobsTheModelAccepts) {
  auto all = seeds("fuzz_descriptor");
  ASSERT_GE(all.size(), 100u);
  for (const auto& b : all) EXPECT_TRUE(model::decode(b).ok());
}

}  // namespace
