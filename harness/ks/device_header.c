/* device_header.c — KSDEVICE_HEADER: the create items a device lists, copies of them, and the
 * security lock. */
#include "ks_internal.h"

static NTSTATUS AllocateDeviceHeader(KSDEVICE_HEADER *Header, ULONG ItemsCount,
                                     PKSOBJECT_CREATE_ITEM ItemsList) {
  if (Header == NULL) return STATUS_INVALID_PARAMETER;
  /* The WDK asks for a zero count without a list; a count without a list has nothing to list. */
  if (ItemsList == NULL) ItemsCount = 0;
  if (ItemsCount > KSFUZZ_KS_MAX_DEVICE_ITEMS) return STATUS_INSUFFICIENT_RESOURCES;
  PKSIDEVICE_HEADER header =
      ExAllocatePoolWithTag(PagedPool, sizeof(*header), KSFUZZ_KS_TAG_DEVICE_HEADER);
  if (header == NULL) return STATUS_INSUFFICIENT_RESOURCES;
  RtlZeroMemory(header, sizeof(*header));
  ExInitializeResourceLite(&header->SecurityLock);
  for (ULONG i = 0; i < ItemsCount; ++i) header->Items[i].CreateItem = &ItemsList[i];
  header->ItemsCount = ItemsCount;
  *Header = header;
  return STATUS_SUCCESS;
}

static VOID FreeDeviceHeader(KSDEVICE_HEADER Header) {
  PKSIDEVICE_HEADER header = Header;
  if (header == NULL) return;
  for (ULONG i = 0; i < header->ItemsCount; ++i) {
    KSIDEVICE_ITEM *entry = &header->Items[i];
    if (!entry->Copied) continue;
    if (entry->ItemFreeCallback != NULL) entry->ItemFreeCallback(entry->CreateItem);
    ExFreePoolWithTag(entry->CreateItem, KSFUZZ_KS_TAG_CREATE_ITEM);
  }
  /* The block holds an initialized resource: freeing it first is Driver Verifier's 0xC4/0xD2. */
  ExDeleteResourceLite(&header->SecurityLock);
  ExFreePoolWithTag(header, KSFUZZ_KS_TAG_DEVICE_HEADER);
}

/* A copy of Source in one pool block: the item, then its ObjectClass characters. The descriptor
 * pointer is copied as it is, so the copy and Source share one descriptor (SEMANTICS KS4). */
static PKSOBJECT_CREATE_ITEM CopyCreateItem(const KSOBJECT_CREATE_ITEM *Source) {
  USHORT class_bytes = Source->ObjectClass.Buffer != NULL ? Source->ObjectClass.Length : 0;
  PKSOBJECT_CREATE_ITEM copy = ExAllocatePoolWithTag(NonPagedPool, sizeof(*copy) + class_bytes,
                                                     KSFUZZ_KS_TAG_CREATE_ITEM);
  if (copy == NULL) return NULL;
  *copy = *Source;
  copy->ObjectClass.Length = class_bytes;
  copy->ObjectClass.MaximumLength = class_bytes;
  copy->ObjectClass.Buffer = NULL;
  if (class_bytes != 0) {
    copy->ObjectClass.Buffer = (PWSTR)(copy + 1);
    RtlCopyMemory(copy->ObjectClass.Buffer, Source->ObjectClass.Buffer, class_bytes);
  }
  return copy;
}

static NTSTATUS AllocateObjectCreateItem(KSDEVICE_HEADER Header, PKSOBJECT_CREATE_ITEM CreateItem,
                                         BOOLEAN AllocateEntry,
                                         PFNKSITEMFREECALLBACK ItemFreeCallback) {
  PKSIDEVICE_HEADER header = Header;
  if (header == NULL || CreateItem == NULL) return STATUS_INVALID_PARAMETER;
  if (header->ItemsCount >= KSFUZZ_KS_MAX_DEVICE_ITEMS) return STATUS_INSUFFICIENT_RESOURCES;
  KSIDEVICE_ITEM *entry = &header->Items[header->ItemsCount];
  if (AllocateEntry) {
    entry->CreateItem = CopyCreateItem(CreateItem);
    if (entry->CreateItem == NULL) return STATUS_INSUFFICIENT_RESOURCES;
    entry->ItemFreeCallback = ItemFreeCallback;
    entry->Copied = TRUE;
  } else {
    /* The WDK: the callback is only valid for a copy; the caller's item is the caller's to free. */
    entry->CreateItem = CreateItem;
    entry->ItemFreeCallback = NULL;
    entry->Copied = FALSE;
  }
  ++header->ItemsCount;
  return STATUS_SUCCESS;
}

NTSTATUS NTAPI KsAllocateDeviceHeader(KSDEVICE_HEADER *Header, ULONG ItemsCount,
                                      PKSOBJECT_CREATE_ITEM ItemsList) {
  return KSFUZZ_YIELDING("KsAllocateDeviceHeader", AllocateDeviceHeader(Header, ItemsCount, ItemsList));
}

VOID NTAPI KsFreeDeviceHeader(KSDEVICE_HEADER Header) {
  KSFUZZ_YIELDING_VOID("KsFreeDeviceHeader", FreeDeviceHeader(Header));
}

NTSTATUS NTAPI KsAllocateObjectCreateItem(KSDEVICE_HEADER Header, PKSOBJECT_CREATE_ITEM CreateItem,
                                          BOOLEAN AllocateEntry,
                                          PFNKSITEMFREECALLBACK ItemFreeCallback) {
  return KSFUZZ_YIELDING("KsAllocateObjectCreateItem",
                         AllocateObjectCreateItem(Header, CreateItem, AllocateEntry, ItemFreeCallback));
}

ULONG KsfuzzKsDeviceItemCount(KSDEVICE_HEADER Header) {
  return ((PKSIDEVICE_HEADER)Header)->ItemsCount;
}

PKSOBJECT_CREATE_ITEM KsfuzzKsDeviceItem(KSDEVICE_HEADER Header, ULONG Index) {
  PKSIDEVICE_HEADER header = Header;
  return Index < header->ItemsCount ? header->Items[Index].CreateItem : NULL;
}

PERESOURCE KsfuzzKsDeviceSecurityLock(KSDEVICE_HEADER Header) {
  return &((PKSIDEVICE_HEADER)Header)->SecurityLock;
}
