/* ledger.h — internal: the pool ledger's interface to pool.c (allocate and free through it) and to
 * the kernel reset. */
#ifndef KSFUZZ_KERNEL_LEDGER_H
#define KSFUZZ_KERNEL_LEDGER_H

#include <ksfuzz/kernel_harness.h>

KSFUZZ_EXTERN_C_BEGIN

/// Forgets every record and pool event, clears the fault plan, and starts the iteration's arena
/// again (the ledger's part of KsfuzzKernelReset).
VOID KsfuzzpLedgerReset(VOID);
/// Counts an allocation attempt against the fault plan; TRUE if this one must fail.
BOOLEAN KsfuzzpLedgerAttemptFails(ULONG Tag);
/// A block of exactly Size bytes aligned to Alignment from the iteration's arena (arena.h),
/// registered as a live pool block; zeroed if Zero, else KSFUZZP_ARENA_FILL bytes. Never an address
/// handed out before this iteration, so a stale free of one stays detectable.
/// Api is the routine called, Origin the caller's "file:line" (NULL: unknown); both literals.
VOID *KsfuzzpLedgerAllocate(SIZE_T Size, SIZE_T Alignment, ULONG Tag, POOL_TYPE PoolType,
                            BOOLEAN Zero, PCSTR Api, PCSTR Origin);
/// Frees P after checking it is the start of a live pool block (and, if CheckTag, that Tag is
/// its tag); every misuse is raised with the verifier, and in record mode a bad free is skipped.
VOID KsfuzzpLedgerFree(VOID *P, BOOLEAN CheckTag, ULONG Tag, PCSTR Api, PCSTR Origin);
/// Raises the zero-size allocation violation; TRUE if the caller must die.
BOOLEAN KsfuzzpLedgerZeroSize(POOL_TYPE PoolType, ULONG Tag);

KSFUZZ_EXTERN_C_END

#endif /* KSFUZZ_KERNEL_LEDGER_H */
