/* mutants/mutant_kit.h — the reference's steps that a mutant keeps unchanged, so each mutant file
 * shows only the step it breaks. Written against the WDK shim alone, as driver code is. */
#ifndef KSFUZZ_MUTANT_KIT_H
#define KSFUZZ_MUTANT_KIT_H

#include <ntifs.h>
#include <ks.h>
#include <ksfuzz/implementation.h>

/// The object's create item, found as the reference finds it (KS5): through the object header,
/// the first member of the structure FileObject->FsContext points at. NULL for an object opened
/// without one.
static inline PKSOBJECT_CREATE_ITEM MutantCreateItem(PIRP Irp) {
  PFILE_OBJECT FileObject = IoGetCurrentIrpStackLocation(Irp)->FileObject;
  return KsQueryObjectCreateItem(*(KSOBJECT_HEADER *)FileObject->FsContext);
}

/// The object's create item if there is one and it has a descriptor, else NULL (the reference's
/// K1 check; the caller then completes with STATUS_NO_SECURITY_ON_OBJECT).
static inline PKSOBJECT_CREATE_ITEM MutantItemWithDescriptor(PIRP Irp) {
  PKSOBJECT_CREATE_ITEM CreateItem = MutantCreateItem(Irp);
  return CreateItem != NULL && CreateItem->SecurityDescriptor != NULL ? CreateItem : NULL;
}

/// The reference's lock (L2, L3): the device header, first member of the device extension, locked
/// exclusively to replace a descriptor, shared to read one. Returns the header for MutantEnd.
static inline KSDEVICE_HEADER MutantLock(PDEVICE_OBJECT DeviceObject, BOOLEAN Exclusive) {
  KSDEVICE_HEADER Header = *(KSDEVICE_HEADER *)DeviceObject->DeviceExtension;
  KsAcquireDeviceSecurityLock(Header, Exclusive);
  return Header;
}

/// The reference's merge: SeSetSecurityDescriptorInfo with the stack location's parameters into
/// CreateItem->SecurityDescriptor, in NonPagedPoolNx (K2).
static inline NTSTATUS MutantMerge(PIRP Irp, PKSOBJECT_CREATE_ITEM CreateItem) {
  PIO_STACK_LOCATION IrpStack = IoGetCurrentIrpStackLocation(Irp);
  return SeSetSecurityDescriptorInfo(IrpStack->FileObject,
                                     &IrpStack->Parameters.SetSecurity.SecurityInformation,
                                     IrpStack->Parameters.SetSecurity.SecurityDescriptor,
                                     &CreateItem->SecurityDescriptor, NonPagedPoolNx,
                                     IoGetFileObjectGenericMapping());
}

/// The reference's success step: the merge left OldDescriptor to the caller (K2, K5).
static inline VOID MutantReplaced(PKSOBJECT_CREATE_ITEM CreateItem,
                                  PSECURITY_DESCRIPTOR OldDescriptor) {
  ExFreePoolWithTag(OldDescriptor, 0);
  CreateItem->Flags |= KSCREATE_ITEM_SECURITYCHANGED;
}

/// The reference's query into the caller's buffer with *Length in and out (K4).
static inline NTSTATUS MutantQuery(PIRP Irp, PKSOBJECT_CREATE_ITEM CreateItem, PULONG Length) {
  PIO_STACK_LOCATION IrpStack = IoGetCurrentIrpStackLocation(Irp);
  return SeQuerySecurityDescriptorInfo(&IrpStack->Parameters.QuerySecurity.SecurityInformation,
                                       Irp->UserBuffer, Length, &CreateItem->SecurityDescriptor);
}

/// The reference's answer to a query (K4): a short buffer is STATUS_BUFFER_OVERFLOW, and Length
/// goes to IoStatus.Information then and on success. Returns the status to complete with.
static inline NTSTATUS MutantAnswer(PIRP Irp, NTSTATUS Status, ULONG Length) {
  if (Status == STATUS_BUFFER_TOO_SMALL) Status = STATUS_BUFFER_OVERFLOW;
  if (Status == STATUS_BUFFER_OVERFLOW || NT_SUCCESS(Status)) Irp->IoStatus.Information = Length;
  return Status;
}

/// The reference's completion: IoStatus.Status = Status, one completion, Status returned (K3).
static inline NTSTATUS MutantComplete(PIRP Irp, NTSTATUS Status) {
  Irp->IoStatus.Status = Status;
  IoCompleteRequest(Irp, IO_NO_INCREMENT);
  return Status;
}

/// The reference's ending: the lock MutantLock took released, then MutantComplete.
static inline NTSTATUS MutantEnd(KSDEVICE_HEADER Header, PIRP Irp, NTSTATUS Status) {
  KsReleaseDeviceSecurityLock(Header);
  return MutantComplete(Irp, Status);
}

#endif /* KSFUZZ_MUTANT_KIT_H */
