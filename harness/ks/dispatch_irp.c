/* dispatch_irp.c — KsDispatchIrp: an IRP to the routine its object's dispatch table names. */
#include "ks_internal.h"

/* The table entry for MajorFunction; NULL for a major function tables have no entry for. */
static PDRIVER_DISPATCH EntryFor(const KSDISPATCH_TABLE *Table, UCHAR MajorFunction) {
  switch (MajorFunction) {
    case IRP_MJ_DEVICE_CONTROL: return Table->DeviceIoControl;
    case IRP_MJ_READ: return Table->Read;
    case IRP_MJ_WRITE: return Table->Write;
    case IRP_MJ_FLUSH_BUFFERS: return Table->Flush;
    case IRP_MJ_CLOSE: return Table->Close;
    case IRP_MJ_QUERY_SECURITY: return Table->QuerySecurity;
    case IRP_MJ_SET_SECURITY: return Table->SetSecurity;
    default: return NULL;
  }
}

static BOOLEAN SameName(PCUNICODE_STRING A, PCUNICODE_STRING B) {
  return A->Length == B->Length && (A->Length == 0 || memcmp(A->Buffer, B->Buffer, A->Length) == 0);
}

/* IRP_MJ_CREATE on the device: the device header's create item whose ObjectClass is the file's
 * name (KS9) gets the IRP, with the item in KSCREATE_ITEM_IRP_STORAGE. */
static NTSTATUS DispatchCreate(PDEVICE_OBJECT DeviceObject, PIRP Irp, PFILE_OBJECT File) {
  KSDEVICE_HEADER header =
      DeviceObject != NULL && DeviceObject->DeviceExtension != NULL ? *(KSDEVICE_HEADER *)DeviceObject->DeviceExtension : NULL;
  PKSOBJECT_CREATE_ITEM item = NULL;
  for (ULONG i = 0; header != NULL && File != NULL && item == NULL; ++i) {
    PKSOBJECT_CREATE_ITEM candidate = KsfuzzKsDeviceItem(header, i);
    if (candidate == NULL) break;
    if (candidate->Create != NULL && SameName(&candidate->ObjectClass, &File->FileName)) item = candidate;
  }
  if (item == NULL) {
    Irp->IoStatus.Status = STATUS_OBJECT_NAME_NOT_FOUND;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_OBJECT_NAME_NOT_FOUND;
  }
  KSCREATE_ITEM_IRP_STORAGE(Irp) = item;
  return item->Create(DeviceObject, Irp);
}

NTSTATUS NTAPI KsDispatchIrp(PDEVICE_OBJECT DeviceObject, PIRP Irp) {
  PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
  PFILE_OBJECT file = stack->FileObject;
  if (stack->MajorFunction == IRP_MJ_CREATE) return DispatchCreate(DeviceObject, Irp, file);
  /* FsContext points at the driver's structure, whose first member is the object header. */
  PKSIOBJECT_HEADER header =
      file != NULL && file->FsContext != NULL ? *(PKSIOBJECT_HEADER *)file->FsContext : NULL;
  PDRIVER_DISPATCH routine =
      header != NULL ? EntryFor(header->DispatchTable, stack->MajorFunction) : NULL;
  if (routine == NULL) return KsDispatchInvalidDeviceRequest(DeviceObject, Irp);
  /* KSCREATE_ITEM_IRP_STORAGE is left as the I/O manager handed the IRP over (zero): ks.sys fills
   * it for IRP_MJ_CREATE only, and the routine finds the item through the header (KS5). */
  return routine(DeviceObject, Irp);
}

NTSTATUS NTAPI KsDispatchInvalidDeviceRequest(PDEVICE_OBJECT DeviceObject, PIRP Irp) {
  UNREFERENCED_PARAMETER(DeviceObject);
  Irp->IoStatus.Status = STATUS_INVALID_DEVICE_REQUEST;
  IoCompleteRequest(Irp, IO_NO_INCREMENT);
  return STATUS_INVALID_DEVICE_REQUEST;
}
