/* ksfuzz/kernel_harness.h — NOT WDK: the harness's controls over the emulated kernel (verifier
 * mode and violations, pool ledger, fault plan, IRP builders, descriptor capture). Driver code
 * never includes this; the runner, oracle and tests do. */
#ifndef KSFUZZ_KERNEL_HARNESS_H
#define KSFUZZ_KERNEL_HARNESS_H

#include <stdio.h>
#include <ntifs.h>

KSFUZZ_EXTERN_C_BEGIN

/* ======================= Verifier: what is reported, and how ======================= */

typedef enum _KSFUZZ_VIOLATION_KIND {
  KsfuzzViolationDoubleFree = 1,      ///< BAD_POOL_CALLER 0xC2/0x07
  KsfuzzViolationWrongTag,            ///< BAD_POOL_CALLER 0xC2/0x0A
  KsfuzzViolationFreeInterior,        ///< BAD_POOL_CALLER 0xC2/0x41286
  KsfuzzViolationFreeNotPool,         ///< DRIVER_VERIFIER_DETECTED_VIOLATION 0xC4/0x10
  KsfuzzViolationZeroSizeAllocation,  ///< DRIVER_VERIFIER_DETECTED_VIOLATION 0xC4/0x00
  KsfuzzViolationLeak,                ///< DRIVER_VERIFIER_DETECTED_VIOLATION 0xC4/0x62
  KsfuzzViolationFreedWhileShared,    ///< no bug check: a note, never fatal (SEMANTICS K5)
  KsfuzzViolationIrpCompletedTwice,   ///< MULTIPLE_IRP_COMPLETE_REQUESTS 0x44
  KsfuzzViolationIrpCompletedPending, ///< DRIVER_VERIFIER_IOMANAGER_VIOLATION 0xC9/0x06
  /* Executive resources and critical regions (ksfuzz/nt/sync.h, ksfuzz/scheduler.h). */
  KsfuzzViolationAcquireOutsideCriticalRegion,  ///< 0xC4/0x37
  KsfuzzViolationReleaseOutsideCriticalRegion,  ///< 0xC4/0x38
  KsfuzzViolationCriticalRegionNotEntered,      ///< 0xC4/0x3E
  KsfuzzViolationResourceNotOwned,              ///< RESOURCE_NOT_OWNED 0xE3
  KsfuzzViolationSelfDeadlock,                  ///< 0xC4/0x1000
  KsfuzzViolationDeadlock,                      ///< 0xC4/0x1001
  KsfuzzViolationResourceUninitialized,         ///< 0xC4/0x1002
  KsfuzzViolationResourceReinitialized,         ///< 0xC4/0xD0
  KsfuzzViolationResourceDeleteUninitialized,   ///< 0xC4/0xD1
  KsfuzzViolationFreedWithActiveResource,       ///< 0xC4/0xD2
  KsfuzzViolationResourceDeletedWhileOwned,     ///< 0xC4/0x100B
  KsfuzzViolationCriticalRegionAtReturn,        ///< 0xC4/0xC5
  KsfuzzViolationLockHeldAtReturn               ///< no bug check: the IRP's own finding
} KSFUZZ_VIOLATION_KIND;

/// Kinds run from 1 to KSFUZZ_VIOLATION_KIND_COUNT without gaps (keep it the last kind), so a
/// table of one row a kind can static_assert that it covers them all.
#define KSFUZZ_VIOLATION_KIND_COUNT ((ULONG)KsfuzzViolationLockHeldAtReturn)
/// KSFUZZ_VIOLATION_INFO.Subcode of a kind whose Parameter 1 is not fixed.
#define KSFUZZ_NO_SUBCODE ((ULONG_PTR)-1)

/// One row of the verifier's violation table: everything fixed about a kind.
typedef struct _KSFUZZ_VIOLATION_INFO {
  PCSTR Name;               ///< stable short name: "double-free", "leak", ... (finding signatures)
  PCSTR Meaning;            ///< one line, in the bug-check reference's words where it has them
  ULONG BugCheckCode;       ///< 0xC2, 0xC4, 0x44, 0xC9, 0xE3; 0 where Windows has none
  PCSTR BugCheckName;       ///< "BAD_POOL_CALLER", ...; "" for a note
  ULONG_PTR Subcode;        ///< Parameter 1 where the bug check fixes it, else KSFUZZ_NO_SUBCODE
  BOOLEAN Fatal;            ///< abort mode ends the run on it (a note, not fatal, never does)
  PCSTR Parameters[4];      ///< what Parameter 1-4 hold, "" where nothing is said
} KSFUZZ_VIOLATION_INFO;

/// The table row of Kind, or NULL if Kind is not a KSFUZZ_VIOLATION_KIND.
const KSFUZZ_VIOLATION_INFO *KsfuzzViolationInfo(KSFUZZ_VIOLATION_KIND Kind);

typedef struct _KSFUZZ_VIOLATION {
  KSFUZZ_VIOLATION_KIND Kind;
  ULONG BugCheckCode;        ///< KsfuzzViolationInfo(Kind)->BugCheckCode
  ULONG_PTR Parameters[4];   ///< Parameter 1-4 as Driver Verifier fills them
  ULONG BlockId;             ///< pool block (allocation number) involved, 0 if none
  ULONG Event;               ///< the verifier's event number (KsfuzzVerifierNow) when it happened
} KSFUZZ_VIOLATION, *PKSFUZZ_VIOLATION;

typedef enum _KSFUZZ_VERIFIER_MODE {
  KsfuzzVerifierAbort = 0,  ///< default: print the report, the block history, ASan's view; abort
  KsfuzzVerifierRecord = 1  ///< record for the oracle and carry on (a bad free is skipped)
} KSFUZZ_VERIFIER_MODE;

/// Called in abort mode after a fatal violation's report, before the process aborts: where the
/// harness prints the ksfuzz frame naming what it was doing. Without one, the frame's signature
/// is kernel/verifier/<kind>.
typedef VOID (*KSFUZZ_VERIFIER_DEATH_HOOK)(KSFUZZ_VIOLATION_KIND Kind);
VOID KsfuzzSetVerifierDeathHook(_In_opt_ KSFUZZ_VERIFIER_DEATH_HOOK Hook);
/// Chooses what a violation does; returns the previous mode.
KSFUZZ_VERIFIER_MODE KsfuzzVerifierSetMode(KSFUZZ_VERIFIER_MODE Mode);
/// Violations recorded since the last KsfuzzKernelReset / KsfuzzVerifierClear (both modes record).
ULONG KsfuzzVerifierViolationCount(VOID);
/// The Index-th recorded violation, or NULL.
const KSFUZZ_VIOLATION *KsfuzzVerifierViolation(ULONG Index);
/// Forgets recorded violations (the event clock runs on).
VOID KsfuzzVerifierClear(VOID);
/// KsfuzzViolationInfo(Kind)->Name, or "unknown".
PCSTR KsfuzzViolationKindName(KSFUZZ_VIOLATION_KIND Kind);
/// Prints one violation as Driver Verifier would word it, plus the history of its block.
VOID KsfuzzVerifierPrintViolation(FILE *Out, const KSFUZZ_VIOLATION *Violation);
/// The number of the latest event of this iteration, 0 before the first. One clock numbers pool
/// allocations, holders, frees and violations alike, so their order can be compared.
ULONG KsfuzzVerifierNow(VOID);

/* ======================= The whole emulated kernel ======================= */

/// Starts a new iteration: forgets every pool record, pool event and recorded violation, every
/// executive resource and critical-region count, sets the event clock back to 0, clears the fault
/// plan, starts the pool's arena again (the installed scheduler stays). Blocks still live are
/// forgotten and their memory poisoned: call KsfuzzPoolCheckLeaks first. The verifier's mode is
/// kept. IRPs keep no state outside their own blocks (freed with
/// KsfuzzIrpFree), so none is reset.
VOID KsfuzzKernelReset(VOID);

/* ======================= Pool ledger ======================= */

/// Most holders one block can have registered.
#define KSFUZZ_POOL_MAX_HOLDERS 6
/// Most pool allocations one iteration may make.
#define KSFUZZ_POOL_MAX_BLOCKS 16384

/// The older name of KsfuzzKernelReset, kept for its callers: resets the whole emulated kernel,
/// not only the pool.
VOID KsfuzzPoolReset(VOID);
/// Names the code site that allocates and frees from now on ("create item 2 setup",
/// "KsDispatchSetSecurity"); Site must outlive its use (a literal). Returns the previous site.
PCSTR KsfuzzPoolSetSite(_In_opt_z_ PCSTR Site);
/// Registers Slot (the pointer variable that holds Block) under Name for Block's reports.
/// FALSE if Block is not a live pool block or it has KSFUZZ_POOL_MAX_HOLDERS holders already.
BOOLEAN KsfuzzPoolAddHolder(_In_ const VOID *Block, _In_z_ PCSTR Name, _In_ VOID *const *Slot);
/// Unregisters the holder with this Slot (the holder let go of the block on purpose).
VOID KsfuzzPoolRemoveHolder(_In_ const VOID *Block, _In_ VOID *const *Slot);
/// Fails the N-th (1-based) allocation attempt of this iteration, counting only attempts with
/// Tag when Tag is non-zero, as Driver Verifier's low-resources simulation does. N = 0: none.
VOID KsfuzzPoolFailNth(_In_ ULONG N, _In_ ULONG Tag);
/// Reports DRIVER_VERIFIER_DETECTED_VIOLATION 0xC4/0x62 with an Address/Length/Tag/Caller table
/// if any block is live; returns how many are.
ULONG KsfuzzPoolCheckLeaks(VOID);
/// Frees every live block (recording "ledger teardown" as the freer), so a run that recorded a
/// leak can go on without LeakSanitizer also reporting it.
VOID KsfuzzPoolFreeLive(VOID);

typedef struct _KSFUZZ_POOL_BLOCK_INFO {
  ULONG BlockId;        ///< allocation number in this iteration, from 1
  SIZE_T Size;
  ULONG Tag;
  POOL_TYPE PoolType;
  BOOLEAN Live;
  ULONG AllocEvent;
  ULONG FreeEvent;      ///< 0 while live
  ULONG HolderCount;
  PCSTR Site;           ///< allocating site (ledger-owned copy)
  PCSTR FreeSite;       ///< freeing site, "" while live
  PCSTR AllocOrigin;    ///< the allocating call's "file:line" (ksfuzz/nt/pool.h), NULL if unknown
} KSFUZZ_POOL_BLOCK_INFO;

/// How many registered holders of BlockId point at its address right now (a freed block's
/// holders are left dangling); fills Names with up to MaxNames of their names.
ULONG KsfuzzPoolHoldersPointingAt(_In_ ULONG BlockId, _Out_writes_(MaxNames) PCSTR *Names, _In_ ULONG MaxNames);
/// The block id of the latest pool block that starts at Address, 0 if none this iteration.
ULONG KsfuzzPoolBlockId(_In_ const VOID *Address);
/// Fills Info for BlockId; FALSE if there is no such block.
BOOLEAN KsfuzzPoolBlockInfo(_In_ ULONG BlockId, _Out_ KSFUZZ_POOL_BLOCK_INFO *Info);
/// Tag as the histories spell it: its four bytes in memory order, '.' for what is not printable,
/// the PROTECTED_POOL bit left out ("Ksd ", "KSdh").
VOID KsfuzzPoolFormatTag(_In_ ULONG Tag, _Out_writes_(5) char Text[5]);
/// Prints the block's whole history: allocation, holders, free, every bad free of it.
VOID KsfuzzPoolPrintBlockHistory(FILE *Out, _In_ ULONG BlockId);
/// Called after AddressSanitizer's report (and the ledger's history of the faulting address) and
/// before the process dies: where the harness names what it was doing. Not a death callback, so
/// libFuzzer's own (which saves the crashing input) still runs.
typedef VOID (*KSFUZZ_SANITIZER_REPORT_HOOK)(VOID);
VOID KsfuzzSetSanitizerReportHook(_In_opt_ KSFUZZ_SANITIZER_REPORT_HOOK Hook);
/// With Stable, histories leave out addresses, so the same run prints the same text every time.
VOID KsfuzzPoolSetStableHistory(_In_ BOOLEAN Stable);
/// Prints where Address lies (KsfuzzPoolWhereIs) and the history of the block concerned.
VOID KsfuzzPoolPrintAddressHistory(FILE *Out, _In_ const VOID *Address);

/// Where an address lies among this iteration's pool blocks. Pool blocks come from an arena with a
/// poisoned redzone before each and are poisoned when freed, so AddressSanitizer reports any touch
/// of one as "use-after-poison"; this is what the ledger makes of it.
typedef enum _KSFUZZ_POOL_PLACE {
  KsfuzzPoolPlaceNone = 0,     ///< not in or next to a pool block of this iteration
  KsfuzzPoolPlaceLive,         ///< inside a live block
  KsfuzzPoolPlaceFreed,        ///< inside a freed block: a use after free
  KsfuzzPoolPlacePastEnd,      ///< in the redzone after a block: an overflow of it
  KsfuzzPoolPlaceBeforeStart,  ///< in the redzone before a block: an underflow of it
} KSFUZZ_POOL_PLACE;
/// Sets *BlockId to the block concerned (0 for None) and *Offset to the distance from its start
/// (inside) or from its end (past it) or to its start (before it).
KSFUZZ_POOL_PLACE KsfuzzPoolWhereIs(_In_ const VOID *Address, _Out_ ULONG *BlockId, _Out_ SIZE_T *Offset);
/// The same places for any block the emulated kernel's arena handed out this iteration: pool
/// blocks, IRPs with their user buffers, captured descriptors, caller buffers (a block's redzones
/// are poisoned, and it is poisoned when freed). *BlockStart is the block concerned (NULL for None).
KSFUZZ_POOL_PLACE KsfuzzArenaWhereIs(_In_ const VOID *Address, _Out_ PVOID *BlockStart);
/// Pool allocation attempts this iteration (failed ones included), and live blocks now.
ULONG KsfuzzPoolAttemptCount(VOID);
ULONG KsfuzzPoolLiveCount(VOID);

/* The pool's event log: what happened to the pool this iteration, in order, so an observer reads
 * what one op did from where the log stood before it instead of walking every block. */
typedef enum _KSFUZZ_POOL_EVENT_KIND {
  KsfuzzPoolEventAllocate = 1,   ///< BlockId was allocated
  KsfuzzPoolEventFree,           ///< BlockId was freed (a bad free is a violation, not an event)
  KsfuzzPoolEventAllocateFailed  ///< the fault plan failed an allocation attempt; BlockId is 0
} KSFUZZ_POOL_EVENT_KIND;

typedef struct _KSFUZZ_POOL_EVENT {
  ULONG Event;                   ///< the verifier's event number; increases along the log
  KSFUZZ_POOL_EVENT_KIND Kind;
  ULONG BlockId;                 ///< as KsfuzzPoolBlockInfo takes it
} KSFUZZ_POOL_EVENT;

/// Pool events this iteration (at most 2 * KSFUZZ_POOL_MAX_BLOCKS plus the failed attempts).
ULONG KsfuzzPoolEventCount(VOID);
/// The Index-th pool event of this iteration (from 0), or NULL past the end.
const KSFUZZ_POOL_EVENT *KsfuzzPoolEvent(ULONG Index);

/* ======================= IRPs ======================= */

typedef struct _KSFUZZ_IRP_COMPLETION {
  ULONG Count;                 ///< IoCompleteRequest calls (1 is right)
  NTSTATUS Status;             ///< Irp->IoStatus.Status at the first completion
  ULONG_PTR Information;       ///< Irp->IoStatus.Information at the first completion
  CCHAR PriorityBoost;
} KSFUZZ_IRP_COMPLETION;

/// An IRP_MJ_SET_SECURITY IRP with one stack location (heap, not pool) for FileObject.
PIRP KsfuzzIrpBuildSetSecurity(_In_opt_ PDEVICE_OBJECT DeviceObject, _In_opt_ PFILE_OBJECT FileObject,
                               _In_ SECURITY_INFORMATION SecurityInformation,
                               _In_opt_ PSECURITY_DESCRIPTOR SecurityDescriptor);
/// Bytes after a query's UserBuffer that are poisoned for AddressSanitizer.
#define KSFUZZ_IRP_BUFFER_TAIL 0x4000
/// An IRP_MJ_QUERY_SECURITY IRP whose UserBuffer is Length bytes followed by
/// KSFUZZ_IRP_BUFFER_TAIL poisoned ones, so a write past it is caught wherever it lands.
PIRP KsfuzzIrpBuildQuerySecurity(_In_opt_ PDEVICE_OBJECT DeviceObject,
                                 _In_opt_ PFILE_OBJECT FileObject,
                                 _In_ SECURITY_INFORMATION SecurityInformation, _In_ ULONG Length);
/// An IRP_MJ_CLOSE IRP.
PIRP KsfuzzIrpBuildClose(_In_opt_ PDEVICE_OBJECT DeviceObject, _In_opt_ PFILE_OBJECT FileObject);
/// An IRP_MJ_CREATE IRP for FileObject, whose FileName names what to open.
PIRP KsfuzzIrpBuildCreate(_In_opt_ PDEVICE_OBJECT DeviceObject, _In_opt_ PFILE_OBJECT FileObject);
/// The harness takes the IRP back after dispatch: checks what the dispatch routine left in the
/// running context (KsfuzzCheckContextAtReturn: lock-held-at-return, critical-region-at-return),
/// unpoisons the IRP and returns its completion record.
const KSFUZZ_IRP_COMPLETION *KsfuzzIrpTakeBack(_In_ PIRP Irp);
/// TRUE if Address lies in the poisoned bytes after the IRP's UserBuffer: a buffer overflow.
BOOLEAN KsfuzzIrpIsPastUserBuffer(_In_ PIRP Irp, _In_ const VOID *Address);
/// The completion record, readable at any time (it lives outside the poisoned IRP).
const KSFUZZ_IRP_COMPLETION *KsfuzzIrpCompletion(_In_ PIRP Irp);
/// Frees the IRP and its UserBuffer (the IRP must have been taken back).
VOID KsfuzzIrpFree(_In_opt_ PIRP Irp);

/* ======================= Capture by the I/O manager ======================= */

/// SEMANTICS C1/C2: validates Input — Length bytes of a self-relative descriptor per D1-D8, or,
/// when Length is 0, an absolute SECURITY_DESCRIPTOR per RtlValidSecurityDescriptor — and on
/// success stores in *Captured a self-relative copy in the E1 layout (control bits and Sbz1 as
/// given), in a heap block of its own (not pool). Otherwise STATUS_INVALID_SECURITY_DESCR and
/// *Captured = NULL.
NTSTATUS KsfuzzCaptureSecurityDescriptor(_In_ const VOID *Input, _In_ ULONG Length,
                                         _Out_ PSECURITY_DESCRIPTOR *Captured);
/// Frees what KsfuzzCaptureSecurityDescriptor produced (as the I/O manager does after completion).
VOID KsfuzzFreeCapturedSecurityDescriptor(_In_opt_ PSECURITY_DESCRIPTOR Captured);
/// A copy of a caller's buffer where the driver can see it (hostile mode, C3, hands the driver
/// the caller's bytes uncaptured), with poisoned redzones around it; freed by KsfuzzFreeCallerBuffer.
/// Captures and caller buffers come from the arena, as pool blocks do (KsfuzzArenaWhereIs).
PVOID KsfuzzCallerBufferCopy(_In_reads_bytes_(Size) const VOID *Bytes, _In_ SIZE_T Size);
VOID KsfuzzFreeCallerBuffer(_In_opt_ PVOID Buffer);

/// The tag SeSetSecurityDescriptorInfo allocates with (SEMANTICS S14): bytes "SeSd" in memory,
/// written 'dSeS' as a C character constant.
#define KSFUZZ_SE_SD_TAG 0x64536553UL

KSFUZZ_EXTERN_C_END

#endif /* KSFUZZ_KERNEL_HARNESS_H */
