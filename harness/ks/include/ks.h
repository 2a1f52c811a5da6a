/* ks.h — the kernel-streaming subset a security dispatch routine compiles against (ks.sys's shim). */
#ifndef _KS_
#define _KS_
#ifndef KSFUZZ_KS_H
#define KSFUZZ_KS_H

#include <ntddk.h>

KSFUZZ_EXTERN_C_BEGIN

#define KSDDKAPI

/* ---- Fast I/O entries of a dispatch table (wdm.h's FAST_IO_* prototypes) ---- */

typedef BOOLEAN FAST_IO_DEVICE_CONTROL(_In_ struct _FILE_OBJECT *FileObject, _In_ BOOLEAN Wait,
                                       _In_opt_ PVOID InputBuffer, _In_ ULONG InputBufferLength,
                                       _Out_opt_ PVOID OutputBuffer, _In_ ULONG OutputBufferLength,
                                       _In_ ULONG IoControlCode, _Out_ PIO_STATUS_BLOCK IoStatus,
                                       _In_ struct _DEVICE_OBJECT *DeviceObject);
typedef FAST_IO_DEVICE_CONTROL *PFAST_IO_DEVICE_CONTROL;

typedef BOOLEAN FAST_IO_READ(_In_ struct _FILE_OBJECT *FileObject, _In_ PLARGE_INTEGER FileOffset,
                             _In_ ULONG Length, _In_ BOOLEAN Wait, _In_ ULONG LockKey,
                             _Out_ PVOID Buffer, _Out_ PIO_STATUS_BLOCK IoStatus,
                             _In_ struct _DEVICE_OBJECT *DeviceObject);
typedef FAST_IO_READ *PFAST_IO_READ;

typedef BOOLEAN FAST_IO_WRITE(_In_ struct _FILE_OBJECT *FileObject, _In_ PLARGE_INTEGER FileOffset,
                              _In_ ULONG Length, _In_ BOOLEAN Wait, _In_ ULONG LockKey,
                              _In_ PVOID Buffer, _Out_ PIO_STATUS_BLOCK IoStatus,
                              _In_ struct _DEVICE_OBJECT *DeviceObject);
typedef FAST_IO_WRITE *PFAST_IO_WRITE;

/* ---- Create items ---- */

/// One kind of object a device (or a parent object) can open. SecurityDescriptor, when not NULL,
/// must be its own pool block: KsDispatchSetSecurity replaces it with a new one and frees it.
typedef struct {
  PDRIVER_DISPATCH Create;
  PVOID Context;
  UNICODE_STRING ObjectClass;
  PSECURITY_DESCRIPTOR SecurityDescriptor;
  ULONG Flags;
} KSOBJECT_CREATE_ITEM, *PKSOBJECT_CREATE_ITEM;

#define KSCREATE_ITEM_SECURITYCHANGED 0x00000001
#define KSCREATE_ITEM_WILDCARD 0x00000002
#define KSCREATE_ITEM_NOPARAMETERS 0x00000004
#define KSCREATE_ITEM_FREEONSTOP 0x00000008

/// Where ks.sys leaves the create item being opened while it dispatches an IRP_MJ_CREATE to the
/// item's Create routine: the WDK's slot, DriverContext[0] (docs/SEMANTICS.md KS1). ks.sys fills
/// it for IRP_MJ_CREATE only; a later IRP's routine finds the item through the object header at
/// FileObject->FsContext (KsQueryObjectCreateItem).
#define KSCREATE_ITEM_IRP_STORAGE(Irp) \
  (*(PKSOBJECT_CREATE_ITEM *)&(Irp)->Tail.Overlay.DriverContext[0])

/// Called for a create item KsAllocateObjectCreateItem copied, before KsFreeDeviceHeader frees it.
typedef VOID(NTAPI *PFNKSITEMFREECALLBACK)(_In_ PKSOBJECT_CREATE_ITEM CreateItem);

/* ---- Dispatch tables ---- */

/// The routines one open object handles; KsDispatchIrp calls them. Field order is the WDK's.
typedef struct {
  PDRIVER_DISPATCH DeviceIoControl;
  PDRIVER_DISPATCH Read;
  PDRIVER_DISPATCH Write;
  PDRIVER_DISPATCH Flush;
  PDRIVER_DISPATCH Close;
  PDRIVER_DISPATCH QuerySecurity;
  PDRIVER_DISPATCH SetSecurity;
  PFAST_IO_DEVICE_CONTROL FastDeviceIoControl;
  PFAST_IO_READ FastRead;
  PFAST_IO_WRITE FastWrite;
} KSDISPATCH_TABLE, *PKSDISPATCH_TABLE;

#define DEFINE_KSDISPATCH_TABLE(tablename, DeviceIoControl, Read, Write, Flush, Close,           \
                                QuerySecurity, SetSecurity, FastDeviceIoControl, FastRead,       \
                                FastWrite)                                                       \
  const KSDISPATCH_TABLE tablename = {DeviceIoControl, Read, Write, Flush, Close, QuerySecurity, \
                                      SetSecurity, FastDeviceIoControl, FastRead, FastWrite}

/* ---- Headers (opaque, as in the WDK) ---- */

/// A device's header: its create items and its security lock. The device extension's first member.
typedef PVOID KSDEVICE_HEADER;
/// An open object's header: its dispatch table and create item. The first member of the
/// structure FileObject->FsContext points at.
typedef PVOID KSOBJECT_HEADER;

/// Allocates a device header listing ItemsCount items of ItemsList (kept by reference: the array
/// must outlive the header), with its security lock initialized. STATUS_SUCCESS, or
/// STATUS_INSUFFICIENT_RESOURCES with *Header unchanged. One pool block (docs/SEMANTICS.md KS2).
KSDDKAPI NTSTATUS NTAPI KsAllocateDeviceHeader(_Out_ KSDEVICE_HEADER *Header, _In_ ULONG ItemsCount,
                                               _In_opt_ PKSOBJECT_CREATE_ITEM ItemsList);
/// Calls the free callback of each item KsAllocateObjectCreateItem copied, frees the copies, deletes
/// the security lock and frees the header. The descriptors the items point at are the driver's to
/// free, before this.
KSDDKAPI VOID NTAPI KsFreeDeviceHeader(_In_ KSDEVICE_HEADER Header);

/// Adds CreateItem to Header. AllocateEntry: a copy of the item in its own pool block, sharing
/// CreateItem's SecurityDescriptor pointer (KS4); else CreateItem itself, which must outlive the
/// header (ItemFreeCallback is then ignored). STATUS_SUCCESS or STATUS_INSUFFICIENT_RESOURCES.
KSDDKAPI NTSTATUS NTAPI KsAllocateObjectCreateItem(_In_ KSDEVICE_HEADER Header,
                                                   _In_ PKSOBJECT_CREATE_ITEM CreateItem,
                                                   _In_ BOOLEAN AllocateEntry,
                                                   _In_opt_ PFNKSITEMFREECALLBACK ItemFreeCallback);

/// Fills the first listed item whose Create is NULL (an empty slot) with Create, Context,
/// ObjectClass (a NUL-terminated string, kept by reference), SecurityDescriptor (by reference:
/// still the driver's to free) and Flags 0. STATUS_SUCCESS, STATUS_ALLOTTED_SPACE_EXCEEDED when
/// no slot is empty, STATUS_INVALID_PARAMETER for a NULL Header, Create or ObjectClass
/// (docs/SEMANTICS.md R13). Allocates nothing.
KSDDKAPI NTSTATUS NTAPI KsAddObjectCreateItemToDeviceHeader(
    _In_ KSDEVICE_HEADER Header, _In_ PDRIVER_DISPATCH Create, _In_ PVOID Context,
    _In_ PWSTR ObjectClass, _In_opt_ PSECURITY_DESCRIPTOR SecurityDescriptor);
/// Frees the slot of every listed item with a Create routine whose ObjectClass equals
/// *CreateItem: a copy KsAllocateObjectCreateItem made gets its ItemFreeCallback, is freed and
/// leaves the list; any other item stays listed, emptied (Create NULL). Descriptors are never
/// freed. STATUS_SUCCESS, or STATUS_OBJECT_NAME_NOT_FOUND when nothing matched (R14).
KSDDKAPI NTSTATUS NTAPI KsFreeObjectCreateItem(_In_ KSDEVICE_HEADER Header,
                                               _In_ PUNICODE_STRING CreateItem);
/// KsFreeObjectCreateItem for the items whose Context is Context (R15).
KSDDKAPI NTSTATUS NTAPI KsFreeObjectCreateItemsByContext(_In_ KSDEVICE_HEADER Header,
                                                         _In_ PVOID Context);

/// Allocates the header of the object Irp (an IRP_MJ_CREATE) opens: it keeps Table (which must
/// outlive it) and the create item in KSCREATE_ITEM_IRP_STORAGE(Irp), NULL allowed (KS3), which
/// KsQueryObjectCreateItem gives back.
/// The caller stores it as the first member of FileObject->FsContext's structure.
/// STATUS_SUCCESS or STATUS_INSUFFICIENT_RESOURCES.
KSDDKAPI NTSTATUS NTAPI KsAllocateObjectHeader(_Out_ KSOBJECT_HEADER *Header, _In_ ULONG ItemsCount,
                                               _In_opt_ PKSOBJECT_CREATE_ITEM ItemsList,
                                               _In_ PIRP Irp, _In_ const KSDISPATCH_TABLE *Table);
/// Frees an object header (not the create item it names, nor the FsContext structure).
KSDDKAPI VOID NTAPI KsFreeObjectHeader(_In_ PVOID Header);
/// The create item the object was opened on (NULL if none).
KSDDKAPI PKSOBJECT_CREATE_ITEM NTAPI KsQueryObjectCreateItem(_In_ KSOBJECT_HEADER Header);

/* ---- Dispatch ---- */

/// Routes Irp by its major function through the object header at FileObject->FsContext to the
/// object's dispatch table (KS5); an IRP_MJ_CREATE goes to the device's create item of the file's
/// name, with the item in KSCREATE_ITEM_IRP_STORAGE(Irp) (KS9). Returns what the routine returns.
KSDDKAPI NTSTATUS NTAPI KsDispatchIrp(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp);
/// Completes Irp with STATUS_INVALID_DEVICE_REQUEST and returns it.
KSDDKAPI NTSTATUS NTAPI KsDispatchInvalidDeviceRequest(_In_ PDEVICE_OBJECT DeviceObject,
                                                       _Inout_ PIRP Irp);

/// SEMANTICS K1-K5: under the device's security lock taken exclusively, replaces the descriptor
/// of the object's create item (object header at FsContext) with SeSetSecurityDescriptorInfo's
/// merge, frees the old one, sets KSCREATE_ITEM_SECURITYCHANGED; completes the IRP.
KSDDKAPI NTSTATUS NTAPI KsDispatchSetSecurity(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp);
/// SEMANTICS K1, K4: under the device's security lock taken shared, answers from the create item's
/// descriptor (STATUS_BUFFER_OVERFLOW with the required length for a short buffer); completes the
/// IRP.
KSDDKAPI NTSTATUS NTAPI KsDispatchQuerySecurity(_In_ PDEVICE_OBJECT DeviceObject,
                                                _Inout_ PIRP Irp);

/// SEMANTICS L1: enters a critical region, then acquires the device header's security resource,
/// exclusively (to change a descriptor) or shared (to read one, or to validate access during a
/// create), waiting until it can. Header is KsAllocateDeviceHeader's.
KSDDKAPI VOID NTAPI KsAcquireDeviceSecurityLock(_In_ KSDEVICE_HEADER Header, _In_ BOOLEAN Exclusive);
/// SEMANTICS L1: releases the device header's security resource, then leaves the critical region.
KSDDKAPI VOID NTAPI KsReleaseDeviceSecurityLock(_In_ KSDEVICE_HEADER Header);

/* ---- Security ---- */

/// A new default descriptor in its own pool block (KS6), for an item that has none; free it with
/// ExFreePool. STATUS_SUCCESS or STATUS_INSUFFICIENT_RESOURCES (*DefaultSecurity unchanged).
KSDDKAPI NTSTATUS NTAPI KsCreateDefaultSecurity(_In_opt_ PSECURITY_DESCRIPTOR ParentSecurity,
                                                _Out_ PSECURITY_DESCRIPTOR *DefaultSecurity);

KSFUZZ_EXTERN_C_END

#endif /* KSFUZZ_KS_H */
#endif /* _KS_ */
