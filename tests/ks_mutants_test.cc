// ks_mutants_test.cc — each built-in mutant misbehaves on a hand-built case where the reference
// behaves: every test runs its case on both and checks the one thing that differs.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "tests/support/ks_fixture.h"

namespace {

using ksfuzz::test::KsFixture;
using ksfuzz::test::sd_sddl;

constexpr const char* kOld = "O:BAG:SYD:(A;;FA;;;SY)";
constexpr const char* kInput = "O:WDG:WDD:(A;;GR;;;WD)";
constexpr const char* kNoOwner = "D:(A;;GA;;;WD)";  // fails an OWNER merge (S4)
constexpr SECURITY_INFORMATION kOwnerGroupDacl =
    OWNER_SECURITY_INFORMATION | GROUP_SECURITY_INFORMATION | DACL_SECURITY_INFORMATION;

class MutantTest : public KsFixture {
 protected:
  static void SetUpTestSuite() { GTEST_FLAG_SET(death_test_style, "threadsafe"); }
  /// Item 0 gets a fresh kOld block and every file is reopened for impl.
  PSECURITY_DESCRIPTOR Prepare(const std::string& impl) {
    items_[0].Flags = 0;
    PSECURITY_DESCRIPTOR old = Own(0, kOld);
    Use(KsfuzzImplFind(impl.c_str()));
    return old;
  }
};

TEST_F(MutantTest, FreeOnFailureFreesTheBlockTheItemStillHolds) {
  for (const bool mutant : {false, true}) {
    const std::string impl = mutant ? "free_on_failure" : "reference";
    SCOPED_TRACE(impl);
    PSECURITY_DESCRIPTOR old = Prepare(impl);
    EXPECT_EQ(Set(0, OWNER_SECURITY_INFORMATION, kNoOwner).returned, STATUS_INVALID_OWNER);
    EXPECT_EQ(items_[0].SecurityDescriptor, old);
    EXPECT_EQ(Live(old), !mutant);
  }
}

TEST_F(MutantTest, LeakOldKeepsTheReplacedBlockAlive) {
  for (const bool mutant : {false, true}) {
    const std::string impl = mutant ? "leak_old" : "reference";
    SCOPED_TRACE(impl);
    PSECURITY_DESCRIPTOR old = Prepare(impl);
    EXPECT_EQ(Set(0, DACL_SECURITY_INFORMATION, kInput).returned, STATUS_SUCCESS);
    EXPECT_NE(items_[0].SecurityDescriptor, old);
    EXPECT_EQ(Live(old), mutant);
  }
}

TEST_F(MutantTest, FreeNewLeavesTheItemPointingAtAFreedBlock) {
  for (const bool mutant : {false, true}) {
    const std::string impl = mutant ? "free_new" : "reference";
    SCOPED_TRACE(impl);
    PSECURITY_DESCRIPTOR old = Prepare(impl);
    EXPECT_EQ(Set(0, DACL_SECURITY_INFORMATION, kInput).returned, STATUS_SUCCESS);
    EXPECT_EQ(Live(items_[0].SecurityDescriptor), !mutant);
    EXPECT_EQ(Live(old), mutant);
  }
}

TEST_F(MutantTest, NoChangedFlagLeavesTheFlagClearAfterAChange) {
  for (const bool mutant : {false, true}) {
    const std::string impl = mutant ? "no_changed_flag" : "reference";
    SCOPED_TRACE(impl);
    Prepare(impl);
    EXPECT_EQ(Set(0, DACL_SECURITY_INFORMATION, kInput).returned, STATUS_SUCCESS);
    EXPECT_EQ((items_[0].Flags & KSCREATE_ITEM_SECURITYCHANGED) != 0, !mutant);
  }
}

TEST_F(MutantTest, FlagOnFailureFlagsAFailedMerge) {
  for (const bool mutant : {false, true}) {
    const std::string impl = mutant ? "flag_on_failure" : "reference";
    SCOPED_TRACE(impl);
    Prepare(impl);
    EXPECT_EQ(Set(0, OWNER_SECURITY_INFORMATION, kNoOwner).returned, STATUS_INVALID_OWNER);
    EXPECT_EQ((items_[0].Flags & KSCREATE_ITEM_SECURITYCHANGED) != 0, mutant);
  }
}

TEST_F(MutantTest, DoubleCompleteCompletesTwice) {
  for (const bool mutant : {false, true}) {
    const std::string impl = mutant ? "double_complete" : "reference";
    SCOPED_TRACE(impl);
    Prepare(impl);
    KsfuzzVerifierClear();
    auto sent = Set(0, DACL_SECURITY_INFORMATION, kInput);
    EXPECT_EQ(sent.returned, STATUS_SUCCESS);
    EXPECT_EQ(sent.completion.Count, mutant ? 2u : 1u);
    EXPECT_EQ(Violations(KsfuzzViolationIrpCompletedTwice), mutant ? 1 : 0);
  }
}

TEST_F(MutantTest, MissingCompleteNeverCompletesAFailedMerge) {
  for (const bool mutant : {false, true}) {
    const std::string impl = mutant ? "missing_complete" : "reference";
    SCOPED_TRACE(impl);
    Prepare(impl);
    auto sent = Set(0, OWNER_SECURITY_INFORMATION, kNoOwner);
    EXPECT_EQ(sent.returned, STATUS_INVALID_OWNER);
    EXPECT_EQ(sent.completion.Count, mutant ? 0u : 1u);
  }
}

TEST_F(MutantTest, StatusMismatchReturnsOneStatusAndCompletesWithAnother) {
  for (const bool mutant : {false, true}) {
    const std::string impl = mutant ? "status_mismatch" : "reference";
    SCOPED_TRACE(impl);
    Prepare(impl);
    auto sent = Set(0, OWNER_SECURITY_INFORMATION, kNoOwner);
    EXPECT_EQ(sent.completion.Status, STATUS_INVALID_OWNER);
    EXPECT_EQ(sent.returned, mutant ? STATUS_UNSUCCESSFUL : STATUS_INVALID_OWNER);
  }
}

TEST_F(MutantTest, ReplaceNotMergeOverwritesPartsNotAskedFor) {
  for (const bool mutant : {false, true}) {
    const std::string impl = mutant ? "replace_not_merge" : "reference";
    SCOPED_TRACE(impl);
    Prepare(impl);
    EXPECT_EQ(Set(0, DACL_SECURITY_INFORMATION, kInput).returned, STATUS_SUCCESS);
    EXPECT_EQ(sd_sddl(items_[0].SecurityDescriptor),
              mutant ? "O:WDG:WDD:(A;;GR;;;WD)" : "O:BAG:SYD:(A;;GR;;;WD)");
  }
}

TEST_F(MutantTest, NoNullCheckAnswersAQueryOnAnItemWithoutDescriptor) {
  for (const bool mutant : {false, true}) {
    const std::string impl = mutant ? "no_null_check" : "reference";
    SCOPED_TRACE(impl);
    Prepare(impl);
    auto sent = Query(1, OWNER_SECURITY_INFORMATION, 64);
    EXPECT_EQ(sent.returned, mutant ? STATUS_SUCCESS : STATUS_NO_SECURITY_ON_OBJECT);
  }
}

TEST_F(MutantTest, NoNullCheckDereferencesAMissingCreateItem) {
  Prepare("reference");
  EXPECT_EQ(Set(kNoItemFile, DACL_SECURITY_INFORMATION, kInput).returned, STATUS_NO_SECURITY_ON_OBJECT);
  Prepare("no_null_check");
  // UBSan reports the member access first; without it, AddressSanitizer's SEGV.
  EXPECT_DEATH(Set(kNoItemFile, DACL_SECURITY_INFORMATION, kInput), "null pointer|SEGV");
}

TEST_F(MutantTest, QueryOverflowWritesPastAShortBuffer) {
  Prepare("reference");
  EXPECT_EQ(Query(0, kOwnerGroupDacl, 8).returned, STATUS_BUFFER_TOO_SMALL);
  Prepare("query_overflow");
  EXPECT_DEATH(Query(0, kOwnerGroupDacl, 8), "heap-buffer-overflow");
}

TEST_F(MutantTest, QueryWrongLengthReportsZeroForAShortBuffer) {
  for (const bool mutant : {false, true}) {
    const std::string impl = mutant ? "query_wrong_length" : "reference";
    SCOPED_TRACE(impl);
    Prepare(impl);
    auto sent = Query(0, kOwnerGroupDacl, 8);
    EXPECT_EQ(sent.returned, STATUS_BUFFER_TOO_SMALL);
    EXPECT_EQ(sent.completion.Information, mutant ? 0u : ksfuzz::test::sd_bytes(kOld).size());
  }
}

TEST_F(MutantTest, UseAfterFreeReadsTheFreedOldBlock) {
  Prepare("reference");
  EXPECT_EQ(Set(0, DACL_SECURITY_INFORMATION, kInput).returned, STATUS_SUCCESS);
  Prepare("use_after_free");
  EXPECT_DEATH(Set(0, DACL_SECURITY_INFORMATION, kInput), "heap-use-after-free");
}

TEST_F(MutantTest, FreeBeforeMergeMergesFromAFreedBlock) {
  Prepare("reference");
  EXPECT_EQ(Set(0, DACL_SECURITY_INFORMATION, kInput).returned, STATUS_SUCCESS);
  Prepare("free_before_merge");
  EXPECT_DEATH(Set(0, DACL_SECURITY_INFORMATION, kInput), "heap-use-after-free");
}

// A new built-in mutant needs a test above: this list is the ones that have one.
TEST(MutantRegistryTest, EveryBuiltInMutantHasATestHere) {
  const std::set<std::string> tested = {
      "free_on_failure", "leak_old",       "free_new",          "no_changed_flag",
      "flag_on_failure", "double_complete", "missing_complete", "status_mismatch",
      "replace_not_merge", "no_null_check", "query_overflow",   "query_wrong_length",
      "use_after_free",  "free_before_merge"};
  std::set<std::string> registered;
  for (ULONG i = 0; i < KsfuzzImplCount(); ++i)
    if (KsfuzzImplAt(i)->Kind == KsfuzzImplMutant) registered.insert(KsfuzzImplAt(i)->Name);
  EXPECT_EQ(registered, tested);
}

}  // namespace
