/* mutants/query_no_lock.c — KsDispatchQuerySecurity without the device's security lock. Right in
 * sequence; a replacement in flight frees the descriptor the query is reading. */
#include "mutant_kit.h"

static NTSTATUS NTAPI QueryNoLockQuerySecurity(PDEVICE_OBJECT DeviceObject, PIRP Irp) {
  UNREFERENCED_PARAMETER(DeviceObject);
  /* BUG: "a query changes nothing, so it needs no lock": the replacement it does not wait for
   * frees the block SeQuerySecurityDescriptorInfo is copying from. */
  PKSOBJECT_CREATE_ITEM CreateItem = MutantItemWithDescriptor(Irp);
  if (CreateItem == NULL) return MutantComplete(Irp, STATUS_NO_SECURITY_ON_OBJECT);
  ULONG Length = IoGetCurrentIrpStackLocation(Irp)->Parameters.QuerySecurity.Length;
  return MutantComplete(Irp, MutantAnswer(Irp, MutantQuery(Irp, CreateItem, &Length), Length));
}

KSFUZZ_MUTANT_OF_CLASS(query_no_lock, "use-after-free",
                       "queries without the device security lock: a concurrent replacement frees "
                       "the descriptor being read",
                       KsDispatchSetSecurity, QueryNoLockQuerySecurity)
