/* mutants/query_overflow.c — queries into the caller's buffer with the descriptor's length. */
#include "mutant_kit.h"

static NTSTATUS NTAPI QueryOverflowQuerySecurity(PDEVICE_OBJECT DeviceObject, PIRP Irp) {
  KSDEVICE_HEADER Header = MutantLock(DeviceObject, FALSE);
  PKSOBJECT_CREATE_ITEM CreateItem = MutantItemWithDescriptor(Irp);
  if (CreateItem == NULL) return MutantEnd(Header, Irp, STATUS_NO_SECURITY_ON_OBJECT);
  /* BUG: sized by what the answer can take rather than by Parameters.QuerySecurity.Length, so a
   * short buffer is written past its end. */
  ULONG Length = RtlLengthSecurityDescriptor(CreateItem->SecurityDescriptor);
  NTSTATUS Status = MutantAnswer(Irp, MutantQuery(Irp, CreateItem, &Length), Length);
  return MutantEnd(Header, Irp, Status);
}

/* Sizing by the object's descriptor means reading it as RtlLengthSecurityDescriptor does: one
 * whose SE_SELF_RELATIVE bit is clear (S1) is read as absolute, its offsets as pointers, and the
 * read lands anywhere (bad-access) before any write overflows the buffer. */
KSFUZZ_MUTANT_OF_CLASS(query_overflow, "buffer-overflow|bad-access",
                       "passes the descriptor's length, not the buffer's, to the query",
                       KsDispatchSetSecurity, QueryOverflowQuerySecurity)
