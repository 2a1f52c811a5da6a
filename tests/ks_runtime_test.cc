// ks_runtime_test.cc — the ks.sys shim's APIs: statuses, pool use, routing (SEMANTICS KS1-KS6).
#include <gtest/gtest.h>

#include <cstring>

#include "tests/support/ks_fixture.h"

namespace {

using ksfuzz::test::KsFixture;
using ksfuzz::test::sd_sddl;

/// The ledger's record of the block at address.
KSFUZZ_POOL_BLOCK_INFO BlockAt(const void* address) {
  KSFUZZ_POOL_BLOCK_INFO info{};
  EXPECT_TRUE(KsfuzzPoolBlockInfo(KsfuzzPoolBlockId(address), &info)) << "not a pool block";
  return info;
}

class KsRuntimeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    KsfuzzKernelReset();
    KsfuzzVerifierSetMode(KsfuzzVerifierRecord);
  }
  void TearDown() override {
    EXPECT_EQ(KsfuzzVerifierViolationCount(), 0u);
    KsfuzzPoolFreeLive();
    KsfuzzKernelReset();
    KsfuzzVerifierSetMode(KsfuzzVerifierAbort);
  }
  KSOBJECT_CREATE_ITEM items_[3]{};
};

TEST_F(KsRuntimeTest, DeviceHeaderIsOnePagedPoolBlockListingTheItems) {
  KSDEVICE_HEADER header = nullptr;
  ASSERT_EQ(KsAllocateDeviceHeader(&header, 3, items_), STATUS_SUCCESS);
  EXPECT_EQ(KsfuzzPoolAttemptCount(), 1u);
  KSFUZZ_POOL_BLOCK_INFO info = BlockAt(header);
  EXPECT_EQ(info.Tag, KSFUZZ_KS_TAG_DEVICE_HEADER);
  EXPECT_EQ(info.PoolType, PagedPool);
  ASSERT_EQ(KsfuzzKsDeviceItemCount(header), 3u);
  for (ULONG i = 0; i < 3; ++i) EXPECT_EQ(KsfuzzKsDeviceItem(header, i), &items_[i]);
  EXPECT_EQ(KsfuzzKsDeviceItem(header, 3), nullptr);
  KsFreeDeviceHeader(header);
  EXPECT_EQ(KsfuzzPoolLiveCount(), 0u);
}

TEST_F(KsRuntimeTest, DeviceHeaderWithoutListHasNoItems) {
  KSDEVICE_HEADER header = nullptr;
  ASSERT_EQ(KsAllocateDeviceHeader(&header, 0, nullptr), STATUS_SUCCESS);
  EXPECT_EQ(KsfuzzKsDeviceItemCount(header), 0u);
  KsFreeDeviceHeader(header);
}

TEST_F(KsRuntimeTest, DeviceHeaderAllocationFailureIsInsufficientResources) {
  KSDEVICE_HEADER header = reinterpret_cast<KSDEVICE_HEADER>(0x1234);
  KsfuzzPoolFailNth(1, 0);
  EXPECT_EQ(KsAllocateDeviceHeader(&header, 1, items_), STATUS_INSUFFICIENT_RESOURCES);
  EXPECT_EQ(header, reinterpret_cast<KSDEVICE_HEADER>(0x1234));
  EXPECT_EQ(KsfuzzPoolLiveCount(), 0u);
}

TEST_F(KsRuntimeTest, TooManyItemsIsInsufficientResources) {
  KSOBJECT_CREATE_ITEM many[KSFUZZ_KS_MAX_DEVICE_ITEMS + 1]{};
  KSDEVICE_HEADER header = nullptr;
  EXPECT_EQ(KsAllocateDeviceHeader(&header, KSFUZZ_KS_MAX_DEVICE_ITEMS + 1, many),
            STATUS_INSUFFICIENT_RESOURCES);
  ASSERT_EQ(KsAllocateDeviceHeader(&header, KSFUZZ_KS_MAX_DEVICE_ITEMS, many), STATUS_SUCCESS);
  EXPECT_EQ(KsAllocateObjectCreateItem(header, &items_[0], FALSE, nullptr),
            STATUS_INSUFFICIENT_RESOURCES);
  KsFreeDeviceHeader(header);
}

TEST_F(KsRuntimeTest, ItemCopySharesTheDescriptorPointer) {
  static const WCHAR kClass[] = {'p', 'i', 'n'};
  int descriptor = 0;  // any address: the copy must not look at it
  items_[0].Context = &items_[1];
  items_[0].ObjectClass = {static_cast<USHORT>(sizeof(kClass)), static_cast<USHORT>(sizeof(kClass)),
                          const_cast<PWSTR>(kClass)};
  items_[0].SecurityDescriptor = &descriptor;
  items_[0].Flags = KSCREATE_ITEM_WILDCARD;
  KSDEVICE_HEADER header = nullptr;
  ASSERT_EQ(KsAllocateDeviceHeader(&header, 1, items_), STATUS_SUCCESS);
  ULONG attempts = KsfuzzPoolAttemptCount();
  ASSERT_EQ(KsAllocateObjectCreateItem(header, &items_[0], TRUE, nullptr), STATUS_SUCCESS);
  EXPECT_EQ(KsfuzzPoolAttemptCount(), attempts + 1);
  ASSERT_EQ(KsfuzzKsDeviceItemCount(header), 2u);
  PKSOBJECT_CREATE_ITEM copy = KsfuzzKsDeviceItem(header, 1);
  EXPECT_NE(copy, &items_[0]);
  EXPECT_EQ(copy->SecurityDescriptor, &descriptor);
  EXPECT_EQ(copy->Context, &items_[1]);
  EXPECT_EQ(copy->Flags, static_cast<ULONG>(KSCREATE_ITEM_WILDCARD));
  ASSERT_EQ(copy->ObjectClass.Length, sizeof(kClass));
  EXPECT_NE(copy->ObjectClass.Buffer, kClass);
  EXPECT_EQ(std::memcmp(copy->ObjectClass.Buffer, kClass, sizeof(kClass)), 0);
  KSFUZZ_POOL_BLOCK_INFO info = BlockAt(copy);
  EXPECT_EQ(info.Tag, KSFUZZ_KS_TAG_CREATE_ITEM);
  EXPECT_EQ(info.PoolType, NonPagedPool);
  KsFreeDeviceHeader(header);
  EXPECT_EQ(KsfuzzPoolLiveCount(), 0u);
}

TEST_F(KsRuntimeTest, ItemWithoutCopyIsTheCallersAndSkipsTheCallback) {
  static int callbacks;
  callbacks = 0;
  KSDEVICE_HEADER header = nullptr;
  ASSERT_EQ(KsAllocateDeviceHeader(&header, 0, nullptr), STATUS_SUCCESS);
  ULONG attempts = KsfuzzPoolAttemptCount();
  ASSERT_EQ(KsAllocateObjectCreateItem(header, &items_[2], FALSE,
                                       [](PKSOBJECT_CREATE_ITEM) { ++callbacks; }),
            STATUS_SUCCESS);
  EXPECT_EQ(KsfuzzPoolAttemptCount(), attempts);
  EXPECT_EQ(KsfuzzKsDeviceItem(header, 0), &items_[2]);
  KsFreeDeviceHeader(header);
  EXPECT_EQ(callbacks, 0);
}

TEST_F(KsRuntimeTest, CopiesFreeCallbackRunsBeforeTheCopyIsFreed) {
  static PKSOBJECT_CREATE_ITEM seen;
  static bool seen_live;
  seen = nullptr;
  KSDEVICE_HEADER header = nullptr;
  ASSERT_EQ(KsAllocateDeviceHeader(&header, 0, nullptr), STATUS_SUCCESS);
  ASSERT_EQ(KsAllocateObjectCreateItem(header, &items_[0], TRUE,
                                       [](PKSOBJECT_CREATE_ITEM item) {
                                         seen = item;
                                         KSFUZZ_POOL_BLOCK_INFO info{};
                                         seen_live = KsfuzzPoolBlockInfo(KsfuzzPoolBlockId(item), &info) && info.Live;
                                       }),
            STATUS_SUCCESS);
  PKSOBJECT_CREATE_ITEM copy = KsfuzzKsDeviceItem(header, 0);
  KsFreeDeviceHeader(header);
  EXPECT_EQ(seen, copy);
  EXPECT_TRUE(seen_live);
  EXPECT_EQ(KsfuzzPoolLiveCount(), 0u);
}

TEST_F(KsRuntimeTest, ItemCopyAllocationFailureAddsNothing) {
  KSDEVICE_HEADER header = nullptr;
  ASSERT_EQ(KsAllocateDeviceHeader(&header, 1, items_), STATUS_SUCCESS);
  KsfuzzPoolFailNth(1, KSFUZZ_KS_TAG_CREATE_ITEM);
  EXPECT_EQ(KsAllocateObjectCreateItem(header, &items_[0], TRUE, nullptr),
            STATUS_INSUFFICIENT_RESOURCES);
  EXPECT_EQ(KsfuzzKsDeviceItemCount(header), 1u);
  KsFreeDeviceHeader(header);
}

TEST_F(KsRuntimeTest, ObjectHeaderTakesTheCreateItemFromTheCreateIrp) {
  KSDISPATCH_TABLE table{};
  IRP irp{};
  IO_STACK_LOCATION stack{};
  irp.Tail.Overlay.CurrentStackLocation = &stack;
  stack.MajorFunction = IRP_MJ_CREATE;
  KSCREATE_ITEM_IRP_STORAGE(&irp) = &items_[1];
  // KS1: the WDK's ks.h slot.
  EXPECT_EQ(&KSCREATE_ITEM_IRP_STORAGE(&irp), reinterpret_cast<PKSOBJECT_CREATE_ITEM*>(
                                                  &irp.Tail.Overlay.DriverContext[0]));
  KSOBJECT_HEADER header = nullptr;
  ASSERT_EQ(KsAllocateObjectHeader(&header, 0, nullptr, &irp, &table), STATUS_SUCCESS);
  EXPECT_EQ(KsQueryObjectCreateItem(header), &items_[1]);
  KSFUZZ_POOL_BLOCK_INFO info = BlockAt(header);
  EXPECT_EQ(info.Tag, KSFUZZ_KS_TAG_OBJECT_HEADER);
  EXPECT_EQ(info.PoolType, NonPagedPool);
  KsFreeObjectHeader(header);
  EXPECT_EQ(KsfuzzPoolLiveCount(), 0u);

  KsfuzzPoolFailNth(1, KSFUZZ_KS_TAG_OBJECT_HEADER);
  EXPECT_EQ(KsAllocateObjectHeader(&header, 0, nullptr, &irp, &table), STATUS_INSUFFICIENT_RESOURCES);
}

TEST_F(KsRuntimeTest, DefaultSecurityIsAPagedPoolBlockWithTheKernelTag) {
  PSECURITY_DESCRIPTOR sd = nullptr;
  ASSERT_EQ(KsCreateDefaultSecurity(nullptr, &sd), STATUS_SUCCESS);
  KSFUZZ_POOL_BLOCK_INFO info = BlockAt(sd);
  EXPECT_EQ(info.Tag, KSFUZZ_SE_SD_TAG);
  EXPECT_EQ(info.PoolType, PagedPool);
  EXPECT_EQ(info.Size, RtlLengthSecurityDescriptor(sd));
  EXPECT_TRUE(RtlValidRelativeSecurityDescriptor(sd, static_cast<ULONG>(info.Size), 0));
  EXPECT_EQ(sd_sddl(sd), "O:BAG:SYD:(A;;FA;;;SY)(A;;0x1200a9;;;BA)");
  ExFreePool(sd);

  KsfuzzPoolFailNth(1, KSFUZZ_SE_SD_TAG);
  sd = nullptr;
  EXPECT_EQ(KsCreateDefaultSecurity(nullptr, &sd), STATUS_INSUFFICIENT_RESOURCES);
  EXPECT_EQ(sd, nullptr);
}

// Routing: a table of probes that each record what they saw and complete the IRP.
struct Seen {
  int calls = 0;
  UCHAR major = 0xFF;
  PKSOBJECT_CREATE_ITEM item = nullptr;     ///< through the object header at FsContext
  PKSOBJECT_CREATE_ITEM storage = nullptr;  ///< KSCREATE_ITEM_IRP_STORAGE
};
Seen g_seen;

NTSTATUS NTAPI Probe(PDEVICE_OBJECT, PIRP irp) {
  ++g_seen.calls;
  PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(irp);
  g_seen.major = stack->MajorFunction;
  PVOID context = stack->FileObject->FsContext;  // none yet while a create is dispatched
  g_seen.item = context ? KsQueryObjectCreateItem(*static_cast<KSOBJECT_HEADER*>(context)) : nullptr;
  g_seen.storage = KSCREATE_ITEM_IRP_STORAGE(irp);
  irp->IoStatus.Status = STATUS_NOT_FOUND;  // a status nothing else returns
  IoCompleteRequest(irp, IO_NO_INCREMENT);
  return STATUS_NOT_FOUND;
}

class KsDispatchIrpTest : public KsFixture {
 protected:
  void SetUp() override {
    KsFixture::SetUp();
    g_seen = {};
  }
  /// Reopens file 0 (on item 0) with every routed entry set to Probe.
  void ProbeFileZero() {
    Send(KsfuzzIrpBuildClose(&device_, &files_[0]));
    probe_table_ = {Probe, Probe, Probe, Probe, Probe, Probe, Probe, nullptr, nullptr, nullptr};
    ASSERT_EQ(KsfuzzKsOpenFile(&device_, &files_[0], &items_[0], &probe_table_), STATUS_SUCCESS);
  }
  KSDISPATCH_TABLE probe_table_{};
};

// KS5: the routine finds the item through the object header; the storage stays as the I/O
// manager handed the IRP over (zero), since ks.sys fills it for IRP_MJ_CREATE only.
TEST_F(KsDispatchIrpTest, SecurityIrpsReachTheTableWithTheStorageLeftEmpty) {
  ProbeFileZero();
  auto set = Set(0, DACL_SECURITY_INFORMATION, "D:(A;;GA;;;WD)");
  EXPECT_EQ(set.returned, STATUS_NOT_FOUND);
  EXPECT_EQ(g_seen.major, IRP_MJ_SET_SECURITY);
  EXPECT_EQ(g_seen.item, &items_[0]);
  EXPECT_EQ(g_seen.storage, nullptr);
  auto query = Query(0, DACL_SECURITY_INFORMATION, 64);
  EXPECT_EQ(query.returned, STATUS_NOT_FOUND);
  EXPECT_EQ(g_seen.major, IRP_MJ_QUERY_SECURITY);
  EXPECT_EQ(g_seen.item, &items_[0]);
  EXPECT_EQ(g_seen.storage, nullptr);
  EXPECT_EQ(g_seen.calls, 2);
}

TEST_F(KsDispatchIrpTest, CloseReachesTheTable) {
  ProbeFileZero();
  auto close = Send(KsfuzzIrpBuildClose(&device_, &files_[0]));
  EXPECT_EQ(close.returned, STATUS_NOT_FOUND);
  EXPECT_EQ(g_seen.major, IRP_MJ_CLOSE);
  EXPECT_EQ(g_seen.item, &items_[0]);
  EXPECT_EQ(g_seen.storage, nullptr);
  // The probe freed nothing: close the object as the stand-in driver would.
  auto* context = static_cast<PKSFUZZ_KS_FILE_CONTEXT>(files_[0].FsContext);
  KsFreeObjectHeader(context->ObjectHeader);
  ExFreePool(context);
  files_[0].FsContext = nullptr;
}

TEST_F(KsDispatchIrpTest, TheReferenceLooksNotAtTheStorage) {
  PIRP irp = KsfuzzIrpBuildQuerySecurity(&device_, &files_[kNoItemFile], OWNER_SECURITY_INFORMATION, 4);
  KSCREATE_ITEM_IRP_STORAGE(irp) = &items_[0];  // whatever is there, the object has no item
  auto sent = Send(irp);
  EXPECT_EQ(sent.returned, STATUS_NO_SECURITY_ON_OBJECT);
}

// KS9: a create carries the item being opened in the storage, and nothing else does.
TEST_F(KsDispatchIrpTest, CreateCarriesTheItemInTheStorage) {
  static const WCHAR kName[] = {'p', 'r', 'o', 'b', 'e'};
  items_[1].Create = Probe;
  items_[1].ObjectClass = {static_cast<USHORT>(sizeof(kName)), static_cast<USHORT>(sizeof(kName)),
                           const_cast<PWSTR>(kName)};
  FILE_OBJECT file{};
  file.FileName = items_[1].ObjectClass;
  auto sent = Send(KsfuzzIrpBuildCreate(&device_, &file));
  EXPECT_EQ(sent.returned, STATUS_NOT_FOUND);
  EXPECT_EQ(g_seen.major, IRP_MJ_CREATE);
  EXPECT_EQ(g_seen.storage, &items_[1]);
}

TEST_F(KsDispatchIrpTest, StandInCloseFreesTheObject) {
  ULONG live = KsfuzzPoolLiveCount();
  auto close = Send(KsfuzzIrpBuildClose(&device_, &files_[1]));
  EXPECT_EQ(close.returned, STATUS_SUCCESS);
  EXPECT_EQ(close.completion.Count, 1u);
  EXPECT_EQ(files_[1].FsContext, nullptr);
  EXPECT_EQ(KsfuzzPoolLiveCount(), live - 2);  // the object header and the FsContext block
}

TEST_F(KsDispatchIrpTest, FileWithoutObjectIsAnInvalidDeviceRequest) {
  FILE_OBJECT bare{};
  auto sent = Send(KsfuzzIrpBuildSetSecurity(&device_, &bare, DACL_SECURITY_INFORMATION, nullptr));
  EXPECT_EQ(sent.returned, STATUS_INVALID_DEVICE_REQUEST);
  EXPECT_EQ(sent.completion.Count, 1u);
  EXPECT_EQ(sent.completion.Status, STATUS_INVALID_DEVICE_REQUEST);
}

TEST_F(KsDispatchIrpTest, InvalidDeviceRequestCompletesOnce) {
  PIRP irp = KsfuzzIrpBuildClose(&device_, &files_[0]);
  irp->IoStatus.Information = 5;
  NTSTATUS status = KsDispatchInvalidDeviceRequest(&device_, irp);
  const KSFUZZ_IRP_COMPLETION* completion = KsfuzzIrpTakeBack(irp);
  EXPECT_EQ(status, STATUS_INVALID_DEVICE_REQUEST);
  EXPECT_EQ(completion->Count, 1u);
  EXPECT_EQ(completion->Status, STATUS_INVALID_DEVICE_REQUEST);
  EXPECT_EQ(completion->Information, 5u);
  KsfuzzIrpFree(irp);
}

TEST_F(KsDispatchIrpTest, OpenFileFailureAllocatesNothing) {
  FILE_OBJECT file{};
  ULONG live = KsfuzzPoolLiveCount();
  KsfuzzPoolFailNth(1, KSFUZZ_KS_TAG_OBJECT_HEADER);
  EXPECT_EQ(KsfuzzKsOpenFile(&device_, &file, &items_[0], &table_), STATUS_INSUFFICIENT_RESOURCES);
  EXPECT_EQ(file.FsContext, nullptr);
  EXPECT_EQ(KsfuzzPoolLiveCount(), live);
}

}  // namespace
