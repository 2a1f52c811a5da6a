// ks_reference_test.cc — the reference KsDispatchSetSecurity/QuerySecurity on the documented cases,
// and the device security lock around them.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstddef>
#include <functional>

#include "tests/support/ks_fixture.h"
#include "tests/support/scripted_scheduler.h"

namespace {

using ksfuzz::test::KsFixture;
using ksfuzz::test::ScriptedScheduler;
using ksfuzz::test::sd_bytes;
using ksfuzz::test::sd_sddl;

constexpr const char* kOld = "O:BAG:SYD:(A;;FA;;;SY)";
constexpr SECURITY_INFORMATION kOwnerGroupDacl =
    OWNER_SECURITY_INFORMATION | GROUP_SECURITY_INFORMATION | DACL_SECURITY_INFORMATION;

class ReferenceTest : public KsFixture {
 protected:
  void TearDown() override {
    EXPECT_EQ(KsfuzzVerifierViolationCount(), 0u);
    KsFixture::TearDown();
  }
};

TEST_F(ReferenceTest, SetWithoutCreateItemIsNoSecurityOnObject) {
  ULONG attempts = KsfuzzPoolAttemptCount();
  auto sent = Set(kNoItemFile, DACL_SECURITY_INFORMATION, "D:(A;;GA;;;WD)");
  EXPECT_EQ(sent.returned, STATUS_NO_SECURITY_ON_OBJECT);
  EXPECT_EQ(sent.completion.Count, 1u);
  EXPECT_EQ(sent.completion.Status, STATUS_NO_SECURITY_ON_OBJECT);
  EXPECT_EQ(sent.completion.Information, 0u);
  EXPECT_EQ(sent.completion.PriorityBoost, IO_NO_INCREMENT);
  EXPECT_EQ(KsfuzzPoolAttemptCount(), attempts);
}

TEST_F(ReferenceTest, SetOnItemWithoutDescriptorIsNoSecurityOnObject) {
  auto sent = Set(1, DACL_SECURITY_INFORMATION, "D:(A;;GA;;;WD)");
  EXPECT_EQ(sent.returned, STATUS_NO_SECURITY_ON_OBJECT);
  EXPECT_EQ(sent.completion.Count, 1u);
  EXPECT_EQ(sent.completion.Status, STATUS_NO_SECURITY_ON_OBJECT);
  EXPECT_EQ(items_[1].SecurityDescriptor, nullptr);
  EXPECT_EQ(items_[1].Flags, 0u);
}

TEST_F(ReferenceTest, QueryWithoutCreateItemOrDescriptorIsNoSecurityOnObject) {
  for (int file : {kNoItemFile, 1}) {
    auto sent = Query(file, DACL_SECURITY_INFORMATION, 64);
    EXPECT_EQ(sent.returned, STATUS_NO_SECURITY_ON_OBJECT);
    EXPECT_EQ(sent.completion.Count, 1u);
    EXPECT_EQ(sent.completion.Status, STATUS_NO_SECURITY_ON_OBJECT);
    EXPECT_EQ(sent.completion.Information, 0u);
    EXPECT_EQ(sent.buffer, std::vector<std::uint8_t>(64, 0xEE));
  }
}

TEST_F(ReferenceTest, SetSuccessInstallsTheMergeAndFreesTheOldBlock) {
  PSECURITY_DESCRIPTOR old = Own(0, kOld);
  auto sent = Set(0, DACL_SECURITY_INFORMATION, "O:WDG:WDD:(A;;GR;;;WD)");
  EXPECT_EQ(sent.returned, STATUS_SUCCESS);
  EXPECT_EQ(sent.completion.Count, 1u);
  EXPECT_EQ(sent.completion.Status, STATUS_SUCCESS);
  EXPECT_EQ(sent.completion.Information, 0u);
  PSECURITY_DESCRIPTOR now = items_[0].SecurityDescriptor;
  ASSERT_NE(now, old);
  EXPECT_FALSE(Live(old));
  EXPECT_TRUE(Live(now));
  KSFUZZ_POOL_BLOCK_INFO info{};
  ASSERT_TRUE(KsfuzzPoolBlockInfo(KsfuzzPoolBlockId(now), &info));
  EXPECT_EQ(info.PoolType, NonPagedPoolNx);  // since Windows 8
  EXPECT_EQ(info.Tag, KSFUZZ_SE_SD_TAG);
  EXPECT_EQ(sd_sddl(now), "O:BAG:SYD:(A;;GR;;;WD)");
  EXPECT_EQ(items_[0].Flags, static_cast<ULONG>(KSCREATE_ITEM_SECURITYCHANGED));
}

TEST_F(ReferenceTest, MergeFailureChangesNothing) {
  PSECURITY_DESCRIPTOR old = Own(0, kOld);
  // OWNER asked for, and the caller's descriptor has none (S4).
  auto sent = Set(0, OWNER_SECURITY_INFORMATION, "D:(A;;GA;;;WD)");
  EXPECT_EQ(sent.returned, STATUS_INVALID_OWNER);
  EXPECT_EQ(sent.completion.Count, 1u);
  EXPECT_EQ(sent.completion.Status, STATUS_INVALID_OWNER);
  EXPECT_EQ(items_[0].SecurityDescriptor, old);
  EXPECT_TRUE(Live(old));
  EXPECT_EQ(sd_sddl(old), kOld);
  EXPECT_EQ(items_[0].Flags, 0u);
}

TEST_F(ReferenceTest, AllocationFailureChangesNothing) {
  PSECURITY_DESCRIPTOR old = Own(0, kOld);
  KsfuzzPoolFailNth(1, KSFUZZ_SE_SD_TAG);
  auto sent = Set(0, DACL_SECURITY_INFORMATION, "D:(A;;GR;;;WD)");
  EXPECT_EQ(sent.returned, STATUS_INSUFFICIENT_RESOURCES);
  EXPECT_EQ(sent.completion.Status, STATUS_INSUFFICIENT_RESOURCES);
  EXPECT_EQ(items_[0].SecurityDescriptor, old);
  EXPECT_TRUE(Live(old));
  EXPECT_EQ(items_[0].Flags, 0u);
}

// K4: the Se routine's STATUS_BUFFER_TOO_SMALL reaches the caller as the warning
// STATUS_BUFFER_OVERFLOW, with the required length.
TEST_F(ReferenceTest, QueryWithAShortBufferIsABufferOverflowWithTheRequiredLength) {
  Own(0, kOld);
  auto required = sd_bytes(kOld).size();
  auto sent = Query(0, kOwnerGroupDacl, 8);
  EXPECT_EQ(sent.returned, STATUS_BUFFER_OVERFLOW);
  EXPECT_FALSE(NT_SUCCESS(sent.returned));
  EXPECT_TRUE(NT_WARNING(sent.returned));
  EXPECT_EQ(sent.completion.Count, 1u);
  EXPECT_EQ(sent.completion.Status, STATUS_BUFFER_OVERFLOW);
  EXPECT_EQ(sent.completion.Information, required);
  EXPECT_EQ(sent.buffer, std::vector<std::uint8_t>(8, 0xEE));
}

TEST_F(ReferenceTest, QueryAnswersWithTheAskedParts) {
  Own(0, kOld);
  auto expected = sd_bytes("O:BA");
  auto sent = Query(0, OWNER_SECURITY_INFORMATION, static_cast<ULONG>(expected.size()));
  EXPECT_EQ(sent.returned, STATUS_SUCCESS);
  EXPECT_EQ(sent.completion.Count, 1u);
  EXPECT_EQ(sent.completion.Information, expected.size());
  EXPECT_EQ(sent.buffer, expected);
}

TEST_F(ReferenceTest, ReplacedDescriptorIsWhatTheNextQuerySees) {
  Own(0, kOld);
  ASSERT_EQ(Set(0, GROUP_SECURITY_INFORMATION, "G:WD").returned, STATUS_SUCCESS);
  auto expected = sd_bytes("O:BAG:WDD:(A;;FA;;;SY)");
  auto sent = Query(0, kOwnerGroupDacl, 256);
  EXPECT_EQ(sent.returned, STATUS_SUCCESS);
  ASSERT_EQ(sent.completion.Information, expected.size());
  EXPECT_EQ(std::vector<std::uint8_t>(sent.buffer.begin(), sent.buffer.begin() + expected.size()),
            expected);
}

// ---- the device security lock (L2, L3) ----

// Who holds the device's lock, seen from the yield point where an Se routine has read the
// object's descriptor: what any other IRP in flight could do there.
struct LockSeen {
  bool reached = false;
  BOOLEAN held_exclusive = FALSE;
  ULONG held = 0;                 // acquisitions of the running context
  BOOLEAN other_exclusive = TRUE;  // could context 1 take it exclusively at once?
  BOOLEAN other_shared = TRUE;     // ... or shared?
};

LockSeen LookAtTheLock(ScriptedScheduler& scheduler, PERESOURCE lock) {
  LockSeen seen;
  seen.reached = true;
  seen.held_exclusive = ExIsResourceAcquiredExclusiveLite(lock);
  seen.held = ExIsResourceAcquiredSharedLite(lock);
  scheduler.RunAs(1, [&] {
    KeEnterCriticalRegion();
    if ((seen.other_exclusive = ExAcquireResourceExclusiveLite(lock, FALSE))) ExReleaseResourceLite(lock);
    if ((seen.other_shared = ExAcquireResourceSharedLite(lock, FALSE))) ExReleaseResourceLite(lock);
    KeLeaveCriticalRegion();
  });
  return seen;
}

class ReferenceLockTest : public ReferenceTest {
 protected:
  /// Runs send with item 0 owning kOld; returns what LookAtTheLock saw when context 0 reached
  /// point.
  LockSeen SeenAt(const char* point, const std::function<void()>& send) {
    Own(0, kOld);
    LockSeen seen;
    scheduler_.At(point, 0, [&] { seen = LookAtTheLock(scheduler_, KsfuzzKsDeviceSecurityLock(header_)); });
    send();
    EXPECT_TRUE(seen.reached);
    EXPECT_EQ(ExIsResourceAcquiredSharedLite(KsfuzzKsDeviceSecurityLock(header_)), 0u);  // let go at return
    return seen;
  }
  /// Where point stands among the yield points reached.
  std::ptrdiff_t Position(const char* point) const {
    const auto& points = scheduler_.points();
    return std::find(points.begin(), points.end(), point) - points.begin();
  }
  ScriptedScheduler scheduler_;
};

TEST_F(ReferenceLockTest, SetHoldsTheLockExclusivelyWhileItReadsAndReplacesTheDescriptor) {
  LockSeen seen = SeenAt("SeSetSecurityDescriptorInfo:read-object-descriptor", [&] {
    EXPECT_EQ(Set(0, DACL_SECURITY_INFORMATION, "D:(A;;GR;;;WD)").returned, STATUS_SUCCESS);
  });
  EXPECT_TRUE(seen.held_exclusive);
  EXPECT_EQ(seen.held, 1u);
  EXPECT_FALSE(seen.other_exclusive);
  EXPECT_FALSE(seen.other_shared);
  // The old block is freed under the lock, and the lock is let go before the IRP completes.
  EXPECT_LT(Position("0:KsAcquireDeviceSecurityLock:return"), Position("0:SeSetSecurityDescriptorInfo"));
  EXPECT_LT(Position("0:ExFreePoolWithTag:return"), Position("0:KsReleaseDeviceSecurityLock"));
  EXPECT_LT(Position("0:KsReleaseDeviceSecurityLock:return"), Position("0:IofCompleteRequest"));
}

TEST_F(ReferenceLockTest, QueryHoldsTheLockSharedWhileItReadsTheDescriptor) {
  LockSeen seen = SeenAt("SeQuerySecurityDescriptorInfo:read-object-descriptor", [&] {
    EXPECT_EQ(Query(0, kOwnerGroupDacl, 256).returned, STATUS_SUCCESS);
  });
  EXPECT_FALSE(seen.held_exclusive);
  EXPECT_EQ(seen.held, 1u);
  EXPECT_FALSE(seen.other_exclusive);  // no replacement beside a query
  EXPECT_TRUE(seen.other_shared);      // other queries are welcome
}

TEST_F(ReferenceTest, EveryPathLetsTheLockGo) {
  Own(0, kOld);
  Set(kNoItemFile, DACL_SECURITY_INFORMATION, "D:(A;;GA;;;WD)");       // K1
  Set(0, OWNER_SECURITY_INFORMATION, "D:(A;;GA;;;WD)");                 // failed merge
  KsfuzzPoolFailNth(KsfuzzPoolAttemptCount() + 1, 0);
  Set(0, DACL_SECURITY_INFORMATION, "D:(A;;GR;;;WD)");                  // failed allocation
  Query(1, DACL_SECURITY_INFORMATION, 64);                              // K1
  Query(0, kOwnerGroupDacl, 4);                                         // short buffer
  // The fixture's teardown expects no violation: lock-held-at-return and
  // critical-region-at-return are checked as each IRP is taken back.
  EXPECT_EQ(ExIsResourceAcquiredSharedLite(KsfuzzKsDeviceSecurityLock(header_)), 0u);
}

}  // namespace
