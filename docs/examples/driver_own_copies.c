/* driver_own_copies.c — a driver that builds its descriptor with the Rtl* routines and gives each
 * create item its own self-relative copy in its own pool block, and whose RemoveDevice frees the
 * descriptor each item holds then (KsDispatchSetSecurity may have replaced the one it was given).
 * `ksfuzz driver own_copies` passes it. */
#include <ntifs.h>
#include <ks.h>
#include <ksfuzz/driver.h>

#define ITEM_COUNT 2

typedef struct _DEVICE_EXTENSION {
    KSDEVICE_HEADER Header; /* first, as ks.sys requires */
    KSOBJECT_CREATE_ITEM Items[ITEM_COUNT];
} DEVICE_EXTENSION, *PDEVICE_EXTENSION;

static NTSTATUS ObjectCreate(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

/* O:BAG:SYD:(A;;GA;;;WD)(A;;GA;;;SY) as a new self-relative descriptor in its own pool block. */
static NTSTATUS BuildDescriptor(PSECURITY_DESCRIPTOR *Result)
{
    UCHAR AclBuffer[128];
    PACL Dacl = (PACL)AclBuffer;
    SECURITY_DESCRIPTOR Absolute;
    ULONG Length = 0;
    NTSTATUS Status;

    Status = RtlCreateAcl(Dacl, sizeof(AclBuffer), ACL_REVISION);
    if (NT_SUCCESS(Status)) Status = RtlAddAccessAllowedAce(Dacl, ACL_REVISION, GENERIC_ALL, SeExports->SeWorldSid);
    if (NT_SUCCESS(Status)) Status = RtlAddAccessAllowedAce(Dacl, ACL_REVISION, GENERIC_ALL, SeExports->SeLocalSystemSid);
    if (NT_SUCCESS(Status)) Status = RtlCreateSecurityDescriptor(&Absolute, SECURITY_DESCRIPTOR_REVISION);
    if (NT_SUCCESS(Status)) Status = RtlSetOwnerSecurityDescriptor(&Absolute, SeExports->SeAliasAdminsSid, FALSE);
    if (NT_SUCCESS(Status)) Status = RtlSetGroupSecurityDescriptor(&Absolute, SeExports->SeLocalSystemSid, FALSE);
    if (NT_SUCCESS(Status)) Status = RtlSetDaclSecurityDescriptor(&Absolute, TRUE, Dacl, FALSE);
    if (!NT_SUCCESS(Status)) return Status;

    /* The first call says how large the self-relative form is. */
    Status = RtlAbsoluteToSelfRelativeSD(&Absolute, NULL, &Length);
    if (Status != STATUS_BUFFER_TOO_SMALL) return NT_SUCCESS(Status) ? STATUS_INVALID_PARAMETER : Status;
    *Result = ExAllocatePoolWithTag(NonPagedPoolNx, Length, 'lpmX');
    if (*Result == NULL) return STATUS_INSUFFICIENT_RESOURCES;
    Status = RtlAbsoluteToSelfRelativeSD(&Absolute, *Result, &Length);
    if (!NT_SUCCESS(Status)) {
        ExFreePoolWithTag(*Result, 'lpmX');
        *Result = NULL;
    }
    return Status;
}

static NTSTATUS AddDevice(PDEVICE_OBJECT DeviceObject)
{
    PDEVICE_EXTENSION Ext = DeviceObject->DeviceExtension;
    static const WCHAR *const Names[ITEM_COUNT] = {L"Filter", L"Pin"};
    for (ULONG i = 0; i < ITEM_COUNT; ++i) {
        NTSTATUS Status = BuildDescriptor(&Ext->Items[i].SecurityDescriptor); /* one block each */
        if (!NT_SUCCESS(Status)) return Status;
        Ext->Items[i].Create = ObjectCreate;
        RtlInitUnicodeString(&Ext->Items[i].ObjectClass, Names[i]);
    }
    return KsAllocateDeviceHeader(&Ext->Header, ITEM_COUNT, Ext->Items);
}

static VOID RemoveDevice(PDEVICE_OBJECT DeviceObject)
{
    PDEVICE_EXTENSION Ext = DeviceObject->DeviceExtension;
    KsFreeDeviceHeader(Ext->Header);
    /* What each item holds now: SetSecurity frees the old descriptor and leaves its new one here. */
    for (ULONG i = 0; i < ITEM_COUNT; ++i) {
        if (Ext->Items[i].SecurityDescriptor != NULL) ExFreePool(Ext->Items[i].SecurityDescriptor);
        Ext->Items[i].SecurityDescriptor = NULL;
    }
}

KSFUZZ_DRIVER(own_copies, "builds its descriptor with the Rtl* routines; each item has its own copy", AddDevice,
              RemoveDevice)
