// harness/scenario/scenario_driver.cc — the built-in driver "scenario" (scenario_driver.h).
#define KSFUZZ_BUILTIN_DRIVER
#include "harness/scenario/scenario_driver.h"

#include <array>
#include <cstring>
#include <vector>

#include <ntifs.h>
#include <ks.h>
#include <ksfuzz/kernel_harness.h>
#include <ksfuzz/ks_harness.h>

#include "harness/scenario/scenario.h"
#include "model/sd/codec.h"

namespace ksfuzz {
namespace {

const model::World* g_world = nullptr;

// Names must outlive the ledger's records: literals.
constexpr const char* kSetupSites[kMaxItems] = {"create item 0 setup", "create item 1 setup",
                                                "create item 2 setup", "create item 3 setup"};
constexpr WCHAR kObjectClasses[kMaxItems][5] = {{'i', 't', 'e', 'm', '0'}, {'i', 't', 'e', 'm', '1'},
                                                {'i', 't', 'e', 'm', '2'}, {'i', 't', 'e', 'm', '3'}};

// Descriptors of static slots: memory the pool never handed out, as a driver's global would be.
alignas(16) unsigned char g_static_descriptors[kMaxItems][kMaxDescriptorBytes];

// The driver's device extension: the device header first, as ks.sys requires; then what its
// remove routine needs to know.
struct Extension {
  KSDEVICE_HEADER header;
  std::size_t count;
  std::array<PVOID, kMaxItems> setup_descriptor;  // what Setup put in each item
  std::array<bool, kMaxItems> owns;               // whether that is the driver's to free
};
static_assert(sizeof(Extension) <= KSFUZZ_DEVICE_EXTENSION_SIZE);

PVOID allocate_descriptor(const model::Item& item, std::size_t index) {
  if (!item.has_own_descriptor()) return nullptr;
  static std::vector<std::uint8_t> bytes;  // its storage kept from run to run
  model::encode_into(*item.descriptor, bytes);
  PVOID p = nullptr;
  switch (item.kind) {
    case model::SlotKind::kOwned:
      p = ExAllocatePoolWithTag(item.pool == model::PoolKind::kPaged ? PagedPool : NonPagedPoolNx, bytes.size(), item.tag);
      break;
    case model::SlotKind::kDefault:
      // An assign-security path's descriptor: PagedPool with the kernel's SD tag.
      p = ExAllocatePoolWithTag(PagedPool, bytes.size(), KSFUZZ_SE_SD_TAG);
      break;
    case model::SlotKind::kStatic:
      p = g_static_descriptors[index];
      std::memset(p, 0, kMaxDescriptorBytes);
      break;
    case model::SlotKind::kNone:
    case model::SlotKind::kShared:
      break;
  }
  if (p) std::memcpy(p, bytes.data(), bytes.size());
  return p;
}

// AddDevice: each item's descriptor first (a copy takes its original's pointer), then the device
// header, then the items in the world's order, each added with KsAllocateObjectCreateItem.
NTSTATUS Setup(PDEVICE_OBJECT device) {
  auto* ext = static_cast<Extension*>(device->DeviceExtension);
  const model::World& world = *g_world;
  ext->count = world.items.size();
  for (std::size_t i = 0; i < world.items.size(); ++i) {
    const model::Item& it = world.items[i];
    KsfuzzPoolSetSite(kSetupSites[i]);
    ext->setup_descriptor[i] = it.kind == model::SlotKind::kShared ? ext->setup_descriptor[it.shares_with]
                                                                    : allocate_descriptor(it, i);
    ext->owns[i] = it.owns_block();
    if (it.has_own_descriptor() && !ext->setup_descriptor[i]) return STATUS_INSUFFICIENT_RESOURCES;
  }
  KsfuzzPoolSetSite("device setup");
  if (NTSTATUS s = KsAllocateDeviceHeader(&ext->header, 0, nullptr); !NT_SUCCESS(s)) return s;
  for (std::size_t i = 0; i < world.items.size(); ++i) {
    KSOBJECT_CREATE_ITEM item{};
    item.Create = KsfuzzKsDispatchCreate;
    item.ObjectClass.Buffer = const_cast<PWSTR>(kObjectClasses[i]);
    item.ObjectClass.Length = item.ObjectClass.MaximumLength = sizeof kObjectClasses[i];
    item.SecurityDescriptor = ext->setup_descriptor[i];
    item.Flags = world.items[i].flags;
    KsfuzzPoolSetSite(kSetupSites[i]);
    if (NTSTATUS s = KsAllocateObjectCreateItem(ext->header, &item, TRUE, nullptr); !NT_SUCCESS(s)) return s;
  }
  return STATUS_SUCCESS;
}

// Remove: frees each descriptor the driver owns (the ones its setup allocated for the item; a
// copy or a static is not its to free), and any SetSecurity put in place of the setup's; then the
// device header.
VOID Teardown(PDEVICE_OBJECT device) {
  auto* ext = static_cast<Extension*>(device->DeviceExtension);
  if (!ext->header) return;
  KsfuzzPoolSetSite("teardown");
  std::array<PVOID, kMaxItems> descriptors{};
  for (ULONG i = 0; i < ext->count && i < KsfuzzKsDeviceItemCount(ext->header); ++i) {
    PKSOBJECT_CREATE_ITEM item = KsfuzzKsDeviceItem(ext->header, i);
    descriptors[i] = item->SecurityDescriptor;
    item->SecurityDescriptor = nullptr;
  }
  for (std::size_t i = 0; i < ext->count; ++i) {
    bool replaced = descriptors[i] != ext->setup_descriptor[i];
    if (descriptors[i] && (replaced || ext->owns[i])) ExFreePool(descriptors[i]);
  }
  KsFreeDeviceHeader(ext->header);
  ext->header = nullptr;
}

}  // namespace

void set_scenario_world(const model::World& world) { g_world = &world; }

}  // namespace ksfuzz

KSFUZZ_DRIVER(scenario, "the create items a scenario's world describes (the default)", ksfuzz::Setup,
              ksfuzz::Teardown)
