// ks_mutants_test.cc — each built-in mutant misbehaves on a hand-built case where the reference
// behaves: every test runs its case on both and checks the one thing that differs.
#include <gtest/gtest.h>

#include <functional>
#include <set>
#include <string>

#include "tests/support/ks_fixture.h"
#include "tests/support/scripted_scheduler.h"

namespace {

using ksfuzz::test::KsFixture;
using ksfuzz::test::ScriptedScheduler;
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

TEST_F(MutantTest, QueryNoDescriptorAnswersAQueryOnAnItemWithoutDescriptor) {
  for (const bool mutant : {false, true}) {
    const std::string impl = mutant ? "query_no_descriptor" : "reference";
    SCOPED_TRACE(impl);
    Prepare(impl);
    auto sent = Query(1, OWNER_SECURITY_INFORMATION, 64);
    EXPECT_EQ(sent.returned, mutant ? STATUS_SUCCESS : STATUS_NO_SECURITY_ON_OBJECT);
    // Its check of a missing create item is there: only the descriptor half is dropped.
    EXPECT_EQ(Query(kNoItemFile, OWNER_SECURITY_INFORMATION, 64).returned, STATUS_NO_SECURITY_ON_OBJECT);
  }
}

TEST_F(MutantTest, NoNullCheckDereferencesAMissingCreateItem) {
  Prepare("reference");
  EXPECT_EQ(Set(kNoItemFile, DACL_SECURITY_INFORMATION, kInput).returned, STATUS_NO_SECURITY_ON_OBJECT);
  Prepare("no_null_check");
  // UBSan reports the member access first; without it, AddressSanitizer's SEGV.
  EXPECT_DEATH(Set(kNoItemFile, DACL_SECURITY_INFORMATION, kInput), "null pointer|SEGV");
}

TEST_F(MutantTest, NoNullCheckQueriesAMissingCreateItem) {
  Prepare("reference");
  EXPECT_EQ(Query(kNoItemFile, OWNER_SECURITY_INFORMATION, 64).returned, STATUS_NO_SECURITY_ON_OBJECT);
  // Its check of a missing descriptor is there: a query on an item without one is answered right.
  Prepare("no_null_check");
  EXPECT_EQ(Query(1, OWNER_SECURITY_INFORMATION, 64).returned, STATUS_NO_SECURITY_ON_OBJECT);
  EXPECT_DEATH(Query(kNoItemFile, OWNER_SECURITY_INFORMATION, 64), "null pointer|SEGV");
}

TEST_F(MutantTest, QueryOverflowWritesPastAShortBuffer) {
  Prepare("reference");
  EXPECT_EQ(Query(0, kOwnerGroupDacl, 8).returned, STATUS_BUFFER_OVERFLOW);
  Prepare("query_overflow");
  // The write lands in the poison the harness puts after a query's buffer (KSFUZZ_IRP_BUFFER_TAIL).
  EXPECT_DEATH(Query(0, kOwnerGroupDacl, 8), "use-after-poison(.|\n)*WRITE");
}

TEST_F(MutantTest, QueryWrongLengthReportsZeroForAShortBuffer) {
  for (const bool mutant : {false, true}) {
    const std::string impl = mutant ? "query_wrong_length" : "reference";
    SCOPED_TRACE(impl);
    Prepare(impl);
    auto sent = Query(0, kOwnerGroupDacl, 8);
    EXPECT_EQ(sent.returned, STATUS_BUFFER_OVERFLOW);
    EXPECT_EQ(sent.completion.Information, mutant ? 0u : ksfuzz::test::sd_bytes(kOld).size());
  }
}

TEST_F(MutantTest, UseAfterFreeReadsTheFreedOldBlock) {
  Prepare("reference");
  EXPECT_EQ(Set(0, DACL_SECURITY_INFORMATION, kInput).returned, STATUS_SUCCESS);
  Prepare("use_after_free");
  EXPECT_DEATH(Set(0, DACL_SECURITY_INFORMATION, kInput), "use-after-poison(.|\n)*bytes into pool block #[0-9]+, freed: a use after free");
}

TEST_F(MutantTest, FreeBeforeMergeMergesFromAFreedBlock) {
  Prepare("reference");
  EXPECT_EQ(Set(0, DACL_SECURITY_INFORMATION, kInput).returned, STATUS_SUCCESS);
  Prepare("free_before_merge");
  EXPECT_DEATH(Set(0, DACL_SECURITY_INFORMATION, kInput), "use-after-poison(.|\n)*bytes into pool block #[0-9]+, freed: a use after free");
}

TEST_F(MutantTest, QueryTooSmallPassesTheSeRoutinesErrorOn) {
  for (const bool mutant : {false, true}) {
    const std::string impl = mutant ? "query_too_small" : "reference";
    SCOPED_TRACE(impl);
    Prepare(impl);
    auto sent = Query(0, kOwnerGroupDacl, 8);
    EXPECT_EQ(sent.returned, mutant ? STATUS_BUFFER_TOO_SMALL : STATUS_BUFFER_OVERFLOW);
    EXPECT_EQ(sent.completion.Information, ksfuzz::test::sd_bytes(kOld).size());
  }
}

TEST_F(MutantTest, StorageLookupFindsNoItemOutsideACreate) {
  for (const bool mutant : {false, true}) {
    const std::string impl = mutant ? "storage_lookup" : "reference";
    SCOPED_TRACE(impl);
    PSECURITY_DESCRIPTOR old = Prepare(impl);
    EXPECT_EQ(Set(0, DACL_SECURITY_INFORMATION, kInput).returned,
              mutant ? STATUS_NO_SECURITY_ON_OBJECT : STATUS_SUCCESS);
    EXPECT_EQ(items_[0].SecurityDescriptor == old, mutant);
    EXPECT_EQ(Query(0, kOwnerGroupDacl, 256).returned, mutant ? STATUS_NO_SECURITY_ON_OBJECT : STATUS_SUCCESS);
  }
}

TEST_F(MutantTest, LockNotReleasedReturnsAFailedMergeHoldingTheLock) {
  for (const bool mutant : {false, true}) {
    const std::string impl = mutant ? "lock_not_released" : "reference";
    SCOPED_TRACE(impl);
    Prepare(impl);
    KsfuzzVerifierClear();
    EXPECT_EQ(Set(0, OWNER_SECURITY_INFORMATION, kNoOwner).returned, STATUS_INVALID_OWNER);
    EXPECT_EQ(Violations(KsfuzzViolationLockHeldAtReturn), mutant ? 1 : 0);
    EXPECT_EQ(Violations(KsfuzzViolationCriticalRegionAtReturn), mutant ? 1 : 0);
    // Taking the IRP back let go of the lock: the next IRP runs.
    EXPECT_EQ(Set(0, DACL_SECURITY_INFORMATION, kInput).returned, STATUS_SUCCESS);
  }
}

// The lock mutants behave in sequence: only IRPs in flight together tell them from the reference.
TEST_F(MutantTest, LockMutantsAreRightInSequence) {
  for (const char* impl : {"reference", "no_lock", "query_no_lock", "shared_lock_for_set"}) {
    SCOPED_TRACE(impl);
    Prepare(impl);
    KsfuzzVerifierClear();
    EXPECT_EQ(Set(kNoItemFile, DACL_SECURITY_INFORMATION, kInput).returned, STATUS_NO_SECURITY_ON_OBJECT);
    EXPECT_EQ(Set(0, OWNER_SECURITY_INFORMATION, kNoOwner).returned, STATUS_INVALID_OWNER);
    EXPECT_EQ(Set(0, GROUP_SECURITY_INFORMATION, "G:WD").returned, STATUS_SUCCESS);
    auto short_query = Query(0, kOwnerGroupDacl, 8);
    EXPECT_EQ(short_query.returned, STATUS_BUFFER_OVERFLOW);
    EXPECT_EQ(short_query.completion.Information, ksfuzz::test::sd_bytes("O:BAG:WDD:(A;;FA;;;SY)").size());
    EXPECT_EQ(Query(0, GROUP_SECURITY_INFORMATION, 256).buffer.size(), 256u);
    EXPECT_EQ(sd_sddl(items_[0].SecurityDescriptor), "O:BAG:WDD:(A;;FA;;;SY)");
    EXPECT_EQ(KsfuzzVerifierViolationCount(), 0u);
  }
}

// What IRPs in flight together do to them, played on one stack: at context 0's yield point the
// second IRP runs whole as context 1 (the reference's lock would make it wait there instead, see
// ks_reference_test's lock tests).
class MutantInterleavingTest : public MutantTest {
 protected:
  /// Context 0 replaces item 0's descriptor; at `point` context 1 replaces it too.
  void TwoReplacements(const char* point) {
    ScriptedScheduler scheduler;
    scheduler.At(point, 0, [&] {
      scheduler.RunAs(1, [&] { EXPECT_EQ(Set(0, GROUP_SECURITY_INFORMATION, "G:WD").returned, STATUS_SUCCESS); });
    });
    EXPECT_EQ(Set(0, DACL_SECURITY_INFORMATION, kInput).returned, STATUS_SUCCESS);
    EXPECT_TRUE(scheduler.fired());
  }
};

TEST_F(MutantInterleavingTest, NoLockFreesTheOldDescriptorTwice) {
  Prepare("no_lock");
  KsfuzzVerifierClear();
  TwoReplacements("SeSetSecurityDescriptorInfo");  // after context 0 took note of the old block
  EXPECT_EQ(Violations(KsfuzzViolationDoubleFree), 1);
}

TEST_F(MutantInterleavingTest, SharedLockForSetFreesTheOldDescriptorTwice) {
  Prepare("shared_lock_for_set");
  KsfuzzVerifierClear();
  TwoReplacements("SeSetSecurityDescriptorInfo");
  EXPECT_EQ(Violations(KsfuzzViolationDoubleFree), 1);
  EXPECT_EQ(Violations(KsfuzzViolationDeadlock), 0);  // both got the lock: shared with each other
}

/// Runs query as context 0 and, once its Se routine has read the object's descriptor, replace as
/// context 1.
void QueryWhileAReplacementRuns(const std::function<void()>& replace, const std::function<void()>& query) {
  ScriptedScheduler scheduler;
  scheduler.At("SeQuerySecurityDescriptorInfo:read-object-descriptor", 0,
               [&] { scheduler.RunAs(1, replace); });
  query();
}

TEST_F(MutantInterleavingTest, QueryNoLockReadsADescriptorAReplacementFreed) {
  Prepare("query_no_lock");
  EXPECT_DEATH(QueryWhileAReplacementRuns([&] { Set(0, DACL_SECURITY_INFORMATION, kInput); },
                                          [&] { Query(0, kOwnerGroupDacl, 256); }),
               "use-after-poison(.|\n)*bytes into pool block #[0-9]+, freed: a use after free");
}

// A new built-in mutant needs a test above: this list is the ones that have one.
TEST(MutantRegistryTest, EveryBuiltInMutantHasATestHere) {
  const std::set<std::string> tested = {
      "free_on_failure", "leak_old",       "free_new",          "no_changed_flag",
      "flag_on_failure", "double_complete", "missing_complete", "status_mismatch",
      "replace_not_merge", "no_null_check", "query_overflow",   "query_wrong_length",
      "use_after_free",  "free_before_merge", "query_too_small", "storage_lookup",
      "lock_not_released", "no_lock",       "query_no_lock",    "shared_lock_for_set",
      "query_no_descriptor"};
  std::set<std::string> registered;
  for (ULONG i = 0; i < KsfuzzImplCount(); ++i)
    if (KsfuzzImplAt(i)->Kind == KsfuzzImplMutant) registered.insert(KsfuzzImplAt(i)->Name);
  EXPECT_EQ(registered, tested);
}

}  // namespace
