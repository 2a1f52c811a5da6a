// kernel_sync_test.cc — executive resources, critical regions, execution contexts and yield
// points (SEMANTICS L4-L6): ownership and recursion as the WDK describes them, waits through a
// scheduler, and each Driver Verifier violation of their use (record mode; abort mode in a child).
#include <gtest/gtest.h>

#include <cstdlib>
#include <iterator>
#include <string>
#include <vector>

#include <ksfuzz/kernel_harness.h>
#include <ksfuzz/scheduler.h>

#include "tests/support/scripted_scheduler.h"

namespace {

using ksfuzz::test::ScriptedScheduler;

constexpr ULONG kTag = 0x636E7953;  // "Sync"

class SyncTest : public ::testing::Test {
 protected:
  void SetUp() override {
    KsfuzzKernelReset();
    KsfuzzVerifierSetMode(KsfuzzVerifierRecord);
    ASSERT_EQ(ExInitializeResourceLite(&resource_), STATUS_SUCCESS);
  }
  void TearDown() override {
    KsfuzzSetScheduler(nullptr);
    KsfuzzPoolFreeLive();
    KsfuzzKernelReset();
    KsfuzzVerifierSetMode(KsfuzzVerifierAbort);
  }
  /// The kinds recorded so far, in order.
  static std::vector<KSFUZZ_VIOLATION_KIND> Kinds() {
    std::vector<KSFUZZ_VIOLATION_KIND> kinds;
    for (ULONG i = 0; i < KsfuzzVerifierViolationCount(); ++i) kinds.push_back(KsfuzzVerifierViolation(i)->Kind);
    return kinds;
  }
  static const KSFUZZ_VIOLATION* Only(KSFUZZ_VIOLATION_KIND kind) {
    EXPECT_EQ(Kinds(), std::vector<KSFUZZ_VIOLATION_KIND>{kind});
    return KsfuzzVerifierViolationCount() == 1 ? KsfuzzVerifierViolation(0) : nullptr;
  }
  /// What a lock holder does: a critical region around the acquisition (the WDK's rule).
  void Take(BOOLEAN exclusive) {
    KeEnterCriticalRegion();
    EXPECT_TRUE(exclusive ? ExAcquireResourceExclusiveLite(&resource_, TRUE)
                          : ExAcquireResourceSharedLite(&resource_, TRUE));
  }
  void Give() {
    ExReleaseResourceLite(&resource_);
    KeLeaveCriticalRegion();
  }
  /// Whether the running context would get the access at once (and lets it go again).
  BOOLEAN CouldTake(BOOLEAN exclusive) {
    KeEnterCriticalRegion();
    BOOLEAN got = exclusive ? ExAcquireResourceExclusiveLite(&resource_, FALSE)
                            : ExAcquireResourceSharedLite(&resource_, FALSE);
    if (got) ExReleaseResourceLite(&resource_);
    KeLeaveCriticalRegion();
    return got;
  }

  ERESOURCE resource_{};
};

// ---- ownership, recursion, waits (L4) ----

TEST_F(SyncTest, ExclusiveOwnerShutsOutEveryOtherContext) {
  ScriptedScheduler scheduler;
  Take(TRUE);
  EXPECT_TRUE(ExIsResourceAcquiredExclusiveLite(&resource_));
  EXPECT_EQ(resource_.Flag, ResourceOwnedExclusive);
  scheduler.RunAs(1, [&] {
    EXPECT_FALSE(ExIsResourceAcquiredExclusiveLite(&resource_));
    EXPECT_EQ(ExIsResourceAcquiredSharedLite(&resource_), 0u);
    EXPECT_FALSE(CouldTake(TRUE));
    EXPECT_FALSE(CouldTake(FALSE));
  });
  Give();
  scheduler.RunAs(1, [&] { EXPECT_TRUE(CouldTake(TRUE)); });
  EXPECT_EQ(KsfuzzVerifierViolationCount(), 0u);
}

TEST_F(SyncTest, SharedOwnersShareAndShutOutExclusive) {
  ScriptedScheduler scheduler;
  Take(FALSE);
  EXPECT_FALSE(ExIsResourceAcquiredExclusiveLite(&resource_));
  EXPECT_EQ(ExIsResourceAcquiredSharedLite(&resource_), 1u);
  scheduler.RunAs(1, [&] {
    EXPECT_TRUE(CouldTake(FALSE));
    EXPECT_FALSE(CouldTake(TRUE));
  });
  Give();
  EXPECT_EQ(resource_.ActiveCount, 0);
  EXPECT_EQ(KsfuzzVerifierViolationCount(), 0u);
}

TEST_F(SyncTest, ExclusiveOwnerMayAcquireAgainEitherWay) {
  Take(TRUE);
  EXPECT_TRUE(ExAcquireResourceExclusiveLite(&resource_, TRUE));
  // Shared on top of exclusive is exclusive again: "does not convert" it.
  EXPECT_TRUE(ExAcquireResourceSharedLite(&resource_, TRUE));
  EXPECT_TRUE(ExIsResourceAcquiredExclusiveLite(&resource_));
  EXPECT_EQ(ExIsResourceAcquiredSharedLite(&resource_), 3u);
  EXPECT_EQ(resource_.ActiveCount, 3);
  ExReleaseResourceLite(&resource_);
  ExReleaseResourceLite(&resource_);
  EXPECT_TRUE(ExIsResourceAcquiredExclusiveLite(&resource_));
  Give();
  EXPECT_FALSE(ExIsResourceAcquiredExclusiveLite(&resource_));
  EXPECT_EQ(ExIsResourceAcquiredSharedLite(&resource_), 0u);
  EXPECT_EQ(KsfuzzVerifierViolationCount(), 0u);
}

TEST_F(SyncTest, SharedOwnerMayAcquireSharedAgain) {
  Take(FALSE);
  EXPECT_TRUE(ExAcquireResourceSharedLite(&resource_, TRUE));
  EXPECT_EQ(ExIsResourceAcquiredSharedLite(&resource_), 2u);
  ExReleaseResourceLite(&resource_);
  Give();
  EXPECT_EQ(KsfuzzVerifierViolationCount(), 0u);
}

TEST_F(SyncTest, AWaiterGetsTheResourceOnceTheOwnerReleasesIt) {
  ScriptedScheduler scheduler;
  Take(TRUE);
  scheduler.OnWait([&] { scheduler.RunAs(0, [&] { Give(); }); });
  scheduler.RunAs(1, [&] {
    Take(TRUE);
    EXPECT_TRUE(ExIsResourceAcquiredExclusiveLite(&resource_));
    Give();
  });
  EXPECT_EQ(scheduler.waits(), 1);
  EXPECT_EQ(KsfuzzVerifierViolationCount(), 0u);
}

TEST_F(SyncTest, AnExclusiveWaiterHoldsBackNewSharersButNotTheOwnersOwn) {
  ScriptedScheduler scheduler;
  Take(FALSE);
  scheduler.OnWait([&] {
    EXPECT_EQ(resource_.NumberOfExclusiveWaiters, 1u);
    scheduler.RunAs(2, [&] { EXPECT_FALSE(CouldTake(FALSE)); });  // behind the exclusive waiter
    scheduler.RunAs(0, [&] {
      EXPECT_TRUE(ExAcquireResourceSharedLite(&resource_, FALSE));  // recursion goes first
      ExReleaseResourceLite(&resource_);
      Give();
    });
  });
  scheduler.RunAs(1, [&] {
    Take(TRUE);
    Give();
  });
  EXPECT_EQ(resource_.NumberOfExclusiveWaiters, 0u);
  EXPECT_EQ(KsfuzzVerifierViolationCount(), 0u);
}

// ---- deadlocks (L5) ----

TEST_F(SyncTest, AWaitNoContextCanEndIsADeadlock) {
  ScriptedScheduler scheduler;
  Take(TRUE);
  scheduler.OnWait([] {});  // nothing the owner does
  scheduler.RunAs(1, [&] {
    KeEnterCriticalRegion();
    EXPECT_FALSE(ExAcquireResourceExclusiveLite(&resource_, TRUE));
    EXPECT_FALSE(ExIsResourceAcquiredExclusiveLite(&resource_));
    KeLeaveCriticalRegion();
  });
  const KSFUZZ_VIOLATION* v = Only(KsfuzzViolationDeadlock);
  ASSERT_NE(v, nullptr);
  EXPECT_EQ(v->BugCheckCode, 0xC4u);
  EXPECT_EQ(v->Parameters[0], 0x1001u);
  EXPECT_EQ(v->Parameters[1], reinterpret_cast<ULONG_PTR>(&resource_));
  EXPECT_EQ(resource_.NumberOfExclusiveWaiters, 0u);
  EXPECT_TRUE(ExIsResourceAcquiredExclusiveLite(&resource_));  // context 0 still owns it
}

TEST_F(SyncTest, WithoutASchedulerAWaitIsADeadlock) {
  {
    ScriptedScheduler scheduler;
    scheduler.RunAs(1, [&] { Take(TRUE); });
  }
  KeEnterCriticalRegion();
  EXPECT_FALSE(ExAcquireResourceSharedLite(&resource_, TRUE));
  KeLeaveCriticalRegion();
  Only(KsfuzzViolationDeadlock);
}

TEST_F(SyncTest, ASharedOwnerAskingForExclusiveIsASelfDeadlock) {
  Take(FALSE);
  EXPECT_FALSE(ExAcquireResourceExclusiveLite(&resource_, FALSE));  // no wait: just "no"
  EXPECT_EQ(KsfuzzVerifierViolationCount(), 0u);
  EXPECT_FALSE(ExAcquireResourceExclusiveLite(&resource_, TRUE));
  const KSFUZZ_VIOLATION* v = Only(KsfuzzViolationSelfDeadlock);
  ASSERT_NE(v, nullptr);
  EXPECT_EQ(v->BugCheckCode, 0xC4u);
  EXPECT_EQ(v->Parameters[0], 0x1000u);
  EXPECT_EQ(v->Parameters[1], reinterpret_cast<ULONG_PTR>(&resource_));
  EXPECT_EQ(ExIsResourceAcquiredSharedLite(&resource_), 1u);
  Give();
}

// ---- misuse (L4, L5) ----

TEST_F(SyncTest, ReleasingWhatTheContextDoesNotHoldIsResourceNotOwned) {
  ScriptedScheduler scheduler;
  Take(TRUE);
  scheduler.RunAs(2, [&] {
    KeEnterCriticalRegion();
    Give();
  });
  const KSFUZZ_VIOLATION* v = Only(KsfuzzViolationResourceNotOwned);
  ASSERT_NE(v, nullptr);
  EXPECT_EQ(v->BugCheckCode, 0xE3u);
  EXPECT_EQ(v->Parameters[0], reinterpret_cast<ULONG_PTR>(&resource_));
  EXPECT_EQ(v->Parameters[1], 2u);
  EXPECT_TRUE(ExIsResourceAcquiredExclusiveLite(&resource_));  // still context 0's
  Give();
}

TEST_F(SyncTest, AcquiringOrReleasingOutsideACriticalRegionIsAViolation) {
  EXPECT_TRUE(ExAcquireResourceExclusiveLite(&resource_, TRUE));
  const KSFUZZ_VIOLATION* v = Only(KsfuzzViolationAcquireOutsideCriticalRegion);
  ASSERT_NE(v, nullptr);
  EXPECT_EQ(v->BugCheckCode, 0xC4u);
  EXPECT_EQ(v->Parameters[0], 0x37u);
  EXPECT_EQ(v->Parameters[2], 0u);  // the thread's APC disable count: APCs enabled
  EXPECT_EQ(v->Parameters[3], reinterpret_cast<ULONG_PTR>(&resource_));
  EXPECT_TRUE(ExIsResourceAcquiredExclusiveLite(&resource_));  // the acquire went on
  KsfuzzVerifierClear();
  ExReleaseResourceLite(&resource_);
  v = Only(KsfuzzViolationReleaseOutsideCriticalRegion);
  ASSERT_NE(v, nullptr);
  EXPECT_EQ(v->Parameters[0], 0x38u);
  EXPECT_FALSE(ExIsResourceAcquiredExclusiveLite(&resource_));
}

TEST_F(SyncTest, LeavingACriticalRegionNeverEnteredIsAViolation) {
  KeEnterCriticalRegion();
  KeLeaveCriticalRegion();
  EXPECT_EQ(KsfuzzVerifierViolationCount(), 0u);
  KeLeaveCriticalRegion();
  const KSFUZZ_VIOLATION* v = Only(KsfuzzViolationCriticalRegionNotEntered);
  ASSERT_NE(v, nullptr);
  EXPECT_EQ(v->Parameters[0], 0x3Eu);
  EXPECT_EQ(KsfuzzCheckContextAtReturn(0), 0u);  // the stray leave left no negative count
}

TEST_F(SyncTest, CriticalRegionsAreCountedAContext) {
  ScriptedScheduler scheduler;
  KeEnterCriticalRegion();
  scheduler.RunAs(1, [&] {
    EXPECT_TRUE(ExAcquireResourceSharedLite(&resource_, TRUE));  // context 1 is in none
    ExReleaseResourceLite(&resource_);
  });
  EXPECT_EQ(Kinds(), (std::vector<KSFUZZ_VIOLATION_KIND>{KsfuzzViolationAcquireOutsideCriticalRegion,
                                                         KsfuzzViolationReleaseOutsideCriticalRegion}));
  KeLeaveCriticalRegion();
}

TEST_F(SyncTest, ResourcesMustBeInitializedOnceAndDeletedUnowned) {
  ERESOURCE other{};
  KeEnterCriticalRegion();
  EXPECT_FALSE(ExAcquireResourceExclusiveLite(&other, TRUE));
  KeLeaveCriticalRegion();
  EXPECT_EQ(Only(KsfuzzViolationResourceUninitialized)->Parameters[0], 0x1002u);
  KsfuzzVerifierClear();
  ExDeleteResourceLite(&other);
  EXPECT_EQ(Only(KsfuzzViolationResourceDeleteUninitialized)->Parameters[0], 0xD1u);
  KsfuzzVerifierClear();
  ExInitializeResourceLite(&resource_);
  EXPECT_EQ(Only(KsfuzzViolationResourceReinitialized)->Parameters[0], 0xD0u);
  KsfuzzVerifierClear();
  Take(TRUE);
  ExDeleteResourceLite(&resource_);
  const KSFUZZ_VIOLATION* v = Only(KsfuzzViolationResourceDeletedWhileOwned);
  ASSERT_NE(v, nullptr);
  EXPECT_EQ(v->Parameters[0], 0x100Bu);
  EXPECT_EQ(v->Parameters[1], reinterpret_cast<ULONG_PTR>(&resource_));
  KeLeaveCriticalRegion();
}

// ---- pool that holds a resource (L6) ----

TEST_F(SyncTest, FreeingPoolThatHoldsAnInitializedResourceIsAViolation) {
  struct Extension {
    ULONG Before;
    ERESOURCE Lock;
  };
  auto* block = static_cast<Extension*>(ExAllocatePoolWithTag(NonPagedPoolNx, sizeof(Extension), kTag));
  ASSERT_NE(block, nullptr);
  ExInitializeResourceLite(&block->Lock);
  ExFreePoolWithTag(block, kTag);
  const KSFUZZ_VIOLATION* v = Only(KsfuzzViolationFreedWithActiveResource);
  ASSERT_NE(v, nullptr);
  EXPECT_EQ(v->BugCheckCode, 0xC4u);
  EXPECT_EQ(v->Parameters[0], 0xD2u);
  EXPECT_EQ(v->Parameters[1], reinterpret_cast<ULONG_PTR>(&block->Lock));
  EXPECT_EQ(v->Parameters[2], reinterpret_cast<ULONG_PTR>(block));
  EXPECT_EQ(v->Parameters[3], sizeof(Extension));
  EXPECT_NE(v->BlockId, 0u);
  EXPECT_EQ(KsfuzzPoolLiveCount(), 0u);  // record mode: freed all the same, the resource forgotten

  KsfuzzVerifierClear();
  block = static_cast<Extension*>(ExAllocatePoolWithTag(NonPagedPoolNx, sizeof(Extension), kTag));
  ExInitializeResourceLite(&block->Lock);
  ExDeleteResourceLite(&block->Lock);
  ExFreePoolWithTag(block, kTag);
  EXPECT_EQ(KsfuzzVerifierViolationCount(), 0u);
}

TEST_F(SyncTest, TheLedgersOwnTeardownFreesResourcesQuietly) {
  auto* lock = static_cast<PERESOURCE>(ExAllocatePoolWithTag(NonPagedPoolNx, sizeof(ERESOURCE), kTag));
  ExInitializeResourceLite(lock);
  KsfuzzPoolFreeLive();
  EXPECT_EQ(KsfuzzVerifierViolationCount(), 0u);
}

// ---- at the dispatch routine's return (L5) ----

TEST_F(SyncTest, ReturningWithALockOrACriticalRegionIsCaughtAndForgiven) {
  ScriptedScheduler scheduler;
  scheduler.RunAs(3, [&] {
    KeEnterCriticalRegion();
    Take(FALSE);
    EXPECT_EQ(KsfuzzCheckContextAtReturn(3), 2u);
  });
  ASSERT_EQ(Kinds(), (std::vector<KSFUZZ_VIOLATION_KIND>{KsfuzzViolationLockHeldAtReturn,
                                                         KsfuzzViolationCriticalRegionAtReturn}));
  const KSFUZZ_VIOLATION* held = KsfuzzVerifierViolation(0);
  EXPECT_EQ(held->BugCheckCode, 0u);
  EXPECT_EQ(held->Parameters[0], reinterpret_cast<ULONG_PTR>(&resource_));
  EXPECT_EQ(held->Parameters[1], 3u);
  EXPECT_EQ(held->Parameters[2], 0u);  // exclusive acquisitions
  EXPECT_EQ(held->Parameters[3], 1u);  // shared ones
  const KSFUZZ_VIOLATION* region = KsfuzzVerifierViolation(1);
  EXPECT_EQ(region->BugCheckCode, 0xC4u);
  EXPECT_EQ(region->Parameters[0], 0xC5u);
  EXPECT_EQ(region->Parameters[2], 0xFFFEu);  // two regions: Windows' count went 0, -1, -2
  EXPECT_EQ(region->Parameters[3], 0u);
  // Forgiven: the resource is free for the others, and the context starts clean.
  EXPECT_TRUE(CouldTake(TRUE));
  KsfuzzVerifierClear();
  EXPECT_EQ(KsfuzzCheckContextAtReturn(3), 0u);
}

TEST_F(SyncTest, TakingAnIrpBackChecksTheRunningContext) {
  PIRP irp = KsfuzzIrpBuildClose(nullptr, nullptr);
  Take(TRUE);  // a "dispatch routine" that forgot to let go
  KsfuzzIrpTakeBack(irp);
  KsfuzzIrpFree(irp);
  EXPECT_EQ(Kinds(), (std::vector<KSFUZZ_VIOLATION_KIND>{KsfuzzViolationLockHeldAtReturn,
                                                         KsfuzzViolationCriticalRegionAtReturn}));
}

// ---- yield points ----

TEST_F(SyncTest, RoutinesYieldAtEntryAndReturn) {
  ScriptedScheduler scheduler;
  void* p = ExAllocatePoolWithTag(NonPagedPoolNx, 8, kTag);
  ExFreePool(p);
  EXPECT_EQ(scheduler.points(), (std::vector<std::string>{"0:ExAllocatePoolWithTag", "0:ExAllocatePoolWithTag:return",
                                                          "0:ExFreePool", "0:ExFreePool:return"}));
}

TEST_F(SyncTest, WithoutASchedulerNothingYields) {
  void* p = ExAllocatePoolWithTag(NonPagedPoolNx, 8, kTag);
  KsfuzzYield("anything");  // no scheduler: nothing to call
  ExFreePool(p);
  EXPECT_EQ(KsfuzzVerifierViolationCount(), 0u);
}

// ---- abort mode: the report each dies with ----

using SyncDeathTest = SyncTest;

void DieWithLockHeld() {
  KsfuzzVerifierSetMode(KsfuzzVerifierAbort);
  ERESOURCE lock;
  ExInitializeResourceLite(&lock);
  KeEnterCriticalRegion();
  ExAcquireResourceExclusiveLite(&lock, TRUE);
  KsfuzzCheckContextAtReturn(0);
}

TEST_F(SyncDeathTest, LockHeldAtReturnDies) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_DEATH(DieWithLockHeld(), "VIOLATION: lock-held-at-return \\(no bug check\\)");
}

void DieOfSelfDeadlock() {
  KsfuzzVerifierSetMode(KsfuzzVerifierAbort);
  ERESOURCE lock;
  ExInitializeResourceLite(&lock);
  KeEnterCriticalRegion();
  ExAcquireResourceSharedLite(&lock, TRUE);
  ExAcquireResourceExclusiveLite(&lock, TRUE);
}

TEST_F(SyncDeathTest, SelfDeadlockDies) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_DEATH(DieOfSelfDeadlock(), "DRIVER_VERIFIER_DETECTED_VIOLATION \\(0xC4\\) 0x1000");
}

void DieOfResourceNotOwned() {
  KsfuzzVerifierSetMode(KsfuzzVerifierAbort);
  ERESOURCE lock;
  ExInitializeResourceLite(&lock);
  KeEnterCriticalRegion();
  ExReleaseResourceLite(&lock);
}

TEST_F(SyncDeathTest, ResourceNotOwnedDies) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_DEATH(DieOfResourceNotOwned(), "RESOURCE_NOT_OWNED \\(0xE3\\)");
}

}  // namespace
