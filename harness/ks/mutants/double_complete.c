/* mutants/double_complete.c — completes the IRP twice after a successful merge. */
#include "mutant_kit.h"

static NTSTATUS NTAPI DoubleCompleteSetSecurity(PDEVICE_OBJECT DeviceObject, PIRP Irp) {
  KSDEVICE_HEADER Header = MutantLock(DeviceObject, TRUE);
  PKSOBJECT_CREATE_ITEM CreateItem = MutantItemWithDescriptor(Irp);
  if (CreateItem == NULL) return MutantEnd(Header, Irp, STATUS_NO_SECURITY_ON_OBJECT);
  PSECURITY_DESCRIPTOR OldDescriptor = CreateItem->SecurityDescriptor;
  NTSTATUS Status = MutantMerge(Irp, CreateItem);
  if (NT_SUCCESS(Status)) MutantReplaced(CreateItem, OldDescriptor);
  MutantEnd(Header, Irp, Status);
  /* BUG: the IRP went back to the I/O manager above; this completes it a second time. */
  if (NT_SUCCESS(Status)) IoCompleteRequest(Irp, IO_NO_INCREMENT);
  return Status;
}

KSFUZZ_MUTANT_OF_CLASS(double_complete, "irp-completed-twice",
                       "completes the IRP a second time after a successful merge",
                       DoubleCompleteSetSecurity, NULL)
