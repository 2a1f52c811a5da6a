/* standin_driver.c — the minidriver that hosts the routine under test: open files, Close, tables. */
#include "ks_internal.h"

NTSTATUS KsfuzzKsOpenFile(PDEVICE_OBJECT DeviceObject, PFILE_OBJECT FileObject,
                          PKSOBJECT_CREATE_ITEM CreateItem, const KSDISPATCH_TABLE *Table) {
  /* The IRP_MJ_CREATE ks.sys hands the item's Create routine: only the stack location's file
   * object and the create item storage are read, so it can live on the stack. */
  IRP create_irp;
  IO_STACK_LOCATION create_stack;
  RtlZeroMemory(&create_irp, sizeof(create_irp));
  RtlZeroMemory(&create_stack, sizeof(create_stack));
  create_stack.MajorFunction = IRP_MJ_CREATE;
  create_stack.DeviceObject = DeviceObject;
  create_stack.FileObject = FileObject;
  create_irp.Type = IO_TYPE_IRP;
  create_irp.StackCount = 1;
  create_irp.CurrentLocation = 1;
  create_irp.Tail.Overlay.CurrentStackLocation = &create_stack;
  KSCREATE_ITEM_IRP_STORAGE(&create_irp) = CreateItem;

  PKSFUZZ_KS_FILE_CONTEXT context =
      ExAllocatePoolWithTag(NonPagedPool, sizeof(*context), KSFUZZ_KS_TAG_FILE_CONTEXT);
  if (context == NULL) return STATUS_INSUFFICIENT_RESOURCES;
  NTSTATUS status = KsAllocateObjectHeader(&context->ObjectHeader, 0, NULL, &create_irp, Table);
  if (!NT_SUCCESS(status)) {
    ExFreePoolWithTag(context, KSFUZZ_KS_TAG_FILE_CONTEXT);
    return status;
  }
  FileObject->FsContext = context;
  return STATUS_SUCCESS;
}

NTSTATUS NTAPI KsfuzzKsDispatchCreate(PDEVICE_OBJECT DeviceObject, PIRP Irp) {
  PKSOBJECT_CREATE_ITEM item = KSCREATE_ITEM_IRP_STORAGE(Irp);
  PFILE_OBJECT file = IoGetCurrentIrpStackLocation(Irp)->FileObject;
  NTSTATUS status = KsfuzzKsOpenFile(DeviceObject, file, item, (const KSDISPATCH_TABLE *)item->Context);
  Irp->IoStatus.Status = status;
  IoCompleteRequest(Irp, IO_NO_INCREMENT);
  return status;
}

NTSTATUS NTAPI KsfuzzKsDispatchClose(PDEVICE_OBJECT DeviceObject, PIRP Irp) {
  UNREFERENCED_PARAMETER(DeviceObject);
  PFILE_OBJECT file = IoGetCurrentIrpStackLocation(Irp)->FileObject;
  PKSFUZZ_KS_FILE_CONTEXT context = file->FsContext;
  KsFreeObjectHeader(context->ObjectHeader);
  ExFreePoolWithTag(context, KSFUZZ_KS_TAG_FILE_CONTEXT);
  file->FsContext = NULL;
  Irp->IoStatus.Status = STATUS_SUCCESS;
  IoCompleteRequest(Irp, IO_NO_INCREMENT);
  return STATUS_SUCCESS;
}

VOID KsfuzzKsDispatchTable(const KSFUZZ_IMPL *Impl, PKSDISPATCH_TABLE Table) {
  Table->DeviceIoControl = KsDispatchInvalidDeviceRequest;
  Table->Read = KsDispatchInvalidDeviceRequest;
  Table->Write = KsDispatchInvalidDeviceRequest;
  Table->Flush = KsDispatchInvalidDeviceRequest;
  Table->Close = KsfuzzKsDispatchClose;
  Table->QuerySecurity = Impl->QuerySecurity;
  Table->SetSecurity = Impl->SetSecurity;
  Table->FastDeviceIoControl = NULL;
  Table->FastRead = NULL;
  Table->FastWrite = NULL;
}
