/* object_header.c — KSOBJECT_HEADER: an open object's dispatch table and create item. */
#include "ks_internal.h"

static NTSTATUS AllocateObjectHeader(KSOBJECT_HEADER *Header, ULONG ItemsCount,
                                     PKSOBJECT_CREATE_ITEM ItemsList, PIRP Irp,
                                     const KSDISPATCH_TABLE *Table) {
  if (Header == NULL || Irp == NULL || Table == NULL) return STATUS_INVALID_PARAMETER;
  PKSIOBJECT_HEADER header =
      ExAllocatePoolWithTag(NonPagedPool, sizeof(*header), KSFUZZ_KS_TAG_OBJECT_HEADER);
  if (header == NULL) return STATUS_INSUFFICIENT_RESOURCES;
  header->DispatchTable = Table;
  /* ks.sys's create path put the item being opened here before calling its Create routine. */
  header->CreateItem = KSCREATE_ITEM_IRP_STORAGE(Irp);
  header->ItemsCount = ItemsList != NULL ? ItemsCount : 0;
  header->ItemsList = ItemsList;
  *Header = header;
  return STATUS_SUCCESS;
}

NTSTATUS NTAPI KsAllocateObjectHeader(KSOBJECT_HEADER *Header, ULONG ItemsCount,
                                      PKSOBJECT_CREATE_ITEM ItemsList, PIRP Irp,
                                      const KSDISPATCH_TABLE *Table) {
  return KSFUZZ_YIELDING("KsAllocateObjectHeader",
                         AllocateObjectHeader(Header, ItemsCount, ItemsList, Irp, Table));
}

static VOID FreeObjectHeader(PVOID Header) {
  if (Header != NULL) ExFreePoolWithTag(Header, KSFUZZ_KS_TAG_OBJECT_HEADER);
}

VOID NTAPI KsFreeObjectHeader(PVOID Header) {
  KSFUZZ_YIELDING_VOID("KsFreeObjectHeader", FreeObjectHeader(Header));
}

PKSOBJECT_CREATE_ITEM NTAPI KsQueryObjectCreateItem(KSOBJECT_HEADER Header) {
  return KSFUZZ_YIELDING("KsQueryObjectCreateItem", ((PKSIOBJECT_HEADER)Header)->CreateItem);
}
