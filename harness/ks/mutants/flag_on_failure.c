/* mutants/flag_on_failure.c — sets KSCREATE_ITEM_SECURITYCHANGED when the merge fails too. */
#include "mutant_kit.h"

static NTSTATUS NTAPI FlagOnFailureSetSecurity(PDEVICE_OBJECT DeviceObject, PIRP Irp) {
  KSDEVICE_HEADER Header = MutantLock(DeviceObject, TRUE);
  PKSOBJECT_CREATE_ITEM CreateItem = MutantItemWithDescriptor(Irp);
  if (CreateItem == NULL) return MutantEnd(Header, Irp, STATUS_NO_SECURITY_ON_OBJECT);
  PSECURITY_DESCRIPTOR OldDescriptor = CreateItem->SecurityDescriptor;
  NTSTATUS Status = MutantMerge(Irp, CreateItem);
  /* BUG: flagged before looking at the status: a failed merge changed nothing. */
  CreateItem->Flags |= KSCREATE_ITEM_SECURITYCHANGED;
  if (NT_SUCCESS(Status)) ExFreePoolWithTag(OldDescriptor, 0);
  return MutantEnd(Header, Irp, Status);
}

KSFUZZ_MUTANT_OF_CLASS(flag_on_failure, "wrong-flags",
                       "sets KSCREATE_ITEM_SECURITYCHANGED even when the merge fails",
                       FlagOnFailureSetSecurity, NULL)
