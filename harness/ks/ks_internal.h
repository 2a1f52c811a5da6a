/* ks_internal.h — internal: what the shim keeps behind the opaque KSDEVICE_HEADER/KSOBJECT_HEADER. */
#ifndef KSFUZZ_KS_INTERNAL_H
#define KSFUZZ_KS_INTERNAL_H

#include <ksfuzz/ks_harness.h>
#include <ksfuzz/scheduler.h>

KSFUZZ_EXTERN_C_BEGIN

/// One create item a device header lists.
typedef struct {
  PKSOBJECT_CREATE_ITEM CreateItem;
  PFNKSITEMFREECALLBACK ItemFreeCallback;
  BOOLEAN Copied;  ///< CreateItem is a "KSci" block this header allocated and frees
} KSIDEVICE_ITEM;

/// Behind KSDEVICE_HEADER: one pool block with the security lock and room for every item, so a
/// device costs one allocation however its items arrive.
typedef struct {
  ERESOURCE SecurityLock;  ///< KsAcquireDeviceSecurityLock's (SEMANTICS L1)
  ULONG ItemsCount;
  KSIDEVICE_ITEM Items[KSFUZZ_KS_MAX_DEVICE_ITEMS];
} KSIDEVICE_HEADER, *PKSIDEVICE_HEADER;

/// Behind KSOBJECT_HEADER.
typedef struct {
  const KSDISPATCH_TABLE *DispatchTable;  ///< the driver's; it must outlive the header
  PKSOBJECT_CREATE_ITEM CreateItem;       ///< what KsDispatchIrp puts in the IRP; may be NULL
  ULONG ItemsCount;                       ///< child create items, kept by reference
  PKSOBJECT_CREATE_ITEM ItemsList;
} KSIOBJECT_HEADER, *PKSIOBJECT_HEADER;

KSFUZZ_EXTERN_C_END

#endif /* KSFUZZ_KS_INTERNAL_H */
