/* mutants/free_on_failure.c — frees the old descriptor when the merge fails as well. */
#include "mutant_kit.h"

static NTSTATUS NTAPI FreeOnFailureSetSecurity(PDEVICE_OBJECT DeviceObject, PIRP Irp) {
  KSDEVICE_HEADER Header = MutantLock(DeviceObject, TRUE);
  PKSOBJECT_CREATE_ITEM CreateItem = MutantItemWithDescriptor(Irp);
  if (CreateItem == NULL) return MutantEnd(Header, Irp, STATUS_NO_SECURITY_ON_OBJECT);
  PSECURITY_DESCRIPTOR OldDescriptor = CreateItem->SecurityDescriptor;
  NTSTATUS Status = MutantMerge(Irp, CreateItem);
  /* BUG: on failure the item still points at the block freed here. */
  ExFreePoolWithTag(OldDescriptor, 0);
  if (NT_SUCCESS(Status)) CreateItem->Flags |= KSCREATE_ITEM_SECURITYCHANGED;
  return MutantEnd(Header, Irp, Status);
}

KSFUZZ_MUTANT_OF_CLASS(free_on_failure, "freed-while-held",
                       "frees the old descriptor when the merge fails, leaving the item dangling",
                       FreeOnFailureSetSecurity, NULL)
