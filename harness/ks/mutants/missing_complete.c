/* mutants/missing_complete.c — returns without completing the IRP when the merge fails. */
#include "mutant_kit.h"

static NTSTATUS NTAPI MissingCompleteSetSecurity(PDEVICE_OBJECT DeviceObject, PIRP Irp) {
  KSDEVICE_HEADER Header = MutantLock(DeviceObject, TRUE);
  PKSOBJECT_CREATE_ITEM CreateItem = MutantItemWithDescriptor(Irp);
  if (CreateItem == NULL) return MutantEnd(Header, Irp, STATUS_NO_SECURITY_ON_OBJECT);
  PSECURITY_DESCRIPTOR OldDescriptor = CreateItem->SecurityDescriptor;
  NTSTATUS Status = MutantMerge(Irp, CreateItem);
  if (!NT_SUCCESS(Status)) {
    KsReleaseDeviceSecurityLock(Header);
    /* BUG: an early exit that skips IoCompleteRequest: the caller waits forever. */
    return Status;
  }
  MutantReplaced(CreateItem, OldDescriptor);
  return MutantEnd(Header, Irp, Status);
}

KSFUZZ_MUTANT_OF_CLASS(missing_complete, "missing-complete",
                       "returns the merge's error without completing the IRP",
                       MissingCompleteSetSecurity, NULL)
