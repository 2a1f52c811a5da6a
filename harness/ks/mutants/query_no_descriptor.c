/* mutants/query_no_descriptor.c — answers a query on an item without a descriptor. */
#include "mutant_kit.h"

static NTSTATUS NTAPI QueryNoDescriptorQuerySecurity(PDEVICE_OBJECT DeviceObject, PIRP Irp) {
  KSDEVICE_HEADER Header = MutantLock(DeviceObject, FALSE);
  PKSOBJECT_CREATE_ITEM CreateItem = MutantCreateItem(Irp);
  if (CreateItem == NULL) return MutantEnd(Header, Irp, STATUS_NO_SECURITY_ON_OBJECT);
  ULONG Length = IoGetCurrentIrpStackLocation(Irp)->Parameters.QuerySecurity.Length;
  /* BUG: half the K1 check: an item without a descriptor reaches the Se routine, which answers as
   * if it had an empty one, where ks.sys completes with STATUS_NO_SECURITY_ON_OBJECT. */
  NTSTATUS Status = MutantAnswer(Irp, MutantQuery(Irp, CreateItem, &Length), Length);
  return MutantEnd(Header, Irp, Status);
}

KSFUZZ_MUTANT_OF_CLASS(query_no_descriptor, "wrong-status",
                       "answers a query on an item without a descriptor as if it had an empty one",
                       KsDispatchSetSecurity, QueryNoDescriptorQuerySecurity)
