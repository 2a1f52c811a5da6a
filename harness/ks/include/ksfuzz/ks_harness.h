/* ksfuzz/ks_harness.h — NOT WDK: the harness's view of the ks.sys shim and the stand-in minidriver
 * that hosts the routine under test (pool tags, create items of a device header, opening and
 * closing files, the dispatch table built from an implementation). Driver code never includes it. */
#ifndef KSFUZZ_KS_HARNESS_H
#define KSFUZZ_KS_HARNESS_H

#include <ks.h>
#include <ksfuzz/implementation.h>

KSFUZZ_EXTERN_C_BEGIN

/* Pool tags of what the shim allocates, as ULONGs whose bytes spell the tag ("KSdh" in memory). */
#define KSFUZZ_KS_TAG_DEVICE_HEADER 0x6864534BUL  ///< "KSdh", KsAllocateDeviceHeader, PagedPool
#define KSFUZZ_KS_TAG_OBJECT_HEADER 0x686F534BUL  ///< "KSoh", KsAllocateObjectHeader, NonPagedPool
#define KSFUZZ_KS_TAG_CREATE_ITEM 0x6963534BUL    ///< "KSci", KsAllocateObjectCreateItem's copy
#define KSFUZZ_KS_TAG_FILE_CONTEXT 0x6366734BUL   ///< "Ksfc", the stand-in driver's FsContext

/// Most create items one device header holds (given ones plus added ones); one more added item
/// fails with STATUS_INSUFFICIENT_RESOURCES (docs/SEMANTICS.md KS2).
#define KSFUZZ_KS_MAX_DEVICE_ITEMS 32

/// How many create items Header lists: ItemsList's, then each KsAllocateObjectCreateItem's
/// (less the copies KsFreeObjectCreateItem* freed, SEMANTICS R14).
ULONG KsfuzzKsDeviceItemCount(_In_ KSDEVICE_HEADER Header);
/// The Index-th of them (for a copy, the pool block KS allocated), or NULL past the end. The
/// ledger is not told about the copy's descriptor slot: the harness registers holders by name.
PKSOBJECT_CREATE_ITEM KsfuzzKsDeviceItem(_In_ KSDEVICE_HEADER Header, _In_ ULONG Index);

/// The executive resource KsAcquireDeviceSecurityLock takes (SEMANTICS L1), for tests that look
/// at who holds it.
PERESOURCE KsfuzzKsDeviceSecurityLock(_In_ KSDEVICE_HEADER Header);

/// What the stand-in driver keeps at FileObject->FsContext: ks.sys requires the object header
/// to be the first member.
typedef struct _KSFUZZ_KS_FILE_CONTEXT {
  KSOBJECT_HEADER ObjectHeader;
} KSFUZZ_KS_FILE_CONTEXT, *PKSFUZZ_KS_FILE_CONTEXT;

/// Opens FileObject on CreateItem as ks.sys's create path does before the item's Create routine
/// runs: an IRP_MJ_CREATE carrying CreateItem in KSCREATE_ITEM_IRP_STORAGE goes to
/// KsAllocateObjectHeader with Table, and FsContext gets a pool block ("Ksfc") holding the header.
/// CreateItem NULL opens a file whose IRPs carry no create item. STATUS_SUCCESS, or
/// STATUS_INSUFFICIENT_RESOURCES with nothing allocated and FsContext unchanged.
NTSTATUS KsfuzzKsOpenFile(_In_opt_ PDEVICE_OBJECT DeviceObject, _Inout_ PFILE_OBJECT FileObject,
                          _In_opt_ PKSOBJECT_CREATE_ITEM CreateItem,
                          _In_ const KSDISPATCH_TABLE *Table);

/// The stand-in driver's create items' Create routine: opens the IRP's file object on the item in
/// KSCREATE_ITEM_IRP_STORAGE as KsfuzzKsOpenFile does, with the KSDISPATCH_TABLE the item's Context
/// points at; completes the IRP with that status (Information untouched) and returns it.
NTSTATUS NTAPI KsfuzzKsDispatchCreate(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp);

/// The stand-in driver's KSDISPATCH_TABLE.Close: frees the object header and the FsContext block,
/// clears FsContext, completes the IRP with STATUS_SUCCESS and returns it.
NTSTATUS NTAPI KsfuzzKsDispatchClose(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp);

/// The table a file opened for Impl uses: Impl's SetSecurity and QuerySecurity, Close as above,
/// KsDispatchInvalidDeviceRequest for the other IRP entries, no fast I/O.
VOID KsfuzzKsDispatchTable(_In_ const KSFUZZ_IMPL *Impl, _Out_ PKSDISPATCH_TABLE Table);

KSFUZZ_EXTERN_C_END

#endif /* KSFUZZ_KS_HARNESS_H */
