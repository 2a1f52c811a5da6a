/* mutants/lock_not_released.c — returns a failed merge's status still holding the device's
 * security lock. */
#include "mutant_kit.h"

static NTSTATUS NTAPI LockNotReleasedSetSecurity(PDEVICE_OBJECT DeviceObject, PIRP Irp) {
  KSDEVICE_HEADER Header = MutantLock(DeviceObject, TRUE);
  PKSOBJECT_CREATE_ITEM CreateItem = MutantItemWithDescriptor(Irp);
  if (CreateItem == NULL) return MutantEnd(Header, Irp, STATUS_NO_SECURITY_ON_OBJECT);
  PSECURITY_DESCRIPTOR OldDescriptor = CreateItem->SecurityDescriptor;
  NTSTATUS Status = MutantMerge(Irp, CreateItem);
  /* BUG: the error path completes and returns, and never calls KsReleaseDeviceSecurityLock: the
   * next IRP on any object of the device waits for ever (and APCs stay disabled). */
  if (!NT_SUCCESS(Status)) return MutantComplete(Irp, Status);
  MutantReplaced(CreateItem, OldDescriptor);
  return MutantEnd(Header, Irp, Status);
}

KSFUZZ_MUTANT_OF_CLASS(lock_not_released, "lock-held-at-return",
                       "returns a failed merge's status without releasing the device security lock",
                       LockNotReleasedSetSecurity, NULL)
