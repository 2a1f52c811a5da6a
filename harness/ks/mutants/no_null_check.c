/* mutants/no_null_check.c — trusts that the create item and its descriptor are always there. */
#include "mutant_kit.h"

static NTSTATUS NTAPI NoNullCheckSetSecurity(PDEVICE_OBJECT DeviceObject, PIRP Irp) {
  KSDEVICE_HEADER Header = MutantLock(DeviceObject, TRUE);
  PKSOBJECT_CREATE_ITEM CreateItem = MutantCreateItem(Irp);
  /* BUG: no K1 check: an object opened without a create item dereferences NULL. */
  PSECURITY_DESCRIPTOR OldDescriptor = CreateItem->SecurityDescriptor;
  NTSTATUS Status = MutantMerge(Irp, CreateItem);
  if (NT_SUCCESS(Status)) MutantReplaced(CreateItem, OldDescriptor);
  return MutantEnd(Header, Irp, Status);
}

static NTSTATUS NTAPI NoNullCheckQuerySecurity(PDEVICE_OBJECT DeviceObject, PIRP Irp) {
  KSDEVICE_HEADER Header = MutantLock(DeviceObject, FALSE);
  PKSOBJECT_CREATE_ITEM CreateItem = MutantCreateItem(Irp);
  ULONG Length = IoGetCurrentIrpStackLocation(Irp)->Parameters.QuerySecurity.Length;
  /* BUG: no K1 check: an item without a descriptor answers as if it had an empty one. */
  NTSTATUS Status = MutantAnswer(Irp, MutantQuery(Irp, CreateItem, &Length), Length);
  return MutantEnd(Header, Irp, Status);
}

KSFUZZ_MUTANT_OF_CLASS(no_null_check, "null-dereference",
                       "no check for a missing create item or descriptor (set and query)",
                       NoNullCheckSetSecurity, NoNullCheckQuerySecurity)
