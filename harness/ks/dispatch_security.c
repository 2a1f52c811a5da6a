/* dispatch_security.c — KsDispatchSetSecurity and KsDispatchQuerySecurity, as ks.sys documents them. */
#include <ntifs.h>
#include <ks.h>

NTSTATUS NTAPI KsDispatchSetSecurity(PDEVICE_OBJECT DeviceObject, PIRP Irp) {
  PIO_STACK_LOCATION IrpStack = IoGetCurrentIrpStackLocation(Irp);
  PKSOBJECT_CREATE_ITEM CreateItem = KSCREATE_ITEM_IRP_STORAGE(Irp);
  PSECURITY_DESCRIPTOR OldDescriptor;
  NTSTATUS Status;

  UNREFERENCED_PARAMETER(DeviceObject);
  if (CreateItem == NULL || CreateItem->SecurityDescriptor == NULL) {
    Status = STATUS_NO_SECURITY_ON_OBJECT;
  } else {
    /* The merge points the item at a new block and leaves the old one to us to free. */
    OldDescriptor = CreateItem->SecurityDescriptor;
    Status = SeSetSecurityDescriptorInfo(NULL, &IrpStack->Parameters.SetSecurity.SecurityInformation,
                                         IrpStack->Parameters.SetSecurity.SecurityDescriptor,
                                         &CreateItem->SecurityDescriptor, NonPagedPool,
                                         IoGetFileObjectGenericMapping());
    if (NT_SUCCESS(Status)) {
      ExFreePool(OldDescriptor);
      /* Tells whoever persists descriptors that this one changed. */
      CreateItem->Flags |= KSCREATE_ITEM_SECURITYCHANGED;
    }
  }
  Irp->IoStatus.Status = Status;
  IoCompleteRequest(Irp, IO_NO_INCREMENT);
  return Status;
}

NTSTATUS NTAPI KsDispatchQuerySecurity(PDEVICE_OBJECT DeviceObject, PIRP Irp) {
  PIO_STACK_LOCATION IrpStack = IoGetCurrentIrpStackLocation(Irp);
  PKSOBJECT_CREATE_ITEM CreateItem = KSCREATE_ITEM_IRP_STORAGE(Irp);
  ULONG Length;
  NTSTATUS Status;

  UNREFERENCED_PARAMETER(DeviceObject);
  if (CreateItem == NULL || CreateItem->SecurityDescriptor == NULL) {
    Status = STATUS_NO_SECURITY_ON_OBJECT;
  } else {
    Length = IrpStack->Parameters.QuerySecurity.Length;
    Status = SeQuerySecurityDescriptorInfo(&IrpStack->Parameters.QuerySecurity.SecurityInformation,
                                           Irp->UserBuffer, &Length, &CreateItem->SecurityDescriptor);
    /* The required length, on STATUS_BUFFER_TOO_SMALL too: the caller retries with it. */
    Irp->IoStatus.Information = Length;
  }
  Irp->IoStatus.Status = Status;
  IoCompleteRequest(Irp, IO_NO_INCREMENT);
  return Status;
}
