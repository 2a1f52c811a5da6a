/* mutants/mutant_kit.h — the reference's steps that a mutant keeps unchanged, so each mutant file
 * shows only the step it breaks. Written against the WDK shim alone, as driver code is. */
#ifndef KSFUZZ_MUTANT_KIT_H
#define KSFUZZ_MUTANT_KIT_H

#include <ntifs.h>
#include <ks.h>
#include <ksfuzz/implementation.h>

/// The IRP's create item if there is one and it has a descriptor, else NULL (the reference's K1
/// check; the caller then completes with STATUS_NO_SECURITY_ON_OBJECT).
static inline PKSOBJECT_CREATE_ITEM MutantItemWithDescriptor(PIRP Irp) {
  PKSOBJECT_CREATE_ITEM CreateItem = KSCREATE_ITEM_IRP_STORAGE(Irp);
  return CreateItem != NULL && CreateItem->SecurityDescriptor != NULL ? CreateItem : NULL;
}

/// The reference's merge: SeSetSecurityDescriptorInfo with the stack location's parameters into
/// CreateItem->SecurityDescriptor (K2).
static inline NTSTATUS MutantMerge(PIRP Irp, PKSOBJECT_CREATE_ITEM CreateItem) {
  PIO_STACK_LOCATION IrpStack = IoGetCurrentIrpStackLocation(Irp);
  return SeSetSecurityDescriptorInfo(NULL, &IrpStack->Parameters.SetSecurity.SecurityInformation,
                                     IrpStack->Parameters.SetSecurity.SecurityDescriptor,
                                     &CreateItem->SecurityDescriptor, NonPagedPool,
                                     IoGetFileObjectGenericMapping());
}

/// The reference's success step: the merge left OldDescriptor to the caller (K2, K5).
static inline VOID MutantReplaced(PKSOBJECT_CREATE_ITEM CreateItem,
                                  PSECURITY_DESCRIPTOR OldDescriptor) {
  ExFreePool(OldDescriptor);
  CreateItem->Flags |= KSCREATE_ITEM_SECURITYCHANGED;
}

/// The reference's query into the caller's buffer with *Length in and out (K4).
static inline NTSTATUS MutantQuery(PIRP Irp, PKSOBJECT_CREATE_ITEM CreateItem, PULONG Length) {
  PIO_STACK_LOCATION IrpStack = IoGetCurrentIrpStackLocation(Irp);
  return SeQuerySecurityDescriptorInfo(&IrpStack->Parameters.QuerySecurity.SecurityInformation,
                                       Irp->UserBuffer, Length, &CreateItem->SecurityDescriptor);
}

/// The reference's ending: IoStatus.Status = Status, one completion, Status returned (K3).
static inline NTSTATUS MutantComplete(PIRP Irp, NTSTATUS Status) {
  Irp->IoStatus.Status = Status;
  IoCompleteRequest(Irp, IO_NO_INCREMENT);
  return Status;
}

#endif /* KSFUZZ_MUTANT_KIT_H */
