// tests/scenario_codec_test.cc — the scenario codec and text form: totality, canonical encoding,
// round trips, and errors that name their line and column.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "harness/gen/scenario_gen.h"
#include "harness/scenario/codec.h"
#include "harness/scenario/text.h"

namespace {

using ksfuzz::Scenario;

void expect_within_bounds(const Scenario& s) {
  RC_ASSERT(!s.world.items.empty());
  RC_ASSERT(s.world.items.size() <= ksfuzz::kMaxItems);
  RC_ASSERT(!s.world.files.empty());
  RC_ASSERT(s.world.files.size() <= ksfuzz::kMaxFiles);
  RC_ASSERT(s.ops.size() <= ksfuzz::kMaxOps);
  for (const auto& f : s.world.files) RC_ASSERT(!f.item || *f.item < s.world.items.size());
  for (const auto& op : s.ops) {
    RC_ASSERT(ksfuzz::op_file(op) < s.world.files.size());
    if (const auto* q = std::get_if<model::QuerySecurity>(&op)) RC_ASSERT(q->length <= ksfuzz::kMaxQueryLength);
    if (const auto* set = std::get_if<model::SetSecurity>(&op)) RC_ASSERT(set->input.size() < ksfuzz::kMaxDescriptorBytes);
  }
  for (std::size_t i = 0; i < s.world.items.size(); ++i) {
    const auto& item = s.world.items[i];
    RC_ASSERT(item.descriptor.has_value() == (item.kind != model::SlotKind::kNone));
    if (item.kind == model::SlotKind::kShared) {
      RC_ASSERT(item.shares_with < i);
      RC_ASSERT(item.descriptor == s.world.items[item.shares_with].descriptor);
    }
  }
}

RC_GTEST_PROP(ScenarioCodec, DecodeIsTotalAndCanonical, (const std::vector<std::uint8_t>& bytes)) {
  Scenario s = ksfuzz::decode_scenario(bytes);
  expect_within_bounds(s);
  auto again = ksfuzz::encode_scenario(s);
  RC_ASSERT(ksfuzz::decode_scenario(again) == s);
  RC_ASSERT(ksfuzz::encode_scenario(ksfuzz::decode_scenario(again)) == again);
}

RC_GTEST_PROP(ScenarioCodec, TrailingBytesAreIgnored, (const Scenario& s, const std::vector<std::uint8_t>& tail)) {
  auto bytes = ksfuzz::encode_scenario(s);
  bytes.insert(bytes.end(), tail.begin(), tail.end());
  RC_ASSERT(ksfuzz::decode_scenario(bytes) == s);
}

RC_GTEST_PROP(ScenarioCodec, GeneratedScenariosRoundTrip, ()) {
  auto s = *ksfuzz::gen::scenario({.contract = *rc::gen::arbitrary<bool>()});
  RC_ASSERT(ksfuzz::decode_scenario(ksfuzz::encode_scenario(s)) == s);
}

// Input bytes as a fuzz target meets them: mostly a generated scenario's, sometimes any.
rc::Gen<std::vector<std::uint8_t>> some_bytes() {
  return rc::gen::weightedOneOf<std::vector<std::uint8_t>>(
      {{3, rc::gen::map(ksfuzz::gen::scenario({.contract = true}), ksfuzz::encode_scenario)},
       {1, rc::gen::arbitrary<std::vector<std::uint8_t>>()}});
}

// The fuzz target and the mutator decode each input over the last one (its storage reused):
// nothing of the last may show through. Generated scenarios, or any bytes, in either place.
RC_GTEST_PROP(ScenarioCodec, DecodeOverAnotherIsADecodeAfresh, ()) {
  const auto first = *some_bytes(), second = *some_bytes();
  Scenario kept;
  ksfuzz::decode_scenario_into(first, kept);
  ksfuzz::decode_scenario_into(second, kept);
  RC_ASSERT(kept == ksfuzz::decode_scenario(second));
}

// fuzz_dispatch's run, mutator and cross-over share the last decode (LastDecoded): in any order
// of inputs, repeated or not, each decode is what its bytes decode to afresh, also after a caller
// changed the one decode_to_change gave it. (That the mutator and cross-over change only what
// decode_to_change gives is checked by running fuzz_dispatch with KSFUZZ_DECODE_CACHE=check:
// fuzz.decode_cache_checked.)
RC_GTEST_PROP(ScenarioCodec, LastDecodedIsADecodeAfresh, ()) {
  auto inputs = *rc::gen::container<std::vector<std::vector<std::uint8_t>>>(2, some_bytes());
  // And one of the same length as the first that differs from it in one byte (of its first 16,
  // where the world is: a byte past the end of what decodes could differ unseen).
  inputs.push_back(inputs[0]);
  if (!inputs.back().empty())
    inputs.back()[*rc::gen::inRange<std::size_t>(0, std::min<std::size_t>(16, inputs.back().size()))] ^=
        *rc::gen::inRange<std::uint8_t>(1, 255);
  // The first and its near twin one after the other, then any order.
  auto calls = std::vector<std::pair<std::size_t, bool>>{{0, false}, {2, false}};
  for (auto call : *rc::gen::container<std::vector<std::pair<std::size_t, bool>>>(
           rc::gen::pair(rc::gen::inRange<std::size_t>(0, inputs.size()), rc::gen::arbitrary<bool>())))
    calls.push_back(call);
  ksfuzz::LastDecoded last;
  for (const auto& [i, change] : calls) {
    if (!change) {
      RC_ASSERT(last.decode(inputs[i]) == ksfuzz::decode_scenario(inputs[i]));
      continue;
    }
    // As the mutator does: changed, into any scenario, even one no decode gives, for the next
    // decode to write over.
    Scenario& s = last.decode_to_change(inputs[i]);
    RC_ASSERT(s == ksfuzz::decode_scenario(inputs[i]));
    s = *ksfuzz::gen::scenario({.contract = true});
    s.world.hostile = !s.world.hostile;
  }
}

// Changed behind its back (what decode() gives, const cast away): kept, it is given back changed
// (the contract is the caller's); never, the bytes are decoded afresh; checked, the process stops
// and says why.
TEST(LastDecoded, ModesMeetAChangeMadeBehindItsBack) {
  const std::vector<std::uint8_t> bytes = ksfuzz::encode_scenario(ksfuzz::decode_scenario({}));
  const Scenario fresh = ksfuzz::decode_scenario(bytes);
  auto change_then_decode = [&](ksfuzz::LastDecoded& last) -> Scenario {
    const_cast<Scenario&>(last.decode(bytes)).world.hostile = !fresh.world.hostile;
    return last.decode(bytes);
  };
  ksfuzz::LastDecoded keep, never(ksfuzz::LastDecoded::Mode::kNever), check(ksfuzz::LastDecoded::Mode::kCheck);
  EXPECT_NE(change_then_decode(keep), fresh);
  EXPECT_EQ(change_then_decode(never), fresh);
  EXPECT_DEATH(change_then_decode(check), "KSFUZZ_DECODE_CACHE=check: the scenario kept for these");
}

RC_GTEST_PROP(ScenarioText, ParseOfPrintIsIdentity, ()) {
  auto s = *ksfuzz::gen::scenario({.contract = *rc::gen::arbitrary<bool>()});
  auto text = ksfuzz::print_scenario(s);
  auto back = ksfuzz::parse_scenario(text);
  RC_ASSERT(back.ok());
  RC_ASSERT(back.value() == s);
}

RC_GTEST_PROP(ScenarioText, DecodedBytesPrintAndParseBack, (const std::vector<std::uint8_t>& bytes)) {
  Scenario s = ksfuzz::decode_scenario(bytes);
  auto back = ksfuzz::parse_scenario(ksfuzz::print_scenario(s));
  RC_ASSERT(back.ok());
  RC_ASSERT(back.value() == s);
}

TEST(ScenarioText, ReadsAHandWrittenScenario) {
  auto s = ksfuzz::parse_scenario(
      "ksfuzz-scenario 1\n"
      "# comments and blank lines are fine\n"
      "\n"
      "mode captured\n"
      "fail-allocation 2\n"
      "item 0 owned pool=PagedPool tag=0x2064734b flags=0x0 sd=O:BAD:(A;;FA;;;SY)\n"
      "item 1 shared-with=0 flags=0x0\n"
      "file 0 item=1\n"
      "file 1 no-item\n"
      "set file=0 info=OWNER|DACL sd=O:SYD:(A;;GA;;;WD)\n"
      "query file=1 info=DACL length=64\n"
      "close file=0\n");
  ASSERT_TRUE(s.ok()) << s.error();
  EXPECT_EQ(s->world.fail_allocation, 2u);
  ASSERT_EQ(s->world.items.size(), 2u);
  EXPECT_EQ(s->world.items[1].kind, model::SlotKind::kShared);
  EXPECT_EQ(s->world.items[1].descriptor, s->world.items[0].descriptor);
  EXPECT_EQ(s->world.items[0].pool, model::PoolKind::kPaged);
  ASSERT_EQ(s->ops.size(), 3u);
  EXPECT_EQ(std::get<model::SetSecurity>(s->ops[0]).info, 0x5u);
  EXPECT_EQ(std::get<model::QuerySecurity>(s->ops[1]).length, 64u);
  EXPECT_FALSE(s->world.files[1].item);
}

void expect_error(const std::string& text, const std::string& where) {
  auto s = ksfuzz::parse_scenario(text);
  ASSERT_FALSE(s.ok()) << "accepted:\n" << text;
  EXPECT_EQ(s.error().rule.substr(0, where.size()), where) << s.error().rule;
}

const std::string kHead = "ksfuzz-scenario 1\nitem 0 owned pool=NonPagedPool tag=0x1 flags=0x0 sd=D:\nfile 0 item=0\n";

TEST(ScenarioText, ErrorsNameLineAndColumn) {
  expect_error("ksfuzz-scenario 2\n", "line 1, column 1:");
  expect_error(kHead + "set file=0 info=DACL sd=D:(Q;;GA;;;WD)\n", "line 4, column 28:");
  expect_error(kHead + "query file=3 info=DACL length=1\n", "line 4, column 7:");
  expect_error(kHead + "query file=0 info=BOGUS length=1\n", "line 4, column 14:");
  expect_error(kHead + "query file=0 info=DACL length=5000\n", "line 4, column 24:");
  expect_error(kHead + "frobnicate\n", "line 4, column 1:");
  expect_error(kHead + "close file=0 extra\n", "line 4, column 14:");
  expect_error("ksfuzz-scenario 1\nitem 0 shared-with=0 flags=0x0\n", "line 2, column 8:");
  expect_error("ksfuzz-scenario 1\nitem 1 none flags=0x0\n", "line 2, column");
  expect_error(kHead + "set file=0 info=DACL hex=010\n", "line 4, column 22:");
}

}  // namespace
