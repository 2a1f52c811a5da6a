/* mutants/no_lock.c — KsDispatchSetSecurity without the device's security lock: the
 * reimplementations' shape (ReactOS takes no lock). Right in sequence; two replacements in flight
 * both free the old descriptor. */
#include "mutant_kit.h"

static NTSTATUS NTAPI NoLockSetSecurity(PDEVICE_OBJECT DeviceObject, PIRP Irp) {
  UNREFERENCED_PARAMETER(DeviceObject);
  /* BUG: no KsAcquireDeviceSecurityLock: between this routine's read of the old descriptor and its
   * free, a replacement through another handle of the item can read and free it too. */
  PKSOBJECT_CREATE_ITEM CreateItem = MutantItemWithDescriptor(Irp);
  if (CreateItem == NULL) return MutantComplete(Irp, STATUS_NO_SECURITY_ON_OBJECT);
  PSECURITY_DESCRIPTOR OldDescriptor = CreateItem->SecurityDescriptor;
  NTSTATUS Status = MutantMerge(Irp, CreateItem);
  if (NT_SUCCESS(Status)) MutantReplaced(CreateItem, OldDescriptor);
  return MutantComplete(Irp, Status);
}

KSFUZZ_MUTANT_OF_CLASS(no_lock, "double-free|use-after-free",
                       "replaces the descriptor without the device security lock: concurrent "
                       "replacements free the old one twice",
                       NoLockSetSecurity, NULL)
