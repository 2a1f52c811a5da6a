/* mutants/free_new.c — frees the new descriptor instead of the old one. */
#include "mutant_kit.h"

static NTSTATUS NTAPI FreeNewSetSecurity(PDEVICE_OBJECT DeviceObject, PIRP Irp) {
  KSDEVICE_HEADER Header = MutantLock(DeviceObject, TRUE);
  PKSOBJECT_CREATE_ITEM CreateItem = MutantItemWithDescriptor(Irp);
  if (CreateItem == NULL) return MutantEnd(Header, Irp, STATUS_NO_SECURITY_ON_OBJECT);
  NTSTATUS Status = MutantMerge(Irp, CreateItem);
  if (NT_SUCCESS(Status)) {
    /* BUG: by now the slot holds the new block: the item dangles and the old block leaks. */
    ExFreePoolWithTag(CreateItem->SecurityDescriptor, 0);
    CreateItem->Flags |= KSCREATE_ITEM_SECURITYCHANGED;
  }
  return MutantEnd(Header, Irp, Status);
}

KSFUZZ_MUTANT_OF_CLASS(free_new, "freed-while-held",
                       "frees the new descriptor instead of the old one after a successful merge",
                       FreeNewSetSecurity, NULL)
