/* driver_shared_copy.c — a driver whose AddDevice copies a create item with
 * KsAllocateObjectCreateItem. The copy gets the same SecurityDescriptor pointer, so two items share
 * one pool block: KsDispatchSetSecurity on either frees it under the other. `ksfuzz driver
 * shared_copy` reports it (freed-while-shared, then the double free in RemoveDevice). */
#include <ntifs.h>
#include <ks.h>
#include <ksfuzz/driver.h>

/* O:BAG:SYD:(A;;GA;;;WD)(A;;GA;;;SY), self-relative. */
static const UCHAR kDescriptor[] = {
    0x01, 0x00, 0x04, 0x80, 0x44, 0x00, 0x00, 0x00, 0x54, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x14, 0x00, 0x00, 0x00, 0x02, 0x00, 0x30, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x14, 0x00,
    0x00, 0x00, 0x00, 0x10, 0x01, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x14, 0x00, 0x00, 0x00, 0x00, 0x10, 0x01, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05,
    0x12, 0x00, 0x00, 0x00, 0x01, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05, 0x20, 0x00, 0x00, 0x00,
    0x20, 0x02, 0x00, 0x00, 0x01, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05, 0x12, 0x00, 0x00, 0x00,
};

typedef struct _DEVICE_EXTENSION {
    KSDEVICE_HEADER Header; /* first, as ks.sys requires */
    KSOBJECT_CREATE_ITEM Items[1];
    PSECURITY_DESCRIPTOR Descriptor;
} DEVICE_EXTENSION, *PDEVICE_EXTENSION;

static NTSTATUS FilterCreate(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

static NTSTATUS AddDevice(PDEVICE_OBJECT DeviceObject)
{
    PDEVICE_EXTENSION Ext = DeviceObject->DeviceExtension;
    NTSTATUS Status;

    Ext->Descriptor = ExAllocatePoolWithTag(NonPagedPoolNx, sizeof(kDescriptor), 'lpmX');
    if (Ext->Descriptor == NULL) return STATUS_INSUFFICIENT_RESOURCES;
    RtlCopyMemory(Ext->Descriptor, kDescriptor, sizeof(kDescriptor));

    Ext->Items[0].Create = FilterCreate;
    RtlInitUnicodeString(&Ext->Items[0].ObjectClass, L"Filter");
    Ext->Items[0].SecurityDescriptor = Ext->Descriptor;
    Status = KsAllocateDeviceHeader(&Ext->Header, 1, Ext->Items);
    if (!NT_SUCCESS(Status)) return Status;

    /* A second way in, under its own name: the copy shares Items[0]'s descriptor pointer. */
    KSOBJECT_CREATE_ITEM Pin = Ext->Items[0];
    RtlInitUnicodeString(&Pin.ObjectClass, L"Pin");
    return KsAllocateObjectCreateItem(Ext->Header, &Pin, TRUE, NULL);
}

static VOID RemoveDevice(PDEVICE_OBJECT DeviceObject)
{
    PDEVICE_EXTENSION Ext = DeviceObject->DeviceExtension;
    KsFreeDeviceHeader(Ext->Header);
    ExFreePoolWithTag(Ext->Descriptor, 'lpmX');
}

KSFUZZ_DRIVER(shared_copy, "copies a create item with KsAllocateObjectCreateItem: two items, one descriptor",
              AddDevice, RemoveDevice)
