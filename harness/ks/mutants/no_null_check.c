/* mutants/no_null_check.c — trusts that the create item is always there. */
#include "mutant_kit.h"

static NTSTATUS NTAPI NoNullCheckSetSecurity(PDEVICE_OBJECT DeviceObject, PIRP Irp) {
  KSDEVICE_HEADER Header = MutantLock(DeviceObject, TRUE);
  PKSOBJECT_CREATE_ITEM CreateItem = MutantCreateItem(Irp);
  /* BUG: half the K1 check: an object opened without a create item dereferences NULL. */
  if (CreateItem->SecurityDescriptor == NULL) return MutantEnd(Header, Irp, STATUS_NO_SECURITY_ON_OBJECT);
  PSECURITY_DESCRIPTOR OldDescriptor = CreateItem->SecurityDescriptor;
  NTSTATUS Status = MutantMerge(Irp, CreateItem);
  if (NT_SUCCESS(Status)) MutantReplaced(CreateItem, OldDescriptor);
  return MutantEnd(Header, Irp, Status);
}

static NTSTATUS NTAPI NoNullCheckQuerySecurity(PDEVICE_OBJECT DeviceObject, PIRP Irp) {
  KSDEVICE_HEADER Header = MutantLock(DeviceObject, FALSE);
  PKSOBJECT_CREATE_ITEM CreateItem = MutantCreateItem(Irp);
  /* BUG: the same half check on the query. */
  if (CreateItem->SecurityDescriptor == NULL) return MutantEnd(Header, Irp, STATUS_NO_SECURITY_ON_OBJECT);
  ULONG Length = IoGetCurrentIrpStackLocation(Irp)->Parameters.QuerySecurity.Length;
  NTSTATUS Status = MutantAnswer(Irp, MutantQuery(Irp, CreateItem, &Length), Length);
  return MutantEnd(Header, Irp, Status);
}

KSFUZZ_MUTANT_OF_CLASS(no_null_check, "null-dereference",
                       "no check for a missing create item (set and query)",
                       NoNullCheckSetSecurity, NoNullCheckQuerySecurity)
