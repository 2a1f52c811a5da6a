/* context_return.c — KsfuzzCheckContextAtReturn: what a dispatch routine may not leave behind in
 * its context. */
#include <stdlib.h>

#include "sync_internal.h"
#include "verifier.h"

ULONG KsfuzzCheckContextAtReturn(ULONG Context) {
  if (Context >= KSFUZZ_MAX_CONTEXTS) {
    fprintf(stderr, "ksfuzz: KsfuzzCheckContextAtReturn: no context %u (at most %u)\n", (unsigned)Context,
            (unsigned)KSFUZZ_MAX_CONTEXTS - 1);
    abort();
  }
  /* Resources first: a routine that forgot KsReleaseDeviceSecurityLock left both, and the lock is
   * what names its bug. */
  ULONG raised = KsfuzzpResourcesReleaseHeldAtReturn(Context);
  LONG depth = KsfuzzpCriticalRegionReset(Context);
  if (depth != 0) {
    /* Windows' APC disable count goes down by one a region: the count now, and 0 before. */
    const ULONG_PTR parameters[4] = {KSFUZZP_SUBCODE, 0, (ULONG_PTR)(USHORT)(SHORT)(-depth), 0};
    ++raised;
    if (KsfuzzpVerifierRaise(KsfuzzViolationCriticalRegionAtReturn, KsfuzzpVerifierTick(), 0, parameters,
                             NULL, NULL))
      KsfuzzpVerifierDie(NULL);
  }
  return raised;
}
