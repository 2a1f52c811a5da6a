/* mutants/replace_not_merge.c — installs a copy of the caller's descriptor instead of a merge. */
#include "mutant_kit.h"

#define REPLACE_POOL_TAG 0x4453736BUL /* "ksSD" */

static NTSTATUS NTAPI ReplaceNotMergeSetSecurity(PDEVICE_OBJECT DeviceObject, PIRP Irp) {
  PIO_STACK_LOCATION IrpStack = IoGetCurrentIrpStackLocation(Irp);
  KSDEVICE_HEADER Header = MutantLock(DeviceObject, TRUE);
  PKSOBJECT_CREATE_ITEM CreateItem = MutantItemWithDescriptor(Irp);
  if (CreateItem == NULL) return MutantEnd(Header, Irp, STATUS_NO_SECURITY_ON_OBJECT);
  /* BUG: SecurityInformation is ignored: parts the caller did not name are overwritten too. The
   * I/O manager's capture makes the input self-relative, so a byte copy looks good enough. It
   * shows as the wrong descriptor, or, where the merge would have refused the input (S4, S5, S9),
   * as success where the model says the merge's error: one bug, two symptoms. */
  PSECURITY_DESCRIPTOR Input = IrpStack->Parameters.SetSecurity.SecurityDescriptor;
  ULONG Length = RtlLengthSecurityDescriptor(Input);
  PSECURITY_DESCRIPTOR NewDescriptor =
      ExAllocatePoolWithTag(NonPagedPoolNx, Length, REPLACE_POOL_TAG);
  if (NewDescriptor == NULL) return MutantEnd(Header, Irp, STATUS_INSUFFICIENT_RESOURCES);
  RtlCopyMemory(NewDescriptor, Input, Length);
  ExFreePoolWithTag(CreateItem->SecurityDescriptor, 0);
  CreateItem->SecurityDescriptor = NewDescriptor;
  CreateItem->Flags |= KSCREATE_ITEM_SECURITYCHANGED;
  return MutantEnd(Header, Irp, STATUS_SUCCESS);
}

KSFUZZ_MUTANT_OF_CLASS(replace_not_merge, "wrong-descriptor|wrong-status",
                       "installs a copy of the caller's descriptor, ignoring SecurityInformation",
                       ReplaceNotMergeSetSecurity, NULL)
