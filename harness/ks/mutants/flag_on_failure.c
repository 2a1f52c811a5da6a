/* mutants/flag_on_failure.c — sets KSCREATE_ITEM_SECURITYCHANGED when the merge fails too. */
#include "mutant_kit.h"

static NTSTATUS NTAPI FlagOnFailureSetSecurity(PDEVICE_OBJECT DeviceObject, PIRP Irp) {
  PKSOBJECT_CREATE_ITEM CreateItem = KSCREATE_ITEM_IRP_STORAGE(Irp);
  UNREFERENCED_PARAMETER(DeviceObject);
  if (!MutantHasDescriptor(CreateItem)) return MutantComplete(Irp, STATUS_NO_SECURITY_ON_OBJECT);
  PSECURITY_DESCRIPTOR OldDescriptor = CreateItem->SecurityDescriptor;
  NTSTATUS Status = MutantMerge(Irp, CreateItem);
  if (NT_SUCCESS(Status)) ExFreePool(OldDescriptor);
  /* BUG: a failed merge changed nothing, yet the item is flagged as changed. */
  CreateItem->Flags |= KSCREATE_ITEM_SECURITYCHANGED;
  return MutantComplete(Irp, Status);
}

KSFUZZ_MUTANT_OF_CLASS(flag_on_failure, "wrong-flag",
                       "sets KSCREATE_ITEM_SECURITYCHANGED even when the merge fails",
                       FlagOnFailureSetSecurity, NULL)
