/* mutants/query_too_small.c — completes a query into a short buffer with STATUS_BUFFER_TOO_SMALL,
 * as the Se routine answered, where ks.sys says STATUS_BUFFER_OVERFLOW (ReactOS's behaviour). */
#include "mutant_kit.h"

static NTSTATUS NTAPI QueryTooSmallQuerySecurity(PDEVICE_OBJECT DeviceObject, PIRP Irp) {
  KSDEVICE_HEADER Header = MutantLock(DeviceObject, FALSE);
  PKSOBJECT_CREATE_ITEM CreateItem = MutantItemWithDescriptor(Irp);
  if (CreateItem == NULL) return MutantEnd(Header, Irp, STATUS_NO_SECURITY_ON_OBJECT);
  ULONG Length = IoGetCurrentIrpStackLocation(Irp)->Parameters.QuerySecurity.Length;
  NTSTATUS Status = MutantQuery(Irp, CreateItem, &Length);
  /* BUG: the Se routine's error passed on as it is: an error, so the I/O manager copies nothing
   * back, where the warning STATUS_BUFFER_OVERFLOW would hand the caller the length. */
  Irp->IoStatus.Information = Length;
  return MutantEnd(Header, Irp, Status);
}

KSFUZZ_MUTANT_OF_CLASS(query_too_small, "wrong-status",
                       "reports a short query buffer as STATUS_BUFFER_TOO_SMALL, not "
                       "STATUS_BUFFER_OVERFLOW",
                       KsDispatchSetSecurity, QueryTooSmallQuerySecurity)
