/* mutants/free_before_merge.c — frees the old descriptor before the merge reads it. */
#include "mutant_kit.h"

static NTSTATUS NTAPI FreeBeforeMergeSetSecurity(PDEVICE_OBJECT DeviceObject, PIRP Irp) {
  KSDEVICE_HEADER Header = MutantLock(DeviceObject, TRUE);
  PKSOBJECT_CREATE_ITEM CreateItem = MutantItemWithDescriptor(Irp);
  if (CreateItem == NULL) return MutantEnd(Header, Irp, STATUS_NO_SECURITY_ON_OBJECT);
  /* BUG: "it is about to be replaced anyway": the merge then reads the parts it keeps from the
   * freed block (and on failure the item keeps pointing at it). */
  ExFreePoolWithTag(CreateItem->SecurityDescriptor, 0);
  NTSTATUS Status = MutantMerge(Irp, CreateItem);
  if (NT_SUCCESS(Status)) CreateItem->Flags |= KSCREATE_ITEM_SECURITYCHANGED;
  return MutantEnd(Header, Irp, Status);
}

KSFUZZ_MUTANT_OF_CLASS(free_before_merge, "freed-while-held",
                       "frees the old descriptor before the merge reads it",
                       FreeBeforeMergeSetSecurity, NULL)
