// ks_create_items_test.cc — a device header's create-item slots as a driver's setup code fills and
// frees them: KsAddObjectCreateItemToDeviceHeader, KsFreeObjectCreateItem,
// KsFreeObjectCreateItemsByContext (docs/SEMANTICS.md R13-R15).
#include <gtest/gtest.h>

#include <cstring>
#include <vector>

#include <ksfuzz/kernel_harness.h>
#include <ksfuzz/ks_harness.h>

namespace {

WCHAR kPin[] = {'p', 'i', 'n', 0};
WCHAR kFilter[] = {'f', 'i', 'l', 't', 'e', 'r', 0};
WCHAR kClock[] = {'c', 'l', 'o', 'c', 'k', 0};

UNICODE_STRING Name(PWSTR text) {
  USHORT characters = 0;
  while (text[characters] != 0) ++characters;
  return {static_cast<USHORT>(characters * sizeof(WCHAR)), static_cast<USHORT>(characters * sizeof(WCHAR)), text};
}

int g_creates = 0;
NTSTATUS NTAPI CountingCreate(PDEVICE_OBJECT, PIRP irp) {
  ++g_creates;
  irp->IoStatus.Status = STATUS_SUCCESS;
  IoCompleteRequest(irp, IO_NO_INCREMENT);
  return STATUS_SUCCESS;
}
NTSTATUS NTAPI OtherCreate(PDEVICE_OBJECT, PIRP irp) { return CountingCreate(nullptr, irp); }

std::vector<PKSOBJECT_CREATE_ITEM> g_freed;
VOID NTAPI RecordFree(PKSOBJECT_CREATE_ITEM item) { g_freed.push_back(item); }

class KsCreateItemsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    KsfuzzKernelReset();
    KsfuzzVerifierSetMode(KsfuzzVerifierRecord);
    g_creates = 0;
    g_freed.clear();
    ASSERT_EQ(KsAllocateDeviceHeader(&header_, 3, items_), STATUS_SUCCESS);
    device_.DeviceExtension = &header_;
  }
  void TearDown() override {
    if (header_ != nullptr) KsFreeDeviceHeader(header_);
    EXPECT_EQ(KsfuzzVerifierViolationCount(), 0u);
    KsfuzzPoolFreeLive();
    KsfuzzKernelReset();
    KsfuzzVerifierSetMode(KsfuzzVerifierAbort);
  }
  std::vector<PKSOBJECT_CREATE_ITEM> Listed() {
    std::vector<PKSOBJECT_CREATE_ITEM> listed;
    for (ULONG i = 0; i < KsfuzzKsDeviceItemCount(header_); ++i) listed.push_back(KsfuzzKsDeviceItem(header_, i));
    return listed;
  }
  /// IRP_MJ_CREATE for name through KsDispatchIrp; its status.
  NTSTATUS Open(PWSTR name) {
    FILE_OBJECT file{};
    file.FileName = Name(name);
    PIRP irp = KsfuzzIrpBuildCreate(&device_, &file);
    NTSTATUS status = KsDispatchIrp(&device_, irp);
    KsfuzzIrpTakeBack(irp);
    KsfuzzIrpFree(irp);
    return status;
  }
  static bool Live(const void* block) {
    KSFUZZ_POOL_BLOCK_INFO info;
    return KsfuzzPoolBlockInfo(KsfuzzPoolBlockId(block), &info) && info.Live;
  }

  KSOBJECT_CREATE_ITEM items_[3]{};
  KSDEVICE_HEADER header_ = nullptr;
  DEVICE_OBJECT device_{};
};

// ---- R13 ----

TEST_F(KsCreateItemsTest, AddFillsTheFirstEmptySlotInTheDriversList) {
  int descriptor = 0;  // any address: the item keeps the pointer, nobody reads it
  items_[0].Create = CountingCreate;
  items_[0].ObjectClass = Name(kFilter);
  items_[2].Flags = KSCREATE_ITEM_SECURITYCHANGED;  // stale: a filled slot starts with Flags 0
  ASSERT_EQ(KsAddObjectCreateItemToDeviceHeader(header_, CountingCreate, &items_, kPin, &descriptor),
            STATUS_SUCCESS);
  EXPECT_EQ(items_[1].Create, CountingCreate);
  EXPECT_EQ(items_[1].Context, &items_);
  EXPECT_EQ(items_[1].ObjectClass.Buffer, kPin) << "the string is kept, not copied";
  EXPECT_EQ(items_[1].ObjectClass.Length, 3 * sizeof(WCHAR));
  EXPECT_EQ(items_[1].ObjectClass.MaximumLength, 4 * sizeof(WCHAR));
  EXPECT_EQ(items_[1].SecurityDescriptor, &descriptor);
  EXPECT_EQ(items_[1].Flags, 0u);
  EXPECT_EQ(KsfuzzPoolAttemptCount(), 1u) << "only the header was allocated";

  ASSERT_EQ(KsAddObjectCreateItemToDeviceHeader(header_, OtherCreate, nullptr, kClock, nullptr), STATUS_SUCCESS);
  EXPECT_EQ(items_[2].Create, OtherCreate);
  EXPECT_EQ(items_[2].Flags, 0u);
  EXPECT_EQ(Listed(), (std::vector<PKSOBJECT_CREATE_ITEM>{&items_[0], &items_[1], &items_[2]}));

  EXPECT_EQ(Open(kPin), STATUS_SUCCESS) << "KsDispatchIrp finds the added item by its name";
  EXPECT_EQ(g_creates, 1);
}

TEST_F(KsCreateItemsTest, NoEmptySlotIsAllottedSpaceExceeded) {
  for (auto& item : items_) item.Create = CountingCreate;
  KSOBJECT_CREATE_ITEM before[3];
  std::memcpy(before, items_, sizeof(items_));
  EXPECT_EQ(KsAddObjectCreateItemToDeviceHeader(header_, CountingCreate, nullptr, kPin, nullptr),
            STATUS_ALLOTTED_SPACE_EXCEEDED);
  EXPECT_EQ(std::memcmp(before, items_, sizeof(items_)), 0);
  KSDEVICE_HEADER empty = nullptr;
  ASSERT_EQ(KsAllocateDeviceHeader(&empty, 0, nullptr), STATUS_SUCCESS);
  EXPECT_EQ(KsAddObjectCreateItemToDeviceHeader(empty, CountingCreate, nullptr, kPin, nullptr),
            STATUS_ALLOTTED_SPACE_EXCEEDED);
  KsFreeDeviceHeader(empty);
}

TEST_F(KsCreateItemsTest, AddRefusesNullArguments) {
  EXPECT_EQ(KsAddObjectCreateItemToDeviceHeader(nullptr, CountingCreate, nullptr, kPin, nullptr),
            STATUS_INVALID_PARAMETER);
  EXPECT_EQ(KsAddObjectCreateItemToDeviceHeader(header_, nullptr, nullptr, kPin, nullptr), STATUS_INVALID_PARAMETER);
  EXPECT_EQ(KsAddObjectCreateItemToDeviceHeader(header_, CountingCreate, nullptr, nullptr, nullptr),
            STATUS_INVALID_PARAMETER);
  EXPECT_EQ(items_[0].Create, nullptr);
}

// ---- R14 ----

TEST_F(KsCreateItemsTest, FreeByNameEmptiesTheDriversSlotForReuse) {
  PVOID descriptor = ExAllocatePoolWithTag(NonPagedPool, 20, 0x44537374);
  ASSERT_EQ(KsAddObjectCreateItemToDeviceHeader(header_, CountingCreate, nullptr, kPin, descriptor), STATUS_SUCCESS);
  UNICODE_STRING pin = Name(kPin);
  ASSERT_EQ(KsFreeObjectCreateItem(header_, &pin), STATUS_SUCCESS);
  EXPECT_EQ(items_[0].Create, nullptr);
  EXPECT_EQ(items_[0].SecurityDescriptor, descriptor);
  EXPECT_TRUE(Live(descriptor)) << "the descriptor is the driver's to free";
  EXPECT_EQ(Listed().size(), 3u) << "the driver's item stays listed";
  EXPECT_EQ(Open(kPin), STATUS_OBJECT_NAME_NOT_FOUND);
  EXPECT_EQ(KsFreeObjectCreateItem(header_, &pin), STATUS_OBJECT_NAME_NOT_FOUND) << "already empty";
  ASSERT_EQ(KsAddObjectCreateItemToDeviceHeader(header_, OtherCreate, nullptr, kClock, nullptr), STATUS_SUCCESS);
  EXPECT_EQ(items_[0].Create, OtherCreate) << "the freed slot is the first empty one again";
  ExFreePool(descriptor);
}

TEST_F(KsCreateItemsTest, FreeByNameFreesACopyAndUnlistsIt) {
  KSOBJECT_CREATE_ITEM source{};
  source.Create = CountingCreate;
  source.ObjectClass = Name(kFilter);
  ASSERT_EQ(KsAddObjectCreateItemToDeviceHeader(header_, OtherCreate, nullptr, kPin, nullptr), STATUS_SUCCESS);
  ASSERT_EQ(KsAllocateObjectCreateItem(header_, &source, TRUE, RecordFree), STATUS_SUCCESS);
  ASSERT_EQ(KsAllocateObjectCreateItem(header_, &source, FALSE, nullptr), STATUS_SUCCESS);
  std::vector<PKSOBJECT_CREATE_ITEM> listed = Listed();
  ASSERT_EQ(listed.size(), 5u);
  PKSOBJECT_CREATE_ITEM copy = listed[3];
  ASSERT_TRUE(Live(copy));
  UNICODE_STRING filter = Name(kFilter);
  ASSERT_EQ(KsFreeObjectCreateItem(header_, &filter), STATUS_SUCCESS);
  EXPECT_EQ(g_freed, std::vector<PKSOBJECT_CREATE_ITEM>{copy}) << "the copy's callback, once";
  EXPECT_FALSE(Live(copy));
  EXPECT_EQ(source.Create, nullptr) << "the item listed by reference is emptied, not freed";
  EXPECT_EQ(Listed(), (std::vector<PKSOBJECT_CREATE_ITEM>{&items_[0], &items_[1], &items_[2], &source}));
  EXPECT_EQ(items_[0].Create, OtherCreate) << "other names untouched";
}

TEST_F(KsCreateItemsTest, FreeMatchesTheWholeNameExactly) {
  ASSERT_EQ(KsAddObjectCreateItemToDeviceHeader(header_, CountingCreate, nullptr, kFilter, nullptr), STATUS_SUCCESS);
  WCHAR upper[] = {'F', 'I', 'L', 'T', 'E', 'R', 0};
  UNICODE_STRING prefix = Name(kFilter);
  prefix.Length -= sizeof(WCHAR);
  UNICODE_STRING other_case = Name(upper);
  EXPECT_EQ(KsFreeObjectCreateItem(header_, &prefix), STATUS_OBJECT_NAME_NOT_FOUND);
  EXPECT_EQ(KsFreeObjectCreateItem(header_, &other_case), STATUS_OBJECT_NAME_NOT_FOUND);
  EXPECT_EQ(items_[0].Create, CountingCreate);
  EXPECT_EQ(KsFreeObjectCreateItem(header_, nullptr), STATUS_INVALID_PARAMETER);
  UNICODE_STRING filter = Name(kFilter);
  EXPECT_EQ(KsFreeObjectCreateItem(nullptr, &filter), STATUS_INVALID_PARAMETER);
}

// ---- R15 ----

TEST_F(KsCreateItemsTest, FreeByContextFreesEveryItemWithIt) {
  int factory = 0, other = 0;
  ASSERT_EQ(KsAddObjectCreateItemToDeviceHeader(header_, CountingCreate, &factory, kPin, nullptr), STATUS_SUCCESS);
  ASSERT_EQ(KsAddObjectCreateItemToDeviceHeader(header_, CountingCreate, &other, kFilter, nullptr), STATUS_SUCCESS);
  ASSERT_EQ(KsAddObjectCreateItemToDeviceHeader(header_, CountingCreate, &factory, kClock, nullptr), STATUS_SUCCESS);
  KSOBJECT_CREATE_ITEM source{};
  source.Create = CountingCreate;
  source.Context = &factory;
  ASSERT_EQ(KsAllocateObjectCreateItem(header_, &source, TRUE, RecordFree), STATUS_SUCCESS);
  PKSOBJECT_CREATE_ITEM copy = KsfuzzKsDeviceItem(header_, 3);
  ASSERT_EQ(KsFreeObjectCreateItemsByContext(header_, &factory), STATUS_SUCCESS);
  EXPECT_EQ(items_[0].Create, nullptr);
  EXPECT_EQ(items_[1].Create, CountingCreate);
  EXPECT_EQ(items_[2].Create, nullptr);
  EXPECT_EQ(g_freed, std::vector<PKSOBJECT_CREATE_ITEM>{copy});
  EXPECT_EQ(Listed().size(), 3u);
  EXPECT_EQ(KsFreeObjectCreateItemsByContext(header_, &factory), STATUS_OBJECT_NAME_NOT_FOUND);
  EXPECT_EQ(KsFreeObjectCreateItemsByContext(nullptr, &factory), STATUS_INVALID_PARAMETER);
}

TEST_F(KsCreateItemsTest, FreeDeviceHeaderAfterFreeingCopiesFreesEachBlockOnce) {
  KSOBJECT_CREATE_ITEM source{};
  source.Create = CountingCreate;
  source.ObjectClass = Name(kClock);
  ASSERT_EQ(KsAllocateObjectCreateItem(header_, &source, TRUE, RecordFree), STATUS_SUCCESS);
  ASSERT_EQ(KsAllocateObjectCreateItem(header_, &source, TRUE, RecordFree), STATUS_SUCCESS);
  UNICODE_STRING clock = Name(kClock);
  ASSERT_EQ(KsFreeObjectCreateItem(header_, &clock), STATUS_SUCCESS);
  EXPECT_EQ(g_freed.size(), 2u);
  KsFreeDeviceHeader(header_);
  header_ = nullptr;
  EXPECT_EQ(g_freed.size(), 2u) << "no callback twice";
  EXPECT_EQ(KsfuzzPoolLiveCount(), 0u);
}

}  // namespace
