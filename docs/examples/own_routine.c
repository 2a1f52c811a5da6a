/* own_routine.c — testing your own SetSecurity routine: the driver code, and one registration line. */
#include <ntifs.h>
#include <ks.h>
#include <ksfuzz/implementation.h>

/* The routine as it is in the driver: KSDISPATCH_TABLE.SetSecurity. */
static NTSTATUS MySetSecurity(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION IrpSp = IoGetCurrentIrpStackLocation(Irp);
    /* The object header is the first member of what FsContext points at; the device header the
     * first member of the device extension. */
    KSOBJECT_HEADER ObjectHeader = *(KSOBJECT_HEADER *)IrpSp->FileObject->FsContext;
    KSDEVICE_HEADER DeviceHeader = *(KSDEVICE_HEADER *)DeviceObject->DeviceExtension;
    PKSOBJECT_CREATE_ITEM CreateItem = KsQueryObjectCreateItem(ObjectHeader);
    PSECURITY_DESCRIPTOR Previous;
    NTSTATUS Status;

    /* Exclusive while the descriptor is replaced: no other IRP of the device reads or frees it. */
    KsAcquireDeviceSecurityLock(DeviceHeader, TRUE);
    if (CreateItem == NULL || CreateItem->SecurityDescriptor == NULL) {
        Status = STATUS_NO_SECURITY_ON_OBJECT;
        goto Unlock;
    }

    Previous = CreateItem->SecurityDescriptor;
    Status = SeSetSecurityDescriptorInfo(IrpSp->FileObject,
                                         &IrpSp->Parameters.SetSecurity.SecurityInformation,
                                         IrpSp->Parameters.SetSecurity.SecurityDescriptor,
                                         &CreateItem->SecurityDescriptor,
                                         NonPagedPoolNx,
                                         IoGetFileObjectGenericMapping());
    if (!NT_SUCCESS(Status)) {
        goto Unlock;
    }
    ExFreePool(Previous);
    CreateItem->Flags |= KSCREATE_ITEM_SECURITYCHANGED;

Unlock:
    KsReleaseDeviceSecurityLock(DeviceHeader);
    Irp->IoStatus.Status = Status;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

/* The one line ksfuzz needs: a name for --impl, a description, the SetSecurity routine and the
 * QuerySecurity routine (NULL would mean ks.sys's KsDispatchQuerySecurity too). */
KSFUZZ_IMPLEMENTATION(my_routine, "MySetSecurity from docs/examples/own_routine.c",
                      MySetSecurity, KsDispatchQuerySecurity)
