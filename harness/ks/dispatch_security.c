/* dispatch_security.c — KsDispatchSetSecurity and KsDispatchQuerySecurity, as Windows' ks.sys
 * does them (docs/SEMANTICS.md K1-K5, L2, L3). */
#include <ntifs.h>
#include <ks.h>

/* The object's create item: the object header is the first member of the structure FsContext
 * points at (the WDK's KSDISPATCH_TABLE remarks); KSCREATE_ITEM_IRP_STORAGE is only filled while
 * a create is dispatched. */
static PKSOBJECT_CREATE_ITEM ObjectCreateItem(PIO_STACK_LOCATION IrpStack) {
  KSOBJECT_HEADER ObjectHeader = *(KSOBJECT_HEADER *)IrpStack->FileObject->FsContext;
  return KsQueryObjectCreateItem(ObjectHeader);
}

/* The device header is the first member of the device extension (KsAllocateDeviceHeader). */
static KSDEVICE_HEADER DeviceHeader(PDEVICE_OBJECT DeviceObject) {
  return *(KSDEVICE_HEADER *)DeviceObject->DeviceExtension;
}

NTSTATUS NTAPI KsDispatchSetSecurity(PDEVICE_OBJECT DeviceObject, PIRP Irp) {
  PIO_STACK_LOCATION IrpStack = IoGetCurrentIrpStackLocation(Irp);
  PKSOBJECT_CREATE_ITEM CreateItem = ObjectCreateItem(IrpStack);
  KSDEVICE_HEADER Header = DeviceHeader(DeviceObject);
  PSECURITY_DESCRIPTOR OldDescriptor;
  NTSTATUS Status;

  /* Exclusive: no other replacement or query of any object of the device sees the descriptor
   * between the merge and the free of the old one. */
  KsAcquireDeviceSecurityLock(Header, TRUE);
  if (CreateItem == NULL || CreateItem->SecurityDescriptor == NULL) {
    Status = STATUS_NO_SECURITY_ON_OBJECT;
  } else {
    /* The merge points the item at a new block and leaves the old one to us to free. */
    OldDescriptor = CreateItem->SecurityDescriptor;
    Status = SeSetSecurityDescriptorInfo(IrpStack->FileObject,
                                         &IrpStack->Parameters.SetSecurity.SecurityInformation,
                                         IrpStack->Parameters.SetSecurity.SecurityDescriptor,
                                         &CreateItem->SecurityDescriptor, NonPagedPoolNx,
                                         IoGetFileObjectGenericMapping());
    if (NT_SUCCESS(Status)) {
      ExFreePoolWithTag(OldDescriptor, 0);
      /* Tells whoever persists descriptors that this one changed. */
      CreateItem->Flags |= KSCREATE_ITEM_SECURITYCHANGED;
    }
  }
  KsReleaseDeviceSecurityLock(Header);
  Irp->IoStatus.Status = Status;
  IoCompleteRequest(Irp, IO_NO_INCREMENT);
  return Status;
}

NTSTATUS NTAPI KsDispatchQuerySecurity(PDEVICE_OBJECT DeviceObject, PIRP Irp) {
  PIO_STACK_LOCATION IrpStack = IoGetCurrentIrpStackLocation(Irp);
  PKSOBJECT_CREATE_ITEM CreateItem = ObjectCreateItem(IrpStack);
  KSDEVICE_HEADER Header = DeviceHeader(DeviceObject);
  ULONG Length;
  NTSTATUS Status;

  /* Shared: queries run side by side, never beside a replacement. */
  KsAcquireDeviceSecurityLock(Header, FALSE);
  if (CreateItem == NULL || CreateItem->SecurityDescriptor == NULL) {
    Status = STATUS_NO_SECURITY_ON_OBJECT;
  } else {
    Length = IrpStack->Parameters.QuerySecurity.Length;
    Status = SeQuerySecurityDescriptorInfo(&IrpStack->Parameters.QuerySecurity.SecurityInformation,
                                           Irp->UserBuffer, &Length, &CreateItem->SecurityDescriptor);
    if (Status == STATUS_BUFFER_TOO_SMALL) {
      /* A warning, not an error, so the I/O manager hands the caller the required length to
       * retry with. */
      Irp->IoStatus.Information = Length;
      Status = STATUS_BUFFER_OVERFLOW;
    } else if (NT_SUCCESS(Status)) {
      Irp->IoStatus.Information = Length;
    }
  }
  KsReleaseDeviceSecurityLock(Header);
  Irp->IoStatus.Status = Status;
  IoCompleteRequest(Irp, IO_NO_INCREMENT);
  return Status;
}
