/* sync_internal.h — internal: what the scheduler, the critical regions, the executive resources,
 * the pool ledger and the kernel reset need of one another. */
#ifndef KSFUZZ_KERNEL_SYNC_INTERNAL_H
#define KSFUZZ_KERNEL_SYNC_INTERNAL_H

#include <ksfuzz/kernel_harness.h>
#include <ksfuzz/scheduler.h>

KSFUZZ_EXTERN_C_BEGIN

/// The running context: the scheduler's, or 0 without one.
ULONG KsfuzzpCurrentContext(VOID);
/// The scheduler's Wait, or FALSE (nothing else can run) without one.
BOOLEAN KsfuzzpWait(BOOLEAN (*Ready)(PVOID Argument), PVOID Argument, PCSTR Point);

/// How many critical regions Context is in (a leave without an enter is a violation, not a
/// negative depth).
LONG KsfuzzpCriticalRegionDepth(ULONG Context);
/// Sets Context's count back to 0; returns what it was.
LONG KsfuzzpCriticalRegionReset(ULONG Context);

/// Raises lock-held-at-return for every resource Context holds and releases its acquisitions;
/// returns how many it raised (in abort mode the first one ends the process).
ULONG KsfuzzpResourcesReleaseHeldAtReturn(ULONG Context);
/// A pool block [Start, Start + Size) is being freed: forgets the resources in it. Report: the
/// first still initialized is DRIVER_VERIFIER_DETECTED_VIOLATION 0xC4/0xD2 on block BlockId
/// (returns TRUE when the caller must die). Not Report: the ledger's own teardown.
BOOLEAN KsfuzzpResourcesFreedWith(ULONG_PTR Start, SIZE_T Size, ULONG BlockId, BOOLEAN Report);

/// Forgets every resource (KsfuzzKernelReset, which also resets the critical-region counts; the
/// installed scheduler stays).
VOID KsfuzzpResourcesReset(VOID);

KSFUZZ_EXTERN_C_END

#endif /* KSFUZZ_KERNEL_SYNC_INTERNAL_H */
