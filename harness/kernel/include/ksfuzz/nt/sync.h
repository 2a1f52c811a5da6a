/* ksfuzz/nt/sync.h — executive resources (ERESOURCE) and critical regions, under wdm.h's and
 * ntddk.h's names. Each emulated thread is an execution context (ksfuzz/scheduler.h). */
#ifndef KSFUZZ_NT_SYNC_H
#define KSFUZZ_NT_SYNC_H

#include <ntdef.h>

KSFUZZ_EXTERN_C_BEGIN

/// An executive resource. The driver allocates it (the WDK asks for nonpaged memory) and never
/// looks inside. The shim keeps owners and waiters in a table of its own, keyed by the address:
/// the fields here only mirror it, and are written on every acquire and release, so that
/// AddressSanitizer stops a driver that uses a resource in freed memory.
typedef struct _ERESOURCE {
  LIST_ENTRY SystemResourcesList;  ///< unused
  PVOID OwnerTable;                ///< unused
  SHORT ActiveCount;               ///< acquisitions held, all contexts together
  USHORT Flag;                     ///< ResourceOwnedExclusive while a context owns it exclusively
  ULONG NumberOfSharedWaiters;
  ULONG NumberOfExclusiveWaiters;
  ULONG_PTR Reserved[8];
} ERESOURCE, *PERESOURCE;

typedef ULONG_PTR ERESOURCE_THREAD, *PERESOURCE_THREAD;

#define ResourceOwnedExclusive 0x80

/// Makes Resource an unowned resource. Initializing one that is initialized already is
/// DRIVER_VERIFIER_DETECTED_VIOLATION 0xC4/0xD0. Returns STATUS_SUCCESS.
NTKERNELAPI NTSTATUS NTAPI ExInitializeResourceLite(_Out_ PERESOURCE Resource);
/// Forgets Resource. 0xC4/0xD1 if it was never initialized, 0xC4/0x100B if a context still owns
/// it. Returns STATUS_SUCCESS.
NTKERNELAPI NTSTATUS NTAPI ExDeleteResourceLite(_Inout_ PERESOURCE Resource);
/// Exclusive access for the running context: at once if nobody owns the resource or the context
/// owns it exclusively (recursion); otherwise, with Wait, the context waits (ksfuzz/scheduler.h)
/// until it can have it. A context that owns it shared can never have it exclusively:
/// self-deadlock, 0xC4/0x1000. A wait no context can end is a deadlock, 0xC4/0x1001. Both return
/// FALSE without the resource (record mode). Without Wait, FALSE when access is not granted at
/// once. Outside a critical region: 0xC4/0x37 (the acquire then goes on).
NTKERNELAPI BOOLEAN NTAPI ExAcquireResourceExclusiveLite(_Inout_ PERESOURCE Resource,
                                                         _In_ BOOLEAN Wait);
/// Shared access for the running context: at once if the context owns the resource already
/// (either way: it gets the same access again), or nobody owns it exclusively and no context
/// waits for exclusive access; otherwise as ExAcquireResourceExclusiveLite.
NTKERNELAPI BOOLEAN NTAPI ExAcquireResourceSharedLite(_Inout_ PERESOURCE Resource,
                                                      _In_ BOOLEAN Wait);
/// Releases one acquisition of the running context. RESOURCE_NOT_OWNED (0xE3) if it holds none;
/// outside a critical region 0xC4/0x38 (the release then goes on).
NTKERNELAPI VOID FASTCALL ExReleaseResourceLite(_Inout_ PERESOURCE Resource);
/// TRUE if the running context owns Resource exclusively.
NTKERNELAPI BOOLEAN NTAPI ExIsResourceAcquiredExclusiveLite(_In_ PERESOURCE Resource);
/// How many acquisitions, shared or exclusive, the running context holds.
NTKERNELAPI ULONG NTAPI ExIsResourceAcquiredSharedLite(_In_ PERESOURCE Resource);

/// Disables normal kernel APCs for the running context (a count: regions nest).
NTKERNELAPI VOID NTAPI KeEnterCriticalRegion(VOID);
/// Leaves the innermost critical region; 0xC4/0x3E if the context is in none.
NTKERNELAPI VOID NTAPI KeLeaveCriticalRegion(VOID);

KSFUZZ_EXTERN_C_END

#endif /* KSFUZZ_NT_SYNC_H */
