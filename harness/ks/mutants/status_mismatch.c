/* mutants/status_mismatch.c — returns a status other than IoStatus.Status when the merge fails. */
#include "mutant_kit.h"

static NTSTATUS NTAPI StatusMismatchSetSecurity(PDEVICE_OBJECT DeviceObject, PIRP Irp) {
  PKSOBJECT_CREATE_ITEM CreateItem = KSCREATE_ITEM_IRP_STORAGE(Irp);
  UNREFERENCED_PARAMETER(DeviceObject);
  if (!MutantHasDescriptor(CreateItem)) return MutantComplete(Irp, STATUS_NO_SECURITY_ON_OBJECT);
  PSECURITY_DESCRIPTOR OldDescriptor = CreateItem->SecurityDescriptor;
  NTSTATUS Status = MutantMerge(Irp, CreateItem);
  if (NT_SUCCESS(Status)) {
    ExFreePool(OldDescriptor);
    CreateItem->Flags |= KSCREATE_ITEM_SECURITYCHANGED;
  }
  MutantComplete(Irp, Status);
  /* BUG: the merge's error is in IoStatus.Status, a generic one goes to the caller. */
  return NT_SUCCESS(Status) ? Status : STATUS_UNSUCCESSFUL;
}

KSFUZZ_MUTANT_OF_CLASS(status_mismatch, "status-mismatch",
                       "returns STATUS_UNSUCCESSFUL while IoStatus.Status holds the merge's error",
                       StatusMismatchSetSecurity, NULL)
