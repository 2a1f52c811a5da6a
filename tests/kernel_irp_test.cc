// kernel_irp_test.cc — IRP builders and IoCompleteRequest's completion accounting.
#include <gtest/gtest.h>

#include <sanitizer/asan_interface.h>

#include <ksfuzz/kernel_harness.h>

namespace {

class IrpTest : public ::testing::Test {
 protected:
  void SetUp() override {
    KsfuzzKernelReset();
    KsfuzzVerifierSetMode(KsfuzzVerifierRecord);
  }
  void TearDown() override {
    KsfuzzKernelReset();
    KsfuzzVerifierSetMode(KsfuzzVerifierAbort);
  }
  FILE_OBJECT file_{};
  DEVICE_OBJECT device_{};
};

TEST_F(IrpTest, SetSecurityIrpCarriesItsParameters) {
  int descriptor = 0;
  PIRP irp = KsfuzzIrpBuildSetSecurity(&device_, &file_, DACL_SECURITY_INFORMATION, &descriptor);
  PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(irp);
  EXPECT_EQ(stack->MajorFunction, IRP_MJ_SET_SECURITY);
  EXPECT_EQ(stack->FileObject, &file_);
  EXPECT_EQ(stack->DeviceObject, &device_);
  EXPECT_EQ(stack->Parameters.SetSecurity.SecurityInformation, (ULONG)DACL_SECURITY_INFORMATION);
  EXPECT_EQ(stack->Parameters.SetSecurity.SecurityDescriptor, &descriptor);
  for (PVOID context : irp->Tail.Overlay.DriverContext) EXPECT_EQ(context, nullptr);
  KsfuzzIrpFree(irp);
}

TEST_F(IrpTest, QuerySecurityUserBufferIsExactlyLengthBytes) {
  PIRP irp = KsfuzzIrpBuildQuerySecurity(&device_, &file_, OWNER_SECURITY_INFORMATION, 20);
  auto *buffer = static_cast<unsigned char *>(irp->UserBuffer);
  EXPECT_EQ(IoGetCurrentIrpStackLocation(irp)->Parameters.QuerySecurity.Length, 20u);
  EXPECT_EQ(IoGetCurrentIrpStackLocation(irp)->MajorFunction, IRP_MJ_QUERY_SECURITY);
  EXPECT_FALSE(__asan_address_is_poisoned(buffer + 19));
  EXPECT_TRUE(__asan_address_is_poisoned(buffer + 20));
  // The whole tail after it is poisoned and the buffer's: a write anywhere in it is an overflow of
  // this buffer, not of whatever block comes next.
  for (std::size_t past : {std::size_t{1}, std::size_t{100}, std::size_t{KSFUZZ_IRP_BUFFER_TAIL - 1}}) {
    EXPECT_TRUE(__asan_address_is_poisoned(buffer + 20 + past)) << past;
    EXPECT_TRUE(KsfuzzIrpIsPastUserBuffer(irp, buffer + 20 + past)) << past;
    PVOID start;
    EXPECT_EQ(KsfuzzArenaWhereIs(buffer + 20 + past, &start), KsfuzzPoolPlaceLive) << past;
    EXPECT_EQ(start, buffer) << past;
  }
  KsfuzzIrpFree(irp);
  EXPECT_TRUE(__asan_address_is_poisoned(buffer));
}

TEST_F(IrpTest, CompletionIsLoggedAndPoisonsTheIrp) {
  PIRP irp = KsfuzzIrpBuildClose(&device_, &file_);
  EXPECT_EQ(IoGetCurrentIrpStackLocation(irp)->MajorFunction, IRP_MJ_CLOSE);
  irp->IoStatus.Status = STATUS_NO_SECURITY_ON_OBJECT;
  irp->IoStatus.Information = 7;
  IoCompleteRequest(irp, IO_NO_INCREMENT);
  EXPECT_TRUE(__asan_address_is_poisoned(&irp->IoStatus));
  const KSFUZZ_IRP_COMPLETION *completion = KsfuzzIrpTakeBack(irp);
  EXPECT_FALSE(__asan_address_is_poisoned(&irp->IoStatus));
  EXPECT_EQ(completion->Count, 1u);
  EXPECT_EQ(completion->Status, STATUS_NO_SECURITY_ON_OBJECT);
  EXPECT_EQ(completion->Information, 7u);
  EXPECT_EQ(completion->PriorityBoost, IO_NO_INCREMENT);
  EXPECT_EQ(KsfuzzVerifierViolationCount(), 0u);
  KsfuzzIrpFree(irp);
}

TEST_F(IrpTest, SecondCompletionIsReported) {
  PIRP irp = KsfuzzIrpBuildClose(&device_, &file_);
  IoCompleteRequest(irp, IO_NO_INCREMENT);
  IoCompleteRequest(irp, IO_NO_INCREMENT);
  ASSERT_EQ(KsfuzzVerifierViolationCount(), 1u);
  EXPECT_EQ(KsfuzzVerifierViolation(0)->Kind, KsfuzzViolationIrpCompletedTwice);
  EXPECT_EQ(KsfuzzVerifierViolation(0)->BugCheckCode, 0x44u);
  EXPECT_EQ(KsfuzzVerifierViolation(0)->Parameters[0], reinterpret_cast<ULONG_PTR>(irp));
  EXPECT_EQ(KsfuzzIrpCompletion(irp)->Count, 2u);
  KsfuzzIrpTakeBack(irp);
  KsfuzzIrpFree(irp);
}

// IRP violations read the same event clock as the pool, so a report can order them.
TEST_F(IrpTest, SecondCompletionHappensBetweenTheSurroundingPoolEvents) {
  PIRP irp = KsfuzzIrpBuildClose(&device_, &file_);
  void *before = ExAllocatePoolWithTag(NonPagedPool, 8, 0x74736554);
  IoCompleteRequest(irp, IO_NO_INCREMENT);
  IoCompleteRequest(irp, IO_NO_INCREMENT);
  ExFreePool(before);
  ASSERT_EQ(KsfuzzVerifierViolationCount(), 1u);
  const KSFUZZ_VIOLATION *v = KsfuzzVerifierViolation(0);
  ASSERT_EQ(KsfuzzPoolEventCount(), 2u);
  EXPECT_NE(v->Event, 0u);
  EXPECT_GT(v->Event, KsfuzzPoolEvent(0)->Event);
  EXPECT_LT(v->Event, KsfuzzPoolEvent(1)->Event);
  KsfuzzIrpTakeBack(irp);
  KsfuzzIrpFree(irp);
}

TEST_F(IrpTest, CompletingWithPendingIsReported) {
  PIRP irp = KsfuzzIrpBuildClose(&device_, &file_);
  irp->IoStatus.Status = STATUS_PENDING;
  IoCompleteRequest(irp, IO_NO_INCREMENT);
  ASSERT_EQ(KsfuzzVerifierViolationCount(), 1u);
  const KSFUZZ_VIOLATION *v = KsfuzzVerifierViolation(0);
  EXPECT_EQ(v->Kind, KsfuzzViolationIrpCompletedPending);
  EXPECT_EQ(v->BugCheckCode, 0xC9u);
  EXPECT_EQ(v->Parameters[0], 0x06u);
  EXPECT_EQ(v->Parameters[1], static_cast<ULONG_PTR>(static_cast<ULONG>(STATUS_PENDING)));
  EXPECT_EQ(v->Parameters[2], reinterpret_cast<ULONG_PTR>(irp));
  EXPECT_EQ(v->Event, KsfuzzVerifierNow());
  EXPECT_NE(v->Event, 0u);
  KsfuzzIrpTakeBack(irp);
  KsfuzzIrpFree(irp);
}

TEST_F(IrpTest, FileObjectGenericMapping) {
  PGENERIC_MAPPING mapping = IoGetFileObjectGenericMapping();
  EXPECT_EQ(mapping->GenericRead, 0x120089u);
  EXPECT_EQ(mapping->GenericWrite, 0x120116u);
  EXPECT_EQ(mapping->GenericExecute, 0x1200A0u);
  EXPECT_EQ(mapping->GenericAll, 0x1F01FFu);
}

void TouchAfterCompletion() {
  KsfuzzVerifierSetMode(KsfuzzVerifierAbort);
  static FILE_OBJECT file;
  PIRP irp = KsfuzzIrpBuildClose(nullptr, &file);
  IoCompleteRequest(irp, IO_NO_INCREMENT);
  *static_cast<volatile NTSTATUS *>(&irp->IoStatus.Status) = STATUS_SUCCESS;
}

TEST(IrpDeathTest, DriverTouchingACompletedIrpIsCaught) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_DEATH(TouchAfterCompletion(), "use-after-poison");
}

}  // namespace
