// tests/support/ks_fixture.h — a device with create items and open files in the emulated ks.sys,
// for tests that send hand-built IRPs to one implementation and look at what it did.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <ksfuzz/kernel_harness.h>
#include <ksfuzz/ks_harness.h>

#include "model/sd/codec.h"
#include "model/sd/sddl.h"

namespace ksfuzz::test {

/// The tag the fixture gives descriptors it places in pool ("tsSD").
inline constexpr ULONG kTestDescriptorTag = 0x44537374;

/// Self-relative bytes of an SDDL string (the model's parser and encoder).
inline std::vector<std::uint8_t> sd_bytes(std::string_view sddl) {
  auto sd = model::parse_sddl(sddl);
  if (!sd) ADD_FAILURE() << "bad SDDL in a test: " << sddl << ": " << sd.error();
  return sd ? model::encode(*sd) : std::vector<std::uint8_t>{};
}

/// The SDDL of a self-relative descriptor in memory, sized by the kernel's
/// RtlLengthSecurityDescriptor and read by the model's decoder.
inline std::string sd_sddl(const void* descriptor) {
  auto length = RtlLengthSecurityDescriptor(const_cast<void*>(descriptor));
  auto sd = model::decode(std::span(static_cast<const std::uint8_t*>(descriptor), length));
  if (!sd) return "undecodable: " + sd.error().rule;
  auto text = model::print_sddl(*sd);
  return text ? text.value() : "unprintable: " + text.error().rule;
}

/// What one IRP did: the routine's return value and the completion record.
struct Sent {
  NTSTATUS returned = 0;
  KSFUZZ_IRP_COMPLETION completion{};
  std::vector<std::uint8_t> buffer;  ///< a query's user buffer after the call
};

/// A device whose header lists kItems create items, and one file per item opened on it with an
/// implementation's dispatch table (plus one file whose IRPs carry no create item). The verifier
/// records instead of aborting, so a test can look at violations.
class KsFixture : public ::testing::Test {
 protected:
  static constexpr int kItems = 2;
  static constexpr int kNoItemFile = kItems;

  void SetUp() override {
    KsfuzzPoolReset();
    KsfuzzVerifierSetMode(KsfuzzVerifierRecord);
    ASSERT_EQ(KsAllocateDeviceHeader(&header_, kItems, items_), STATUS_SUCCESS);
    device_.DeviceExtension = &header_;  // the header is the extension's first member (KS9)
    Use(KsfuzzImplFind("reference"));
  }

  void TearDown() override {
    for (auto& file : files_)
      if (file.FsContext != nullptr) Send(KsfuzzIrpBuildClose(&device_, &file));
    KsFreeDeviceHeader(header_);
    for (auto* captured : captured_) KsfuzzFreeCapturedSecurityDescriptor(captured);
    KsfuzzPoolFreeLive();
    KsfuzzPoolReset();
    KsfuzzVerifierSetMode(KsfuzzVerifierAbort);
  }

  /// Opens every file for Impl (closing what was open).
  void Use(const KSFUZZ_IMPL* impl) {
    ASSERT_NE(impl, nullptr);
    for (auto& file : files_)
      if (file.FsContext != nullptr) Send(KsfuzzIrpBuildClose(&device_, &file));
    KsfuzzKsDispatchTable(impl, &table_);
    for (int f = 0; f <= kItems; ++f)
      ASSERT_EQ(KsfuzzKsOpenFile(&device_, &files_[f], f < kItems ? &items_[f] : nullptr, &table_),
                STATUS_SUCCESS);
  }

  /// Gives item its own pool block holding sddl (NonPagedPool, kTestDescriptorTag).
  PSECURITY_DESCRIPTOR Own(int item, std::string_view sddl) {
    auto bytes = sd_bytes(sddl);
    PVOID block = ExAllocatePoolWithTag(NonPagedPool, bytes.size(), kTestDescriptorTag);
    std::memcpy(block, bytes.data(), bytes.size());
    items_[item].SecurityDescriptor = block;
    return block;
  }

  /// The caller's descriptor as the I/O manager hands it over (C2); freed at teardown.
  PSECURITY_DESCRIPTOR Captured(std::string_view sddl) {
    auto bytes = sd_bytes(sddl);
    PSECURITY_DESCRIPTOR captured = nullptr;
    EXPECT_EQ(KsfuzzCaptureSecurityDescriptor(bytes.data(), static_cast<ULONG>(bytes.size()),
                                              &captured),
              STATUS_SUCCESS);
    captured_.push_back(captured);
    return captured;
  }

  /// Sends irp through KsDispatchIrp, takes it back and frees it.
  Sent Send(PIRP irp) {
    Sent sent;
    sent.returned = KsDispatchIrp(&device_, irp);
    sent.completion = *KsfuzzIrpTakeBack(irp);
    if (IoGetCurrentIrpStackLocation(irp)->MajorFunction == IRP_MJ_QUERY_SECURITY) {
      auto* bytes = static_cast<const std::uint8_t*>(irp->UserBuffer);
      sent.buffer.assign(bytes, bytes + IoGetCurrentIrpStackLocation(irp)->Parameters.QuerySecurity.Length);
    }
    KsfuzzIrpFree(irp);
    return sent;
  }

  Sent Set(int file, SECURITY_INFORMATION info, std::string_view sddl) {
    return Send(KsfuzzIrpBuildSetSecurity(&device_, &files_[file], info, Captured(sddl)));
  }

  /// A query whose user buffer starts filled with 0xEE, so untouched bytes show.
  Sent Query(int file, SECURITY_INFORMATION info, ULONG length) {
    PIRP irp = KsfuzzIrpBuildQuerySecurity(&device_, &files_[file], info, length);
    std::memset(irp->UserBuffer, 0xEE, length);
    return Send(irp);
  }

  /// How many recorded violations are of kind.
  static int Violations(KSFUZZ_VIOLATION_KIND kind) {
    int n = 0;
    for (ULONG i = 0; i < KsfuzzVerifierViolationCount(); ++i) n += KsfuzzVerifierViolation(i)->Kind == kind;
    return n;
  }

  static bool Live(const void* block) {
    KSFUZZ_POOL_BLOCK_INFO info;
    return KsfuzzPoolBlockInfo(KsfuzzPoolBlockId(block), &info) && info.Live;
  }

  DEVICE_OBJECT device_{};
  KSOBJECT_CREATE_ITEM items_[kItems]{};
  FILE_OBJECT files_[kItems + 1]{};
  KSDEVICE_HEADER header_ = nullptr;
  KSDISPATCH_TABLE table_{};
  std::vector<PSECURITY_DESCRIPTOR> captured_;
};

}  // namespace ksfuzz::test
