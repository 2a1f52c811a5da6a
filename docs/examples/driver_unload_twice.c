/* driver_unload_twice.c — a driver that gives two create items one descriptor (as
 * driver_shared_copy.c does) and whose RemoveDevice frees each item's descriptor: the same block
 * twice, with or without any IRP. `ksfuzz driver unload_twice` reports the double free at
 * teardown, and the sharing. */
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
    KSOBJECT_CREATE_ITEM Items[2];
} DEVICE_EXTENSION, *PDEVICE_EXTENSION;

static NTSTATUS ObjectCreate(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

static NTSTATUS AddDevice(PDEVICE_OBJECT DeviceObject)
{
    PDEVICE_EXTENSION Ext = DeviceObject->DeviceExtension;
    PSECURITY_DESCRIPTOR Descriptor = ExAllocatePoolWithTag(NonPagedPoolNx, sizeof(kDescriptor), 'lpmX');
    if (Descriptor == NULL) return STATUS_INSUFFICIENT_RESOURCES;
    RtlCopyMemory(Descriptor, kDescriptor, sizeof(kDescriptor));
    Ext->Items[0].Create = ObjectCreate;
    RtlInitUnicodeString(&Ext->Items[0].ObjectClass, L"Filter");
    Ext->Items[0].SecurityDescriptor = Descriptor;
    Ext->Items[1] = Ext->Items[0];
    RtlInitUnicodeString(&Ext->Items[1].ObjectClass, L"Pin");
    return KsAllocateDeviceHeader(&Ext->Header, 2, Ext->Items);
}

static VOID RemoveDevice(PDEVICE_OBJECT DeviceObject)
{
    PDEVICE_EXTENSION Ext = DeviceObject->DeviceExtension;
    KsFreeDeviceHeader(Ext->Header);
    for (ULONG i = 0; i < 2; ++i) {
        if (Ext->Items[i].SecurityDescriptor != NULL) ExFreePoolWithTag(Ext->Items[i].SecurityDescriptor, 'lpmX');
    }
}

KSFUZZ_DRIVER(unload_twice, "two items share one descriptor, and RemoveDevice frees it for each", AddDevice,
              RemoveDevice)
