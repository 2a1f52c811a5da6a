/* reset.c — KsfuzzKernelReset: one reset for the whole emulated kernel between iterations. */
#include "ledger.h"
#include "sync_internal.h"
#include "verifier.h"

VOID KsfuzzKernelReset(VOID) {
  KsfuzzpLedgerReset();
  KsfuzzpVerifierReset();
  KsfuzzpResourcesReset();
  for (ULONG context = 0; context < KSFUZZ_MAX_CONTEXTS; ++context) KsfuzzpCriticalRegionReset(context);
  /* irp.c keeps nothing outside the IRP blocks it hands out: nothing of it to reset. */
}

VOID KsfuzzPoolReset(VOID) { KsfuzzKernelReset(); }
