/* mutants/missing_complete.c — returns without completing the IRP when the merge fails. */
#include "mutant_kit.h"

static NTSTATUS NTAPI MissingCompleteSetSecurity(PDEVICE_OBJECT DeviceObject, PIRP Irp) {
  PKSOBJECT_CREATE_ITEM CreateItem = MutantItemWithDescriptor(Irp);
  if (CreateItem == NULL) return MutantComplete(Irp, STATUS_NO_SECURITY_ON_OBJECT);
  PSECURITY_DESCRIPTOR OldDescriptor = CreateItem->SecurityDescriptor;
  NTSTATUS Status = MutantMerge(Irp, CreateItem);
  /* BUG: an early exit that skips IoCompleteRequest: the caller waits forever. */
  if (!NT_SUCCESS(Status)) return Status;
  MutantReplaced(CreateItem, OldDescriptor);
  return MutantComplete(Irp, Status);
}

KSFUZZ_MUTANT_OF_CLASS(missing_complete, "missing-complete",
                       "returns the merge's error without completing the IRP",
                       MissingCompleteSetSecurity, NULL)
