/* mutants/leak_old.c — never frees the descriptor a successful merge replaced. */
#include "mutant_kit.h"

static NTSTATUS NTAPI LeakOldSetSecurity(PDEVICE_OBJECT DeviceObject, PIRP Irp) {
  KSDEVICE_HEADER Header = MutantLock(DeviceObject, TRUE);
  PKSOBJECT_CREATE_ITEM CreateItem = MutantItemWithDescriptor(Irp);
  if (CreateItem == NULL) return MutantEnd(Header, Irp, STATUS_NO_SECURITY_ON_OBJECT);
  NTSTATUS Status = MutantMerge(Irp, CreateItem);
  /* BUG: the merge left the old block for the caller to free, and nothing does. */
  if (NT_SUCCESS(Status)) CreateItem->Flags |= KSCREATE_ITEM_SECURITYCHANGED;
  return MutantEnd(Header, Irp, Status);
}

KSFUZZ_MUTANT_OF_CLASS(leak_old, "leak", "never frees the old descriptor after a successful merge",
                       LeakOldSetSecurity, NULL)
