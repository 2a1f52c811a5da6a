/* reset.c — KsfuzzKernelReset: one reset for the whole emulated kernel between iterations. */
#include "ledger.h"
#include "verifier.h"

VOID KsfuzzKernelReset(VOID) {
  KsfuzzpLedgerReset();
  KsfuzzpVerifierReset();
  /* irp.c keeps nothing outside the IRP blocks it hands out: nothing of it to reset. */
}

VOID KsfuzzPoolReset(VOID) { KsfuzzKernelReset(); }
