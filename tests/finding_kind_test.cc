// tests/finding_kind_test.cc — one table of finding kinds: it covers every verifier violation,
// names each kind once, and every mutant declares a bug class that is one of its kinds.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include <ksfuzz/implementation.h>

#include "harness/scenario/finding_kind.h"

namespace {

TEST(FindingKind, NamesAreDistinctAndRowsFollowTheEnum) {
  std::set<std::string_view> names;
  std::size_t i = 0;
  for (const auto& row : ksfuzz::finding_kinds()) {
    EXPECT_EQ(static_cast<std::size_t>(row.kind), i++);
    EXPECT_TRUE(names.insert(row.name).second) << row.name;
    EXPECT_FALSE(row.meaning.empty()) << row.name;
    EXPECT_EQ(ksfuzz::finding_kind_named(row.name), row.kind);
  }
}

TEST(FindingKind, EveryVerifierViolationHasTheRowOfItsName) {
  for (ULONG k = 1; k <= KSFUZZ_VIOLATION_KIND_COUNT; ++k) {
    auto kind = static_cast<KSFUZZ_VIOLATION_KIND>(k);
    const auto& row = ksfuzz::info(ksfuzz::finding_kind_of(kind));
    ASSERT_TRUE(row.verifier.has_value()) << KsfuzzViolationKindName(kind);
    EXPECT_EQ(*row.verifier, kind);
    EXPECT_EQ(row.name, KsfuzzViolationKindName(kind));
  }
}

TEST(FindingKind, EveryMutantDeclaresAKindOfTheTable) {
  for (ULONG i = 0; i < KsfuzzImplCount(); ++i) {
    const KSFUZZ_IMPL* impl = KsfuzzImplAt(i);
    if (impl->Kind != KsfuzzImplMutant) continue;
    std::string_view rest = impl->BugClass;
    while (!rest.empty()) {
      auto kind = rest.substr(0, rest.find('|'));
      EXPECT_TRUE(ksfuzz::finding_kind_named(kind).has_value()) << impl->Name << ": " << kind;
      rest = rest.find('|') == std::string_view::npos ? std::string_view{} : rest.substr(rest.find('|') + 1);
    }
  }
}

TEST(FindingKind, ABugClassNamesOneKindOrSeveral) {
  EXPECT_TRUE(ksfuzz::is_bug_class("leak", "leak"));
  EXPECT_FALSE(ksfuzz::is_bug_class("leak", "leaks"));
  EXPECT_TRUE(ksfuzz::is_bug_class("use-after-free", "double-free|use-after-free"));
  EXPECT_TRUE(ksfuzz::is_bug_class("double-free", "double-free|use-after-free"));
  EXPECT_FALSE(ksfuzz::is_bug_class("free", "double-free|use-after-free"));
}

TEST(FindingKind, AddressSanitizerReportsMapToKinds) {
  using K = ksfuzz::FindingKind;
  EXPECT_EQ(ksfuzz::finding_kind_of_asan("heap-use-after-free", 0x602000000010), K::kUseAfterFree);
  EXPECT_EQ(ksfuzz::finding_kind_of_asan("heap-buffer-overflow", 0x602000000010), K::kBufferOverflow);
  EXPECT_EQ(ksfuzz::finding_kind_of_asan("double-free", 0x602000000010), K::kDoubleFree);
  EXPECT_EQ(ksfuzz::finding_kind_of_asan("SEGV", 0x8), K::kNullDereference);
  EXPECT_EQ(ksfuzz::finding_kind_of_asan("SEGV", 0x7f0000000000), K::kBadAccess);
}

}  // namespace
