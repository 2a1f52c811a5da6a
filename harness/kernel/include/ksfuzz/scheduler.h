/* ksfuzz/scheduler.h — NOT WDK: the scheduler the emulated kernel yields to when IRPs are in
 * flight at the same time, and the yield points it offers. */
#ifndef KSFUZZ_SCHEDULER_H
#define KSFUZZ_SCHEDULER_H

#include <ntdef.h>

KSFUZZ_EXTERN_C_BEGIN

/// The scheduler the emulated kernel yields to. With none installed there is one context (0):
/// yields do nothing and a wait that cannot be satisfied at once is a deadlock (self-deadlock
/// if the waiter itself holds what it waits for).
typedef struct _KSFUZZ_SCHEDULER {
  ULONG (*CurrentContext)(VOID);                 /* id of the running context, 0..3 */
  VOID (*Yield)(PCSTR Point);                     /* a yield point: may run other contexts first */
  /* Blocks the running context until Ready(Argument) is TRUE, running others meanwhile. Returns
     FALSE when no context can run any more (a deadlock): the caller raises the violation. */
  BOOLEAN (*Wait)(BOOLEAN (*Ready)(PVOID Argument), PVOID Argument, PCSTR Point);
} KSFUZZ_SCHEDULER;
VOID KsfuzzSetScheduler(_In_opt_ const KSFUZZ_SCHEDULER *Scheduler);
/// Called by the emulated routines at their entry and return; Point is a literal naming the
/// place, e.g. "SeSetSecurityDescriptorInfo" / "SeSetSecurityDescriptorInfo:read-object-descriptor".
VOID KsfuzzYield(_In_z_ PCSTR Point);
/// Waits as the installed scheduler's Wait does; with none, TRUE if Ready(Argument) already holds,
/// else FALSE (one context cannot wait for itself).
BOOLEAN KsfuzzWait(_In_ BOOLEAN (*Ready)(PVOID Argument), _In_opt_ PVOID Argument, _In_z_ PCSTR Point);
/// After a dispatch routine returned in Context: raises lock-held-at-return /
/// critical-region-at-return if it left a resource held or a critical region entered, and
/// resets that context's bookkeeping. Returns how many violations it raised.
ULONG KsfuzzCheckContextAtReturn(_In_ ULONG Context);

KSFUZZ_EXTERN_C_END

#endif /* KSFUZZ_SCHEDULER_H */
