// tests/number_test.cc — ksfuzz::parse_unsigned: decimal and 0x hex, nothing else, nothing over max.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <cstdio>
#include <string>

#include "harness/scenario/number.h"

namespace {

using ksfuzz::parse_unsigned;

TEST(ParseUnsigned, ReadsDecimal) {
  EXPECT_EQ(parse_unsigned("0", 10), 0u);
  EXPECT_EQ(parse_unsigned("42", 100), 42u);
  EXPECT_EQ(parse_unsigned("007", 10), 7u);  // decimal: a leading 0 is not octal
  EXPECT_EQ(parse_unsigned("18446744073709551615"), UINT64_MAX);
}

TEST(ParseUnsigned, ReadsHexAfter0x) {
  EXPECT_EQ(parse_unsigned("0x0", 10), 0u);
  EXPECT_EQ(parse_unsigned("0x1f", 255), 31u);
  EXPECT_EQ(parse_unsigned("0x1F", 255), 31u);
  EXPECT_EQ(parse_unsigned("0xffffffffffffffff"), UINT64_MAX);
  EXPECT_EQ(parse_unsigned("0x00000000000000000001"), 1u);  // leading zeros do not overflow
}

TEST(ParseUnsigned, RefusesWhatIsNotANumber) {
  for (const char* bad : {"", "0x", "x1", "0X1f", "-1", "+1", " 1", "1 ", "1x", "1.0", "0x-1", "0x+1",
                          "0x 1", "0xg", "0x0x1", "1e3", "١"})
    EXPECT_EQ(parse_unsigned(bad), std::nullopt) << "'" << bad << "'";
}

TEST(ParseUnsigned, RefusesOverflow) {
  EXPECT_EQ(parse_unsigned("18446744073709551616"), std::nullopt);  // 2^64
  EXPECT_EQ(parse_unsigned("99999999999999999999999"), std::nullopt);
  EXPECT_EQ(parse_unsigned("0x10000000000000000"), std::nullopt);
}

TEST(ParseUnsigned, RefusesMoreThanMax) {
  EXPECT_EQ(parse_unsigned("255", 255), 255u);
  EXPECT_EQ(parse_unsigned("256", 255), std::nullopt);
  EXPECT_EQ(parse_unsigned("0x100", 255), std::nullopt);
  EXPECT_EQ(parse_unsigned("0", 0), 0u);
  EXPECT_EQ(parse_unsigned("1", 0), std::nullopt);
}

RC_GTEST_PROP(ParseUnsigned, ReadsBackEveryValueInBothForms, (std::uint64_t v, std::uint64_t max)) {
  char hex[32];
  std::snprintf(hex, sizeof hex, "0x%llx", static_cast<unsigned long long>(v));
  auto want = v <= max ? std::optional<std::uint64_t>(v) : std::nullopt;
  RC_ASSERT(parse_unsigned(std::to_string(v), max) == want);
  RC_ASSERT(parse_unsigned(hex, max) == want);
  RC_ASSERT(parse_unsigned(std::to_string(v)) == v);
}

}  // namespace
