/* mutants/storage_lookup.c — finds the create item in KSCREATE_ITEM_IRP_STORAGE (ReactOS's
 * lookup), which ks.sys fills only while it dispatches a create. */
#include "mutant_kit.h"

static NTSTATUS NTAPI StorageLookupSetSecurity(PDEVICE_OBJECT DeviceObject, PIRP Irp) {
  KSDEVICE_HEADER Header = MutantLock(DeviceObject, TRUE);
  /* BUG: an IRP_MJ_SET_SECURITY carries no create item there: the storage is NULL, and every
   * object answers STATUS_NO_SECURITY_ON_OBJECT. */
  PKSOBJECT_CREATE_ITEM CreateItem = KSCREATE_ITEM_IRP_STORAGE(Irp);
  if (CreateItem == NULL || CreateItem->SecurityDescriptor == NULL)
    return MutantEnd(Header, Irp, STATUS_NO_SECURITY_ON_OBJECT);
  PSECURITY_DESCRIPTOR OldDescriptor = CreateItem->SecurityDescriptor;
  NTSTATUS Status = MutantMerge(Irp, CreateItem);
  if (NT_SUCCESS(Status)) MutantReplaced(CreateItem, OldDescriptor);
  return MutantEnd(Header, Irp, Status);
}

static NTSTATUS NTAPI StorageLookupQuerySecurity(PDEVICE_OBJECT DeviceObject, PIRP Irp) {
  KSDEVICE_HEADER Header = MutantLock(DeviceObject, FALSE);
  /* BUG: as above. */
  PKSOBJECT_CREATE_ITEM CreateItem = KSCREATE_ITEM_IRP_STORAGE(Irp);
  if (CreateItem == NULL || CreateItem->SecurityDescriptor == NULL)
    return MutantEnd(Header, Irp, STATUS_NO_SECURITY_ON_OBJECT);
  ULONG Length = IoGetCurrentIrpStackLocation(Irp)->Parameters.QuerySecurity.Length;
  NTSTATUS Status = MutantAnswer(Irp, MutantQuery(Irp, CreateItem, &Length), Length);
  return MutantEnd(Header, Irp, Status);
}

KSFUZZ_MUTANT_OF_CLASS(storage_lookup, "wrong-status",
                       "finds the create item in KSCREATE_ITEM_IRP_STORAGE, which only a create "
                       "fills: STATUS_NO_SECURITY_ON_OBJECT for every object",
                       StorageLookupSetSecurity, StorageLookupQuerySecurity)
