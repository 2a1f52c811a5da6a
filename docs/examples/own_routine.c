/* own_routine.c — testing your own SetSecurity routine: the driver code, and one registration line. */
#include <ntifs.h>
#include <ks.h>
#include <ksfuzz/implementation.h>

/* The routine as it is in the driver: KSDISPATCH_TABLE.SetSecurity. */
static NTSTATUS MySetSecurity(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION IrpSp = IoGetCurrentIrpStackLocation(Irp);
    PKSOBJECT_CREATE_ITEM CreateItem = KSCREATE_ITEM_IRP_STORAGE(Irp);
    PSECURITY_DESCRIPTOR Previous;
    NTSTATUS Status;

    UNREFERENCED_PARAMETER(DeviceObject);
    if (CreateItem == NULL || CreateItem->SecurityDescriptor == NULL) {
        Status = STATUS_NO_SECURITY_ON_OBJECT;
        goto Complete;
    }

    Previous = CreateItem->SecurityDescriptor;
    Status = SeSetSecurityDescriptorInfo(NULL,
                                         &IrpSp->Parameters.SetSecurity.SecurityInformation,
                                         IrpSp->Parameters.SetSecurity.SecurityDescriptor,
                                         &CreateItem->SecurityDescriptor,
                                         NonPagedPool,
                                         IoGetFileObjectGenericMapping());
    if (!NT_SUCCESS(Status)) {
        goto Complete;
    }
    ExFreePool(Previous);
    CreateItem->Flags |= KSCREATE_ITEM_SECURITYCHANGED;

Complete:
    Irp->IoStatus.Status = Status;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

/* The one line ksfuzz needs: a name for --impl, a description, the SetSecurity routine and the
 * QuerySecurity routine (NULL would mean ks.sys's KsDispatchQuerySecurity too). */
KSFUZZ_IMPLEMENTATION(my_routine, "MySetSecurity from docs/examples/own_routine.c",
                      MySetSecurity, KsDispatchQuerySecurity)
