// kernel_pool_test.cc — the pool and its ledger: each violation it reports (record mode) and the
// reports it dies with (abort mode, in a child).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iterator>
#include <set>
#include <string>
#include <vector>

#include <ksfuzz/kernel_harness.h>
#include <ksfuzz/sanitizer_weak.h>

#include "model/sd/codec.h"
#include "model/sd/sddl.h"

namespace {

constexpr ULONG kTag = 0x74736554;  // "Test"

class PoolTest : public ::testing::Test {
 protected:
  void SetUp() override {
    KsfuzzKernelReset();
    KsfuzzVerifierSetMode(KsfuzzVerifierRecord);
  }
  void TearDown() override {
    KsfuzzVerifierSetMode(KsfuzzVerifierRecord);
    KsfuzzPoolFreeLive();
    KsfuzzKernelReset();
    KsfuzzVerifierSetMode(KsfuzzVerifierAbort);
  }
  static const KSFUZZ_VIOLATION *Only() {
    EXPECT_EQ(KsfuzzVerifierViolationCount(), 1u);
    return KsfuzzVerifierViolation(0);
  }
};

TEST_F(PoolTest, BlockIsExactlyTheRequestedSizeAndAligned) {
  auto *small = static_cast<unsigned char *>(ExAllocatePoolWithTag(NonPagedPool, 13, kTag));
  auto *page = static_cast<unsigned char *>(ExAllocatePoolWithTag(PagedPool, 5000, kTag));
  ASSERT_NE(small, nullptr);
  ASSERT_NE(page, nullptr);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(small) % 16, 0u);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(page) % PAGE_SIZE, 0u);
  EXPECT_FALSE(__asan_address_is_poisoned(small + 12));
  EXPECT_TRUE(__asan_address_is_poisoned(small + 13));  // a write past it is an overflow
  KSFUZZ_POOL_BLOCK_INFO info;
  ASSERT_TRUE(KsfuzzPoolBlockInfo(KsfuzzPoolBlockId(page), &info));
  EXPECT_EQ(info.Size, 5000u);
  EXPECT_EQ(info.Tag, kTag);
  EXPECT_EQ(info.PoolType, PagedPool);
  EXPECT_TRUE(info.Live);
  ExFreePoolWithTag(small, kTag);
  ExFreePool(page);
  EXPECT_EQ(KsfuzzPoolLiveCount(), 0u);
  EXPECT_EQ(KsfuzzVerifierViolationCount(), 0u);
}

TEST_F(PoolTest, AllocatePool2ZeroesAndRejectsBadRequests) {
  auto *zeroed = static_cast<unsigned char *>(ExAllocatePool2(POOL_FLAG_NON_PAGED, 64, kTag));
  ASSERT_NE(zeroed, nullptr);
  for (int i = 0; i < 64; ++i) EXPECT_EQ(zeroed[i], 0) << i;
  EXPECT_EQ(ExAllocatePool2(POOL_FLAG_NON_PAGED, 64, 0), nullptr);
  EXPECT_EQ(ExAllocatePool2(POOL_FLAG_NON_PAGED | POOL_FLAG_RESERVED1, 64, kTag), nullptr);
  EXPECT_EQ(ExAllocatePool2(POOL_FLAG_NON_PAGED | POOL_FLAG_PAGED, 64, kTag), nullptr);
  EXPECT_EQ(ExAllocatePool2(POOL_FLAG_UNINITIALIZED, 64, kTag), nullptr);
  EXPECT_EQ(KsfuzzPoolLiveCount(), 1u);
  ExFreePool(zeroed);
}

TEST_F(PoolTest, SiteNamesTheAllocatorAndTheFreer) {
  KsfuzzPoolSetSite("create item 2 setup");
  void *p = ExAllocatePoolWithTag(NonPagedPool, 8, kTag);
  KsfuzzPoolSetSite("KsDispatchSetSecurity");
  ExFreePool(p);
  KSFUZZ_POOL_BLOCK_INFO info;
  ASSERT_TRUE(KsfuzzPoolBlockInfo(1, &info));
  EXPECT_STREQ(info.Site, "create item 2 setup");
  EXPECT_STREQ(info.FreeSite, "KsDispatchSetSecurity");
  EXPECT_FALSE(info.Live);
  EXPECT_GT(info.FreeEvent, info.AllocEvent);
}

TEST_F(PoolTest, FaultPlanFailsTheNthAllocation) {
  KsfuzzPoolFailNth(2, 0);
  void *first = ExAllocatePoolWithTag(NonPagedPool, 8, kTag);
  void *second = ExAllocatePoolWithTag(NonPagedPool, 8, kTag);
  void *third = ExAllocatePool2(POOL_FLAG_PAGED | POOL_FLAG_RAISE_ON_FAILURE, 8, kTag);
  EXPECT_NE(first, nullptr);
  EXPECT_EQ(second, nullptr);
  EXPECT_NE(third, nullptr);
  EXPECT_EQ(KsfuzzPoolAttemptCount(), 3u);
  ExFreePool(first);
  ExFreePool(third);
}

TEST_F(PoolTest, FaultPlanCanCountOneTagOnly) {
  constexpr ULONG kOther = 0x72687443;
  KsfuzzPoolFailNth(1, kTag);
  void *other = ExAllocatePoolWithTag(NonPagedPool, 8, kOther);
  void *tagged = ExAllocatePoolWithTag(NonPagedPool, 8, kTag);
  EXPECT_NE(other, nullptr);
  EXPECT_EQ(tagged, nullptr);
  ExFreePool(other);
}

TEST_F(PoolTest, DoubleFreeIsRecordedAndSkipped) {
  void *p = ExAllocatePoolWithTag(NonPagedPool, 24, kTag);
  ExFreePool(p);
  ExFreePool(p);  // in quarantine: the ledger must stop it before free() would
  const KSFUZZ_VIOLATION *v = Only();
  ASSERT_NE(v, nullptr);
  EXPECT_EQ(v->Kind, KsfuzzViolationDoubleFree);
  EXPECT_EQ(v->BugCheckCode, 0xC2u);
  EXPECT_EQ(v->Parameters[0], 0x07u);
  EXPECT_EQ(v->Parameters[3], reinterpret_cast<ULONG_PTR>(p));
  EXPECT_EQ(v->BlockId, 1u);
}

TEST_F(PoolTest, FreedAddressIsNeverHandedOutAgainInOneIteration) {
  void *p = ExAllocatePoolWithTag(NonPagedPool, 32, kTag);
  ExFreePool(p);
  std::vector<void *> blocks;
  for (int i = 0; i < 64; ++i) {
    blocks.push_back(ExAllocatePoolWithTag(NonPagedPool, 32, kTag));
    EXPECT_NE(blocks.back(), p);
  }
  ExFreePool(p);  // stale: still a double free, and no live block is freed by it
  EXPECT_EQ(Only()->Kind, KsfuzzViolationDoubleFree);
  EXPECT_EQ(KsfuzzPoolLiveCount(), 64u);
  for (void *b : blocks) ExFreePool(b);
}

TEST_F(PoolTest, WrongTagIsRecorded) {
  void *p = ExAllocatePoolWithTag(NonPagedPool, 8, kTag);
  ExFreePoolWithTag(p, 0x676E6F57);
  const KSFUZZ_VIOLATION *v = Only();
  ASSERT_NE(v, nullptr);
  EXPECT_EQ(v->Kind, KsfuzzViolationWrongTag);
  EXPECT_EQ(v->BugCheckCode, 0xC2u);
  EXPECT_EQ(v->Parameters[0], 0x0Au);
  EXPECT_EQ(v->Parameters[1], reinterpret_cast<ULONG_PTR>(p));
  EXPECT_EQ(v->Parameters[2], kTag);
  EXPECT_EQ(v->Parameters[3], 0x676E6F57u);
}

TEST_F(PoolTest, ProtectedTagDemandsExFreePoolWithTheTag) {
  void *p = ExAllocatePoolWithTag(NonPagedPool, 8, kTag | PROTECTED_POOL);
  ExFreePool(p);
  EXPECT_EQ(Only()->Kind, KsfuzzViolationWrongTag);
  KsfuzzVerifierClear();
  void *q = ExAllocatePoolWithTag(NonPagedPool, 8, kTag | PROTECTED_POOL);
  ExFreePoolWithTag(q, kTag | PROTECTED_POOL);
  EXPECT_EQ(KsfuzzVerifierViolationCount(), 0u);
}

// ntddk.h: ExFreePool(a) is ExFreePoolWithTag(a,0), so tag 0 checks nothing but the protected bit.
TEST_F(PoolTest, TagZeroIsExFreePool) {
  void *p = ExAllocatePoolWithTag(NonPagedPool, 8, kTag);
  ExFreePoolWithTag(p, 0);
  EXPECT_EQ(KsfuzzVerifierViolationCount(), 0u);
  EXPECT_EQ(KsfuzzPoolLiveCount(), 0u);
  void *q = ExAllocatePoolWithTag(NonPagedPool, 8, kTag | PROTECTED_POOL);
  ExFreePoolWithTag(q, 0);
  EXPECT_EQ(Only()->Kind, KsfuzzViolationWrongTag);
}

TEST_F(PoolTest, FreeOfAStaticOrStackAddressIsNotPool) {
  static char global_block[16];
  char stack_block[16];
  ExFreePool(global_block);
  ExFreePool(stack_block);
  ExFreePool(nullptr);
  ASSERT_EQ(KsfuzzVerifierViolationCount(), 3u);
  for (ULONG i = 0; i < 3; ++i) {
    EXPECT_EQ(KsfuzzVerifierViolation(i)->Kind, KsfuzzViolationFreeNotPool);
    EXPECT_EQ(KsfuzzVerifierViolation(i)->BugCheckCode, 0xC4u);
    EXPECT_EQ(KsfuzzVerifierViolation(i)->Parameters[0], 0x10u);
  }
  EXPECT_EQ(KsfuzzVerifierViolation(0)->Parameters[1], reinterpret_cast<ULONG_PTR>(global_block));
}

TEST_F(PoolTest, FreeOfAnInteriorPointerIsRecordedAndSkipped) {
  auto *p = static_cast<char *>(ExAllocatePoolWithTag(NonPagedPool, 40, kTag));
  ExFreePool(p + 8);
  const KSFUZZ_VIOLATION *v = Only();
  ASSERT_NE(v, nullptr);
  EXPECT_EQ(v->Kind, KsfuzzViolationFreeInterior);
  EXPECT_EQ(v->BugCheckCode, 0xC2u);
  EXPECT_EQ(v->Parameters[0], 0x41286u);
  EXPECT_EQ(v->BlockId, 1u);
  EXPECT_EQ(KsfuzzPoolLiveCount(), 1u);
  ExFreePool(p);
}

TEST_F(PoolTest, ZeroSizeAllocationIsRecorded) {
  void *p = ExAllocatePoolWithTag(PagedPool, 0, kTag);
  const KSFUZZ_VIOLATION *v = Only();
  ASSERT_NE(v, nullptr);
  EXPECT_EQ(v->Kind, KsfuzzViolationZeroSizeAllocation);
  EXPECT_EQ(v->BugCheckCode, 0xC4u);
  EXPECT_EQ(v->Parameters[0], 0x00u);
  EXPECT_EQ(v->Parameters[2], static_cast<ULONG_PTR>(PagedPool));
  EXPECT_EQ(v->Parameters[3], 0u);
  ExFreePool(p);
}

TEST_F(PoolTest, LeakAtTeardownIsRecordedWithTheCount) {
  void *a = ExAllocatePoolWithTag(NonPagedPool, 8, kTag);
  void *b = ExAllocatePoolWithTag(NonPagedPool, 8, kTag);
  ExFreePool(a);
  EXPECT_EQ(KsfuzzPoolCheckLeaks(), 1u);
  const KSFUZZ_VIOLATION *v = Only();
  ASSERT_NE(v, nullptr);
  EXPECT_EQ(v->Kind, KsfuzzViolationLeak);
  EXPECT_EQ(v->BugCheckCode, 0xC4u);
  EXPECT_EQ(v->Parameters[0], 0x62u);
  EXPECT_EQ(v->Parameters[3], 1u);
  EXPECT_EQ(v->BlockId, KsfuzzPoolBlockId(b));
}

TEST_F(PoolTest, FreedWhileSharedNamesTheBlockAndIsOnlyANote) {
  void *p = ExAllocatePoolWithTag(NonPagedPool, 16, kTag);
  void *item0 = p, *item1 = p;
  ASSERT_TRUE(KsfuzzPoolAddHolder(p, "create item 0", &item0));
  ASSERT_TRUE(KsfuzzPoolAddHolder(p, "create item 1", &item1));
  ExFreePool(p);
  const KSFUZZ_VIOLATION *v = Only();
  ASSERT_NE(v, nullptr);
  EXPECT_EQ(v->Kind, KsfuzzViolationFreedWhileShared);
  EXPECT_EQ(v->BugCheckCode, 0u);
  EXPECT_EQ(v->Parameters[2], 2u);
}

// Item 0 replaced its descriptor (SeSetSecurityDescriptorInfo moves the slot before the old block
// is freed); item 1, which shared it, is left pointing at freed pool. One holder may be the
// freer's own slot about to move, so the free itself is no note: the harness asks afterwards.
TEST_F(PoolTest, OneRemainingHolderIsFoundAfterwardsNotAtTheFree) {
  void *p = ExAllocatePoolWithTag(NonPagedPool, 16, kTag);
  void *item0 = p, *item1 = p;
  KsfuzzPoolAddHolder(p, "create item 0", &item0);
  KsfuzzPoolAddHolder(p, "create item 1", &item1);
  ULONG id = KsfuzzPoolBlockId(p);
  item0 = nullptr;
  ExFreePool(p);
  EXPECT_EQ(KsfuzzVerifierViolationCount(), 0u);
  PCSTR names[4] = {};
  ASSERT_EQ(KsfuzzPoolHoldersPointingAt(id, names, 4), 1u);
  EXPECT_STREQ(names[0], "create item 1");
  item1 = nullptr;
  EXPECT_EQ(KsfuzzPoolHoldersPointingAt(id, names, 4), 0u);
}

TEST_F(PoolTest, AnOwnerReplacingItsOwnBlockIsNotANote) {
  void *p = ExAllocatePoolWithTag(NonPagedPool, 16, kTag);
  void *item0 = p;
  KsfuzzPoolAddHolder(p, "create item 0", &item0);
  item0 = nullptr;
  ExFreePool(p);
  EXPECT_EQ(KsfuzzVerifierViolationCount(), 0u);
}

// KsfuzzPoolReset is the older name of KsfuzzKernelReset; the runner still calls it.
TEST_F(PoolTest, ResetForgetsRecordsAndViolations) {
  void *p = ExAllocatePoolWithTag(NonPagedPool, 16, kTag);
  ExFreePool(p);
  ExFreePool(p);
  KsfuzzPoolReset();
  EXPECT_EQ(KsfuzzVerifierViolationCount(), 0u);
  EXPECT_EQ(KsfuzzPoolBlockId(p), 0u);
  EXPECT_EQ(KsfuzzPoolAttemptCount(), 0u);
  EXPECT_EQ(KsfuzzPoolEventCount(), 0u);
  EXPECT_EQ(KsfuzzVerifierNow(), 0u);
}

TEST_F(PoolTest, KernelResetClearsTheEventLogTheClockAndTheFaultPlan) {
  KsfuzzPoolFailNth(2, 0);
  void *p = ExAllocatePoolWithTag(NonPagedPool, 16, kTag);
  ExFreePool(p);
  ExFreePool(p);
  ASSERT_EQ(KsfuzzPoolEventCount(), 2u);
  ASSERT_GT(KsfuzzVerifierNow(), 2u);
  KsfuzzKernelReset();
  EXPECT_EQ(KsfuzzPoolEventCount(), 0u);
  EXPECT_EQ(KsfuzzPoolEvent(0), nullptr);
  EXPECT_EQ(KsfuzzVerifierNow(), 0u);
  EXPECT_EQ(KsfuzzVerifierViolationCount(), 0u);
  EXPECT_EQ(KsfuzzPoolBlockId(p), 0u);
  void *q = ExAllocatePoolWithTag(NonPagedPool, 16, kTag);
  void *r = ExAllocatePoolWithTag(NonPagedPool, 16, kTag);  // the old plan would fail this one
  ASSERT_NE(r, nullptr);
  ASSERT_EQ(KsfuzzPoolEventCount(), 2u);
  EXPECT_EQ(KsfuzzPoolEvent(0)->Event, 1u);  // the clock starts again
  EXPECT_EQ(KsfuzzPoolEvent(0)->BlockId, 1u);
  ExFreePool(q);
  ExFreePool(r);
}

// ---- the event log: what the pool did, in order ----

TEST_F(PoolTest, EventLogListsAllocationsAndFreesInOrder) {
  KsfuzzPoolFailNth(3, 0);
  void *a = ExAllocatePoolWithTag(NonPagedPool, 8, kTag);
  void *b = ExAllocatePool2(POOL_FLAG_PAGED, 8, kTag);
  ExFreePool(a);
  EXPECT_EQ(ExAllocatePoolWithTag(NonPagedPool, 8, kTag), nullptr);  // the fault plan's
  ExFreePool(a);  // a double free is a violation, not an event
  ExFreePoolWithTag(b, kTag);
  struct Expected {
    KSFUZZ_POOL_EVENT_KIND kind;
    ULONG block;
  };
  const Expected expected[] = {{KsfuzzPoolEventAllocate, 1},       {KsfuzzPoolEventAllocate, 2},
                               {KsfuzzPoolEventFree, 1},           {KsfuzzPoolEventAllocateFailed, 0},
                               {KsfuzzPoolEventFree, 2}};
  ASSERT_EQ(KsfuzzPoolEventCount(), std::size(expected));
  ULONG previous = 0;
  for (ULONG i = 0; i < std::size(expected); ++i) {
    const KSFUZZ_POOL_EVENT *event = KsfuzzPoolEvent(i);
    ASSERT_NE(event, nullptr) << i;
    EXPECT_EQ(event->Kind, expected[i].kind) << i;
    EXPECT_EQ(event->BlockId, expected[i].block) << i;
    EXPECT_GT(event->Event, previous) << i;
    previous = event->Event;
  }
  EXPECT_EQ(KsfuzzPoolEvent(std::size(expected)), nullptr);
  // The log and the block records read the same clock.
  KSFUZZ_POOL_BLOCK_INFO info;
  ASSERT_TRUE(KsfuzzPoolBlockInfo(1, &info));
  EXPECT_EQ(info.AllocEvent, KsfuzzPoolEvent(0)->Event);
  EXPECT_EQ(info.FreeEvent, KsfuzzPoolEvent(2)->Event);
  // The double free happened between the failed attempt and the free of b.
  const KSFUZZ_VIOLATION *v = Only();
  ASSERT_NE(v, nullptr);
  EXPECT_GT(v->Event, KsfuzzPoolEvent(3)->Event);
  EXPECT_LT(v->Event, KsfuzzPoolEvent(4)->Event);
  EXPECT_EQ(KsfuzzVerifierNow(), KsfuzzPoolEvent(4)->Event);
}

// ---- the violation table ----

TEST(ViolationTable, CoversEveryKindWithDriverVerifiersCodes) {
  struct Row {
    KSFUZZ_VIOLATION_KIND kind;
    const char *name;
    ULONG code;
    ULONG_PTR subcode;
    bool fatal;
  };
  constexpr Row kRows[] = {
      {KsfuzzViolationDoubleFree, "double-free", 0xC2, 0x07, true},
      {KsfuzzViolationWrongTag, "wrong-tag", 0xC2, 0x0A, true},
      {KsfuzzViolationFreeInterior, "free-interior", 0xC2, 0x41286, true},
      {KsfuzzViolationFreeNotPool, "free-not-pool", 0xC4, 0x10, true},
      {KsfuzzViolationZeroSizeAllocation, "zero-size-allocation", 0xC4, 0x00, true},
      {KsfuzzViolationLeak, "leak", 0xC4, 0x62, true},
      {KsfuzzViolationFreedWhileShared, "freed-while-shared", 0, KSFUZZ_NO_SUBCODE, false},
      {KsfuzzViolationIrpCompletedTwice, "irp-completed-twice", 0x44, KSFUZZ_NO_SUBCODE, true},
      {KsfuzzViolationIrpCompletedPending, "irp-completed-pending", 0xC9, 0x06, true},
      {KsfuzzViolationAcquireOutsideCriticalRegion, "acquire-outside-critical-region", 0xC4, 0x37, true},
      {KsfuzzViolationReleaseOutsideCriticalRegion, "release-outside-critical-region", 0xC4, 0x38, true},
      {KsfuzzViolationCriticalRegionNotEntered, "critical-region-not-entered", 0xC4, 0x3E, true},
      {KsfuzzViolationResourceNotOwned, "resource-not-owned", 0xE3, KSFUZZ_NO_SUBCODE, true},
      {KsfuzzViolationSelfDeadlock, "self-deadlock", 0xC4, 0x1000, true},
      {KsfuzzViolationDeadlock, "deadlock", 0xC4, 0x1001, true},
      {KsfuzzViolationResourceUninitialized, "resource-uninitialized", 0xC4, 0x1002, true},
      {KsfuzzViolationResourceReinitialized, "resource-reinitialized", 0xC4, 0xD0, true},
      {KsfuzzViolationResourceDeleteUninitialized, "resource-delete-uninitialized", 0xC4, 0xD1, true},
      {KsfuzzViolationFreedWithActiveResource, "freed-with-active-resource", 0xC4, 0xD2, true},
      {KsfuzzViolationResourceDeletedWhileOwned, "resource-deleted-while-owned", 0xC4, 0x100B, true},
      {KsfuzzViolationCriticalRegionAtReturn, "critical-region-at-return", 0xC4, 0xC5, true},
      {KsfuzzViolationLockHeldAtReturn, "lock-held-at-return", 0, KSFUZZ_NO_SUBCODE, true},
  };
  static_assert(std::size(kRows) == KSFUZZ_VIOLATION_KIND_COUNT, "one row a kind");
  std::set<std::string> names;
  for (const Row &row : kRows) {
    const KSFUZZ_VIOLATION_INFO *info = KsfuzzViolationInfo(row.kind);
    ASSERT_NE(info, nullptr) << row.name;
    EXPECT_STREQ(info->Name, row.name);
    EXPECT_STREQ(KsfuzzViolationKindName(row.kind), row.name);
    EXPECT_EQ(info->BugCheckCode, row.code) << row.name;
    EXPECT_EQ(info->Subcode, row.subcode) << row.name;
    EXPECT_EQ(info->Fatal != FALSE, row.fatal) << row.name;
    EXPECT_NE(std::string(info->Meaning), "") << row.name;
    EXPECT_EQ(std::string(info->BugCheckName).empty(), row.code == 0) << row.name;
    for (PCSTR parameter : info->Parameters) EXPECT_NE(parameter, nullptr) << row.name;
    names.insert(info->Name);
  }
  EXPECT_EQ(names.size(), std::size(kRows));
  for (ULONG kind = 1; kind <= KSFUZZ_VIOLATION_KIND_COUNT; ++kind)
    EXPECT_NE(KsfuzzViolationInfo(static_cast<KSFUZZ_VIOLATION_KIND>(kind)), nullptr) << kind;
  EXPECT_EQ(KsfuzzViolationInfo(static_cast<KSFUZZ_VIOLATION_KIND>(0)), nullptr);
  auto past_the_end = static_cast<KSFUZZ_VIOLATION_KIND>(KSFUZZ_VIOLATION_KIND_COUNT + 1);
  EXPECT_EQ(KsfuzzViolationInfo(past_the_end), nullptr);
  EXPECT_STREQ(KsfuzzViolationKindName(past_the_end), "unknown");
}

TEST_F(PoolTest, PrintedViolationCarriesTheTablesWordsAndTheBlockHistory) {
  KsfuzzPoolSetSite("create item 0 setup");
  void *p = ExAllocatePoolWithTag(NonPagedPool, 24, kTag);
  ExFreePool(p);
  ExFreePool(p);
  char *text = nullptr;
  size_t length = 0;
  FILE *out = open_memstream(&text, &length);
  KsfuzzVerifierPrintViolation(out, Only());
  fclose(out);
  std::string printed(text, length);
  free(text);
  EXPECT_NE(printed.find("BAD_POOL_CALLER (0xC2) 0x07: The current thread attempted to free the pool"),
            std::string::npos)
      << printed;
  EXPECT_NE(printed.find("pool block #1"), std::string::npos) << printed;
  EXPECT_NE(printed.find("create item 0 setup"), std::string::npos) << printed;
}

// ---- abort mode: the reports a run dies with ----

class PoolDeathTest : public PoolTest {
 protected:
  void SetUp() override {
    GTEST_FLAG_SET(death_test_style, "threadsafe");
    PoolTest::SetUp();
  }
};

void SharedBlockFreedTwice() {
  KsfuzzVerifierSetMode(KsfuzzVerifierAbort);
  KsfuzzPoolSetSite("create item 0 setup");
  void *p = ExAllocatePoolWithTag(NonPagedPool, 48, KSFUZZ_SE_SD_TAG);
  static void *item0, *item1;
  item0 = item1 = p;
  KsfuzzPoolAddHolder(p, "create item 0", &item0);
  KsfuzzPoolAddHolder(p, "create item 1", &item1);
  KsfuzzPoolSetSite("KsDispatchSetSecurity");
  ExFreePool(item0);
  KsfuzzPoolSetSite("teardown of create item 1");
  ExFreePool(item1);
}

TEST_F(PoolDeathTest, SharedBlockFreedTwiceDiesWithTheLedgersReport) {
  EXPECT_DEATH(SharedBlockFreedTwice(),
               "BAD_POOL_CALLER \\(0xC2\\) 0x07.*create item 0.*create item 1.*"
               "freed AGAIN by \"teardown of create item 1\"");
}

TEST_F(PoolDeathTest, ADoubleFreeNeverReachesTheHeap) {
  // The arena's blocks are not the heap's: AddressSanitizer has nothing to say of the second free
  // (a free() of arena memory would be its "bad-free"), the ledger alone reports it.
  EXPECT_DEATH(SharedBlockFreedTwice(), ::testing::Not(::testing::HasSubstr("AddressSanitizer")));
}

TEST_F(PoolTest, AFreedAddressIsNotHandedOutAgainBeforeTheReset) {
  void *first = ExAllocatePoolWithTag(NonPagedPool, 48, kTag);
  ExFreePool(first);
  std::set<void *> seen;
  for (int i = 0; i < 1000; ++i) {
    void *p = ExAllocatePoolWithTag(NonPagedPool, 48, kTag);
    EXPECT_NE(p, first);
    EXPECT_TRUE(seen.insert(p).second);
    ExFreePool(p);
  }
  // A stale free of the first address is still a double free of block #1, not a free of another.
  ExFreePool(first);
  ASSERT_EQ(KsfuzzVerifierViolationCount(), 1u);
  EXPECT_EQ(KsfuzzVerifierViolation(0)->Kind, KsfuzzViolationDoubleFree);
  EXPECT_EQ(KsfuzzVerifierViolation(0)->BlockId, 1u);
}

TEST_F(PoolTest, TheSameIterationGetsTheSameAddressesAndBytes) {
  // Same input, same result: after a reset the arena starts again from the front, and a block not
  // zeroed holds the fill byte whatever the last iteration wrote there.
  auto run = [] {
    KsfuzzPoolReset();
    auto *a = static_cast<unsigned char *>(ExAllocatePoolWithTag(NonPagedPool, 40, kTag));
    auto *b = static_cast<unsigned char *>(ExAllocatePoolWithTag(PagedPool, 24, kTag));
    std::vector<unsigned char> bytes(a, a + 40);
    std::memset(a, 0x11, 40);
    ExFreePool(a);
    ExFreePool(b);
    return std::make_pair(std::vector<void *>{a, b}, bytes);
  };
  auto first = run(), second = run();
  EXPECT_EQ(first.first, second.first);
  EXPECT_EQ(second.second, std::vector<unsigned char>(40, 0xBE));
}

TEST_F(PoolTest, PoisonMarksFreedBlocksAndRedzones) {
  if (__asan_region_is_poisoned == nullptr) GTEST_SKIP() << "no AddressSanitizer in this build";
  auto *p = static_cast<unsigned char *>(ExAllocatePoolWithTag(NonPagedPool, 20, kTag));
  EXPECT_EQ(__asan_region_is_poisoned(p, 20), nullptr);
  EXPECT_EQ(__asan_region_is_poisoned(p, 21), p + 20);  // the byte past the end
  EXPECT_NE(__asan_region_is_poisoned(p - 1, 1), nullptr);  // the redzone before
  ULONG id;
  SIZE_T offset;
  EXPECT_EQ(KsfuzzPoolWhereIs(p + 5, &id, &offset), KsfuzzPoolPlaceLive);
  EXPECT_EQ(offset, 5u);
  EXPECT_EQ(KsfuzzPoolWhereIs(p + 23, &id, &offset), KsfuzzPoolPlacePastEnd);
  EXPECT_EQ(id, 1u);
  EXPECT_EQ(offset, 3u);
  EXPECT_EQ(KsfuzzPoolWhereIs(p - 8, &id, &offset), KsfuzzPoolPlaceBeforeStart);
  EXPECT_EQ(offset, 8u);
  ExFreePool(p);
  EXPECT_EQ(__asan_region_is_poisoned(p, 1), p);
  EXPECT_EQ(KsfuzzPoolWhereIs(p + 5, &id, &offset), KsfuzzPoolPlaceFreed);
  int local;
  EXPECT_EQ(KsfuzzPoolWhereIs(&local, &id, &offset), KsfuzzPoolPlaceNone);
}

// Every block of the arena, not only pool blocks: a captured descriptor (live, past its end,
// freed) between two pool blocks, told apart; the ledger claims none of the capture's bytes for
// the pool block before it (its first bytes lie within a redzone's reach of that block's end).
TEST_F(PoolTest, ArenaWhereIsPlacesCapturesAsWellAsPoolBlocks) {
  if (__asan_region_is_poisoned == nullptr) GTEST_SKIP() << "no AddressSanitizer in this build";
  const std::vector<std::uint8_t> sd = model::encode(model::parse_sddl("O:BAG:BAD:(A;;GA;;;WD)").value());
  auto* first = static_cast<unsigned char*>(ExAllocatePoolWithTag(NonPagedPool, 20, kTag));
  PSECURITY_DESCRIPTOR captured = nullptr;
  ASSERT_EQ(KsfuzzCaptureSecurityDescriptor(sd.data(), static_cast<ULONG>(sd.size()), &captured), STATUS_SUCCESS);
  auto* c = static_cast<unsigned char*>(captured);
  auto* pool = static_cast<unsigned char*>(ExAllocatePoolWithTag(NonPagedPool, 20, kTag));
  PVOID start;
  EXPECT_EQ(KsfuzzArenaWhereIs(c + 3, &start), KsfuzzPoolPlaceLive);
  EXPECT_EQ(start, captured);
  EXPECT_NE(__asan_region_is_poisoned(c + sd.size(), 1), nullptr);
  EXPECT_EQ(KsfuzzArenaWhereIs(c + sd.size() + 1, &start), KsfuzzPoolPlacePastEnd);
  EXPECT_EQ(start, captured);
  EXPECT_EQ(KsfuzzArenaWhereIs(pool - 2, &start), KsfuzzPoolPlaceBeforeStart);
  EXPECT_EQ(start, pool);
  KsfuzzFreeCapturedSecurityDescriptor(captured);
  EXPECT_EQ(__asan_region_is_poisoned(c, 1), c);
  EXPECT_EQ(KsfuzzArenaWhereIs(c + 3, &start), KsfuzzPoolPlaceFreed);
  EXPECT_EQ(KsfuzzPoolBlockId(c), 0u) << "a capture is no pool block";
  ULONG id;
  SIZE_T offset;
  for (std::size_t at : {std::size_t{0}, std::size_t{8}, sd.size() + 1})
    EXPECT_EQ(KsfuzzPoolWhereIs(c + at, &id, &offset), KsfuzzPoolPlaceNone) << "capture byte " << at;
  EXPECT_EQ(KsfuzzPoolWhereIs(first + 21, &id, &offset), KsfuzzPoolPlacePastEnd);
  EXPECT_EQ(KsfuzzArenaWhereIs(pool + 5, &start), KsfuzzPoolPlaceLive);
  int local;
  EXPECT_EQ(KsfuzzArenaWhereIs(&local, &start), KsfuzzPoolPlaceNone);
  ExFreePool(pool);
  ExFreePool(first);
}

void LeakAtTeardown() {
  KsfuzzVerifierSetMode(KsfuzzVerifierAbort);
  KsfuzzPoolSetSite("create item 1 setup");
  ExAllocatePoolWithTag(NonPagedPool, 40, KSFUZZ_SE_SD_TAG);
  KsfuzzPoolCheckLeaks();
}

TEST_F(PoolDeathTest, LeakDiesWithTheTable) {
  EXPECT_DEATH(LeakAtTeardown(),
               "DRIVER_VERIFIER_DETECTED_VIOLATION \\(0xC4\\) 0x62.*Address +Length +Tag +Caller.*"
               "40 +SeSd +create item 1 setup");
}

void WrongTagInAbortMode() {
  KsfuzzVerifierSetMode(KsfuzzVerifierAbort);
  void *p = ExAllocatePoolWithTag(NonPagedPool, 8, kTag);
  ExFreePoolWithTag(p, 0x676E6F57);
}

TEST_F(PoolDeathTest, WrongTagDies) {
  EXPECT_DEATH(WrongTagInAbortMode(), "BAD_POOL_CALLER \\(0xC2\\) 0x0A.*pool block #1");
}

void UseAfterFree() {
  KsfuzzVerifierSetMode(KsfuzzVerifierAbort);
  KsfuzzPoolSetSite("create item 3 setup");
  auto *p = static_cast<volatile char *>(ExAllocatePoolWithTag(NonPagedPool, 8, kTag));
  ExFreePool(const_cast<char *>(p));
  p[1] = 1;
}

TEST_F(PoolDeathTest, AsanReportCarriesTheLedgerHistory) {
  EXPECT_DEATH(UseAfterFree(), "use-after-poison.*pool ledger history.*1 bytes into pool block #1, freed: a use after "
                               "free.*create item 3 setup");
}

void WriteOnePastTheEnd() {
  KsfuzzVerifierSetMode(KsfuzzVerifierAbort);
  KsfuzzPoolSetSite("create item 2 setup");
  auto *p = static_cast<volatile char *>(ExAllocatePoolWithTag(NonPagedPool, 13, kTag));
  p[13] = 1;
}

TEST_F(PoolDeathTest, AWriteOnePastTheEndIsAnOverflowOfTheBlock) {
  EXPECT_DEATH(WriteOnePastTheEnd(), "use-after-poison.*WRITE of size 1.*0 bytes past the end of pool block #1: an "
                                     "overflow.*13 bytes.*create item 2 setup");
}

// Freeing a captured descriptor as pool: Driver Verifier's free-not-pool, and where the address
// is (a block of the arena that is no pool block), since AddressSanitizer knows it as poison only.
void FreeACaptureAsPool() {
  KsfuzzVerifierSetMode(KsfuzzVerifierAbort);
  const std::vector<std::uint8_t> sd = model::encode(model::parse_sddl("O:BAG:BAD:(A;;GA;;;WD)").value());
  PSECURITY_DESCRIPTOR captured = nullptr;
  KsfuzzCaptureSecurityDescriptor(sd.data(), static_cast<ULONG>(sd.size()), &captured);
  ExFreePool(captured);
}

TEST_F(PoolDeathTest, FreeingACaptureAsPoolSaysWhatItIs) {
  EXPECT_DEATH(FreeACaptureAsPool(), "DRIVER_VERIFIER_DETECTED_VIOLATION \\(0xC4\\) 0x10.*inside a live block of the "
                                     "emulated kernel that is no pool block");
}

}  // namespace
