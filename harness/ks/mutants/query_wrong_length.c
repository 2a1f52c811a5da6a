/* mutants/query_wrong_length.c — reports 0, not the required length, for a buffer too small. */
#include "mutant_kit.h"

static NTSTATUS NTAPI QueryWrongLengthQuerySecurity(PDEVICE_OBJECT DeviceObject, PIRP Irp) {
  KSDEVICE_HEADER Header = MutantLock(DeviceObject, FALSE);
  PKSOBJECT_CREATE_ITEM CreateItem = MutantItemWithDescriptor(Irp);
  ULONG Length = IoGetCurrentIrpStackLocation(Irp)->Parameters.QuerySecurity.Length;
  if (CreateItem == NULL) return MutantEnd(Header, Irp, STATUS_NO_SECURITY_ON_OBJECT);
  NTSTATUS Status = MutantQuery(Irp, CreateItem, &Length);
  if (Status == STATUS_BUFFER_TOO_SMALL) Status = STATUS_BUFFER_OVERFLOW;
  /* BUG: the usual "nothing transferred unless NT_SUCCESS", but STATUS_BUFFER_OVERFLOW is a
   * warning that must carry the length the caller has to retry with. */
  Irp->IoStatus.Information = NT_SUCCESS(Status) ? Length : 0;
  return MutantEnd(Header, Irp, Status);
}

KSFUZZ_MUTANT_OF_CLASS(query_wrong_length, "wrong-information",
                       "reports Information 0 instead of the required length on a short buffer",
                       KsDispatchSetSecurity, QueryWrongLengthQuerySecurity)
