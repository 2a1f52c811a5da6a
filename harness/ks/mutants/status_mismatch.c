/* mutants/status_mismatch.c — returns another status than IoStatus.Status on a failed merge. */
#include "mutant_kit.h"

static NTSTATUS NTAPI StatusMismatchSetSecurity(PDEVICE_OBJECT DeviceObject, PIRP Irp) {
  KSDEVICE_HEADER Header = MutantLock(DeviceObject, TRUE);
  PKSOBJECT_CREATE_ITEM CreateItem = MutantItemWithDescriptor(Irp);
  if (CreateItem == NULL) return MutantEnd(Header, Irp, STATUS_NO_SECURITY_ON_OBJECT);
  PSECURITY_DESCRIPTOR OldDescriptor = CreateItem->SecurityDescriptor;
  NTSTATUS Status = MutantMerge(Irp, CreateItem);
  if (NT_SUCCESS(Status)) MutantReplaced(CreateItem, OldDescriptor);
  MutantEnd(Header, Irp, Status);
  /* BUG: the merge's error is in IoStatus.Status, a generic one goes to the caller. */
  return NT_SUCCESS(Status) ? Status : STATUS_UNSUCCESSFUL;
}

KSFUZZ_MUTANT_OF_CLASS(status_mismatch, "status-mismatch",
                       "returns STATUS_UNSUCCESSFUL while IoStatus.Status holds the merge's error",
                       StatusMismatchSetSecurity, NULL)
