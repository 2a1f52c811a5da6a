/* scheduler.c — the yield points of the emulated kernel and the scheduler behind them. */
#include <ksfuzz/scheduler.h>

static const KSFUZZ_SCHEDULER *g_scheduler;

VOID KsfuzzSetScheduler(const KSFUZZ_SCHEDULER *Scheduler) { g_scheduler = Scheduler; }

VOID KsfuzzYield(PCSTR Point) {
  if (g_scheduler != NULL) g_scheduler->Yield(Point);
}

BOOLEAN KsfuzzWait(BOOLEAN (*Ready)(PVOID), PVOID Argument, PCSTR Point) {
  if (g_scheduler != NULL) return g_scheduler->Wait(Ready, Argument, Point);
  return Ready(Argument);
}
