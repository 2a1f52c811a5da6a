/* scheduler.c — which execution context runs, and the scheduler the emulated kernel yields to. */
#include <stdlib.h>

#include "sync_internal.h"

static const KSFUZZ_SCHEDULER *g_scheduler;

VOID KsfuzzSetScheduler(const KSFUZZ_SCHEDULER *Scheduler) { g_scheduler = Scheduler; }

VOID KsfuzzYield(PCSTR Point) {
  if (g_scheduler != NULL) g_scheduler->Yield(Point);
}

ULONG KsfuzzpCurrentContext(VOID) {
  if (g_scheduler == NULL) return 0;
  ULONG context = g_scheduler->CurrentContext();
  /* Ownership and critical-region counts are arrays of KSFUZZ_MAX_CONTEXTS: a scheduler that
   * names another context is broken, and going on would corrupt the bookkeeping. */
  if (context >= KSFUZZ_MAX_CONTEXTS) {
    fprintf(stderr, "ksfuzz: internal error: the scheduler's current context is %u (at most %u)\n",
            (unsigned)context, (unsigned)KSFUZZ_MAX_CONTEXTS - 1);
    abort();
  }
  return context;
}

BOOLEAN KsfuzzpWait(BOOLEAN (*Ready)(PVOID Argument), PVOID Argument, PCSTR Point) {
  return g_scheduler != NULL ? g_scheduler->Wait(Ready, Argument, Point) : FALSE;
}

BOOLEAN KsfuzzWait(BOOLEAN (*Ready)(PVOID), PVOID Argument, PCSTR Point) {
  if (g_scheduler != NULL) return g_scheduler->Wait(Ready, Argument, Point);
  return Ready(Argument);
}
