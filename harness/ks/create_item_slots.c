/* create_item_slots.c — a device header's create-item slots as a driver's setup code fills and
 * frees them: KsAddObjectCreateItemToDeviceHeader, KsFreeObjectCreateItem,
 * KsFreeObjectCreateItemsByContext (SEMANTICS R13-R15). */
#include "ks_internal.h"

NTSTATUS NTAPI KsAddObjectCreateItemToDeviceHeader(KSDEVICE_HEADER Header, PDRIVER_DISPATCH Create,
                                                   PVOID Context, PWSTR ObjectClass,
                                                   PSECURITY_DESCRIPTOR SecurityDescriptor) {
  PKSIDEVICE_HEADER header = Header;
  if (header == NULL || Create == NULL || ObjectClass == NULL) return STATUS_INVALID_PARAMETER;
  for (ULONG i = 0; i < header->ItemsCount; ++i) {
    PKSOBJECT_CREATE_ITEM item = header->Items[i].CreateItem;
    if (item->Create != NULL) continue;
    SIZE_T characters = 0;
    while (ObjectClass[characters] != 0) ++characters;
    item->Context = Context;
    /* The string and the descriptor are kept by reference: the WDK asks the caller to keep both
     * valid while the device lives, and the descriptor stays the driver's to free. */
    item->ObjectClass.Length = (USHORT)(characters * sizeof(WCHAR));
    item->ObjectClass.MaximumLength = (USHORT)((characters + 1) * sizeof(WCHAR));
    item->ObjectClass.Buffer = ObjectClass;
    item->SecurityDescriptor = SecurityDescriptor;
    item->Flags = 0;
    item->Create = Create;
    return STATUS_SUCCESS;
  }
  return STATUS_ALLOTTED_SPACE_EXCEEDED;
}

/* R14: which occupied slots one call frees. */
typedef struct {
  PCUNICODE_STRING Name;  ///< match ObjectClass exactly (KS9's comparison), or
  PVOID Context;          ///< match Context, when Name is NULL
} KSFUZZ_SLOT_MATCH;

static BOOLEAN Matches(const KSOBJECT_CREATE_ITEM *Item, const KSFUZZ_SLOT_MATCH *Match) {
  if (Item->Create == NULL) return FALSE; /* already empty */
  if (Match->Name == NULL) return Item->Context == Match->Context;
  return Item->ObjectClass.Length == Match->Name->Length &&
         (Match->Name->Length == 0 ||
          memcmp(Item->ObjectClass.Buffer, Match->Name->Buffer, Match->Name->Length) == 0);
}

/* R14: a copy KsAllocateObjectCreateItem made is freed (after its callback) and leaves the list;
 * an item in the driver's own memory stays listed with Create NULL, a slot to fill again. */
static NTSTATUS FreeMatchingSlots(KSDEVICE_HEADER Header, const KSFUZZ_SLOT_MATCH *Match) {
  PKSIDEVICE_HEADER header = Header;
  if (header == NULL) return STATUS_INVALID_PARAMETER;
  BOOLEAN freed = FALSE;
  ULONG kept = 0;
  for (ULONG i = 0; i < header->ItemsCount; ++i) {
    KSIDEVICE_ITEM entry = header->Items[i];
    if (Matches(entry.CreateItem, Match)) {
      freed = TRUE;
      if (entry.Copied) {
        if (entry.ItemFreeCallback != NULL) entry.ItemFreeCallback(entry.CreateItem);
        ExFreePoolWithTag(entry.CreateItem, KSFUZZ_KS_TAG_CREATE_ITEM);
        continue;
      }
      entry.CreateItem->Create = NULL;
    }
    header->Items[kept++] = entry;
  }
  header->ItemsCount = kept;
  return freed ? STATUS_SUCCESS : STATUS_OBJECT_NAME_NOT_FOUND;
}

NTSTATUS NTAPI KsFreeObjectCreateItem(KSDEVICE_HEADER Header, PUNICODE_STRING CreateItem) {
  if (CreateItem == NULL) return STATUS_INVALID_PARAMETER;
  KSFUZZ_SLOT_MATCH match = {CreateItem, NULL};
  return FreeMatchingSlots(Header, &match);
}

NTSTATUS NTAPI KsFreeObjectCreateItemsByContext(KSDEVICE_HEADER Header, PVOID Context) {
  KSFUZZ_SLOT_MATCH match = {NULL, Context};
  return FreeMatchingSlots(Header, &match);
}
