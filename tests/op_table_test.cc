// tests/op_table_test.cc — the table of op kinds is whole: every op file has a row, every row
// reaches the codec, the text form and the generators.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <cctype>
#include <filesystem>
#include <set>
#include <string>

#include "harness/gen/scenario_gen.h"
#include "harness/scenario/codec.h"
#include "harness/scenario/op_table.h"
#include "harness/scenario/text.h"

namespace {

// "SetSecurity" -> "set_security": the file name an op kind lives in.
std::string file_stem(std::string_view name) {
  std::string out;
  for (char c : name) {
    if (std::isupper(static_cast<unsigned char>(c)) && !out.empty()) out += '_';
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

std::set<std::string> headers_in(const std::string& dir) {
  std::set<std::string> out;
  for (const auto& e : std::filesystem::directory_iterator(std::string(KSFUZZ_SOURCE_DIR) + "/" + dir))
    if (e.path().extension() == ".h") out.insert(e.path().stem().string());
  return out;
}

std::set<std::string> table_stems() {
  std::set<std::string> out;
  ksfuzz::for_each_op_kind([&](auto traits, std::size_t) { out.insert(file_stem(decltype(traits)::kName)); });
  return out;
}

TEST(OpTable, EveryModelOpFileHasARow) { EXPECT_EQ(headers_in("model/ops"), table_stems()); }

TEST(OpTable, EveryScenarioOpFileHasARow) { EXPECT_EQ(headers_in("harness/scenario/ops"), table_stems()); }

TEST(OpTable, KeywordsAndNamesAreDistinct) {
  std::set<std::string_view> names, keywords;
  ksfuzz::for_each_op_kind([&](auto traits, std::size_t) {
    EXPECT_TRUE(names.insert(decltype(traits)::kName).second);
    EXPECT_TRUE(keywords.insert(decltype(traits)::kKeyword).second);
    EXPECT_GT(decltype(traits)::kWeight, 0);
  });
  EXPECT_EQ(names.size(), ksfuzz::kOpKinds);
}

// Every kind is generated, and comes back through the codec and the text form unchanged.
RC_GTEST_PROP(OpTable, EveryKindIsGeneratedAndRoundTrips, ()) {
  auto s = *ksfuzz::gen::scenario({});
  for (const auto& op : s.ops) RC_TAG(std::string(ksfuzz::op_name(op)));
  RC_ASSERT(ksfuzz::decode_scenario(ksfuzz::encode_scenario(s)) == s);
  auto back = ksfuzz::parse_scenario(ksfuzz::print_scenario(s));
  RC_ASSERT(back.ok());
  RC_ASSERT(back.value() == s);
}

TEST(OpTable, TheGeneratorsReachEveryKind) {
  std::set<std::size_t> seen;
  for (int seed = 0; seen.size() < ksfuzz::kOpKinds && seed < 200; ++seed) {
    auto s = ksfuzz::gen::scenario({})(rc::Random(static_cast<std::uint64_t>(seed)), 50).value();
    for (const auto& op : s.ops) seen.insert(op.index());
  }
  EXPECT_EQ(seen.size(), ksfuzz::kOpKinds);
}

}  // namespace
