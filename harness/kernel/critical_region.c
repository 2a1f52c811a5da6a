/* critical_region.c — KeEnterCriticalRegion and KeLeaveCriticalRegion: one count a context. */
#include "sync_internal.h"
#include "machinery.h"
#include "verifier.h"

/* Windows counts down from 0 (KernelApcDisable); here the depth counts up. */
static LONG g_depth[KSFUZZ_MAX_CONTEXTS];

VOID NTAPI KeEnterCriticalRegion(VOID) {
  KSFUZZ_YIELDING_VOID("KeEnterCriticalRegion", ++g_depth[KsfuzzpCurrentContext()]);
}

static VOID LeaveCriticalRegion(VOID) {
  ULONG context = KsfuzzpCurrentContext();
  if (g_depth[context] <= 0) {
    const ULONG_PTR parameters[4] = {KSFUZZP_SUBCODE, 0, 0, 0};
    if (KsfuzzpVerifierRaise(KsfuzzViolationCriticalRegionNotEntered, KsfuzzpVerifierTick(), 0,
                             parameters, NULL, NULL))
      KsfuzzpVerifierDie(NULL);
    /* record mode: the count stays at 0, so one stray leave is reported once, not again at return */
  } else {
    --g_depth[context];
  }
}

VOID NTAPI KeLeaveCriticalRegion(VOID) {
  KSFUZZ_YIELDING_VOID("KeLeaveCriticalRegion", LeaveCriticalRegion());
}

KSFUZZP_MACHINERY LONG KsfuzzpCriticalRegionDepth(ULONG Context) { return g_depth[Context]; }

KSFUZZP_MACHINERY LONG KsfuzzpCriticalRegionReset(ULONG Context) {
  LONG depth = g_depth[Context];
  g_depth[Context] = 0;
  return depth;
}
