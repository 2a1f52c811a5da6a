/* driver_static.c — a driver whose create item points at a descriptor in a global: memory the pool
 * never handed out. KsDispatchSetSecurity frees it with ExFreePool all the same. `ksfuzz driver
 * static_descriptor` reports it (free-not-pool: Driver Verifier's bad free). */
#include <ntifs.h>
#include <ks.h>
#include <ksfuzz/driver.h>

/* O:BAG:SYD:(A;;GA;;;WD)(A;;GA;;;SY), self-relative, 4-aligned as a descriptor must be. */
static __attribute__((aligned(4))) UCHAR g_Descriptor[] = {
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
    Ext->Items[0].Create = FilterCreate;
    RtlInitUnicodeString(&Ext->Items[0].ObjectClass, L"Filter");
    Ext->Items[0].SecurityDescriptor = g_Descriptor;
    return KsAllocateDeviceHeader(&Ext->Header, 1, Ext->Items);
}

static VOID RemoveDevice(PDEVICE_OBJECT DeviceObject)
{
    PDEVICE_EXTENSION Ext = DeviceObject->DeviceExtension;
    KsFreeDeviceHeader(Ext->Header);
}

KSFUZZ_DRIVER(static_descriptor, "points a create item at a descriptor in a global", AddDevice, RemoveDevice)
