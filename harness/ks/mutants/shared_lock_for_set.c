/* mutants/shared_lock_for_set.c — replaces the descriptor holding the device's security lock
 * shared. Right in sequence; two replacements in flight share the lock and both free the old
 * descriptor. */
#include "mutant_kit.h"

static NTSTATUS NTAPI SharedLockForSetSetSecurity(PDEVICE_OBJECT DeviceObject, PIRP Irp) {
  /* BUG: FALSE where the WDK asks for an exclusive lock to change a descriptor. */
  KSDEVICE_HEADER Header = MutantLock(DeviceObject, FALSE);
  PKSOBJECT_CREATE_ITEM CreateItem = MutantItemWithDescriptor(Irp);
  if (CreateItem == NULL) return MutantEnd(Header, Irp, STATUS_NO_SECURITY_ON_OBJECT);
  PSECURITY_DESCRIPTOR OldDescriptor = CreateItem->SecurityDescriptor;
  NTSTATUS Status = MutantMerge(Irp, CreateItem);
  if (NT_SUCCESS(Status)) MutantReplaced(CreateItem, OldDescriptor);
  return MutantEnd(Header, Irp, Status);
}

KSFUZZ_MUTANT_OF_CLASS(shared_lock_for_set, "double-free|use-after-free",
                       "takes the device security lock shared to replace a descriptor",
                       SharedLockForSetSetSecurity, NULL)
