// ks_reference_test.cc — the reference KsDispatchSetSecurity/QuerySecurity on the documented cases.
#include <gtest/gtest.h>

#include "tests/support/ks_fixture.h"

namespace {

using ksfuzz::test::KsFixture;
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
  EXPECT_EQ(info.PoolType, NonPagedPool);
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

TEST_F(ReferenceTest, QueryWithAShortBufferReportsTheRequiredLength) {
  Own(0, kOld);
  auto required = sd_bytes(kOld).size();
  auto sent = Query(0, kOwnerGroupDacl, 8);
  EXPECT_EQ(sent.returned, STATUS_BUFFER_TOO_SMALL);
  EXPECT_EQ(sent.completion.Count, 1u);
  EXPECT_EQ(sent.completion.Status, STATUS_BUFFER_TOO_SMALL);
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

}  // namespace
