/* mutants/use_after_free.c — reads the old descriptor after freeing it. */
#include "mutant_kit.h"

static NTSTATUS NTAPI UseAfterFreeSetSecurity(PDEVICE_OBJECT DeviceObject, PIRP Irp) {
  KSDEVICE_HEADER Header = MutantLock(DeviceObject, TRUE);
  PKSOBJECT_CREATE_ITEM CreateItem = MutantItemWithDescriptor(Irp);
  if (CreateItem == NULL) return MutantEnd(Header, Irp, STATUS_NO_SECURITY_ON_OBJECT);
  PSECURITY_DESCRIPTOR OldDescriptor = CreateItem->SecurityDescriptor;
  NTSTATUS Status = MutantMerge(Irp, CreateItem);
  if (NT_SUCCESS(Status)) {
    ExFreePoolWithTag(OldDescriptor, 0);
    /* BUG: the trace reads the block freed on the line above. */
    DbgPrint("ks: security descriptor %lu -> %lu bytes\n",
             (unsigned long)RtlLengthSecurityDescriptor(OldDescriptor),
             (unsigned long)RtlLengthSecurityDescriptor(CreateItem->SecurityDescriptor));
    CreateItem->Flags |= KSCREATE_ITEM_SECURITYCHANGED;
  }
  return MutantEnd(Header, Irp, Status);
}

KSFUZZ_MUTANT_OF_CLASS(use_after_free, "use-after-free",
                       "traces the old descriptor's length after freeing it",
                       UseAfterFreeSetSecurity, NULL)
