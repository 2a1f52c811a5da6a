/* mutants/no_changed_flag.c — replaces the descriptor but never sets SECURITYCHANGED. */
#include "mutant_kit.h"

static NTSTATUS NTAPI NoChangedFlagSetSecurity(PDEVICE_OBJECT DeviceObject, PIRP Irp) {
  KSDEVICE_HEADER Header = MutantLock(DeviceObject, TRUE);
  PKSOBJECT_CREATE_ITEM CreateItem = MutantItemWithDescriptor(Irp);
  if (CreateItem == NULL) return MutantEnd(Header, Irp, STATUS_NO_SECURITY_ON_OBJECT);
  PSECURITY_DESCRIPTOR OldDescriptor = CreateItem->SecurityDescriptor;
  NTSTATUS Status = MutantMerge(Irp, CreateItem);
  /* BUG: the change is never flagged, so it is never persisted. */
  if (NT_SUCCESS(Status)) ExFreePoolWithTag(OldDescriptor, 0);
  return MutantEnd(Header, Irp, Status);
}

KSFUZZ_MUTANT_OF_CLASS(no_changed_flag, "wrong-flags",
                       "never sets KSCREATE_ITEM_SECURITYCHANGED after a successful merge",
                       NoChangedFlagSetSecurity, NULL)
