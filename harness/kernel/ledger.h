/* ledger.h — internal: the pool ledger's interface to pool.c (allocate and free through it) and to
 * the kernel reset. */
#ifndef KSFUZZ_KERNEL_LEDGER_H
#define KSFUZZ_KERNEL_LEDGER_H

#include <ksfuzz/kernel_harness.h>

KSFUZZ_EXTERN_C_BEGIN

/// Forgets every record and pool event, clears the fault plan, frees the parked blocks (the
/// ledger's part of KsfuzzKernelReset).
VOID KsfuzzpLedgerReset(VOID);
/// Counts an allocation attempt against the fault plan; TRUE if this one must fail.
BOOLEAN KsfuzzpLedgerAttemptFails(ULONG Tag);
/// A real heap block of exactly Size bytes aligned to Alignment, registered as a live pool block
/// (zeroed if Zero). Never an address the ledger saw freed this iteration: such a block is parked
/// until KsfuzzpLedgerReset, so a stale free of it stays detectable. NULL if the heap is exhausted.
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
