/* ksfuzz/scheduler.h — NOT WDK: the execution contexts of the emulated kernel (one a dispatch
 * routine in flight) and the scheduler that switches between them. The emulated kernel asks it
 * which context runs (resource ownership, critical-region counts), yields to it at its yield
 * points and blocks a context on it while a resource is busy. Driver code never includes this. */
#ifndef KSFUZZ_SCHEDULER_H
#define KSFUZZ_SCHEDULER_H

#include <ntdef.h>

KSFUZZ_EXTERN_C_BEGIN

/// Contexts are numbered 0 .. KSFUZZ_MAX_CONTEXTS - 1.
#define KSFUZZ_MAX_CONTEXTS 4

/// The scheduler the emulated kernel yields to. With none installed there is one context (0):
/// yields do nothing and a wait that cannot be satisfied at once is a deadlock (self-deadlock
/// if the waiter itself holds what it waits for).
///
/// Yield and Wait are called by whoever calls an emulated routine, also outside any in-flight IRP
/// (a runner's setup and teardown allocate pool too): install the scheduler only while a group
/// of IRPs runs, or make Yield do nothing when no context is running.
typedef struct _KSFUZZ_SCHEDULER {
  ULONG (*CurrentContext)(VOID);                 /* id of the running context, 0..3 */
  VOID (*Yield)(PCSTR Point);                     /* a yield point: may run other contexts first */
  /* Blocks the running context until Ready(Argument) is TRUE, running others meanwhile. Returns
     FALSE when no context can run any more (a deadlock): the caller raises the violation. */
  BOOLEAN (*Wait)(BOOLEAN (*Ready)(PVOID Argument), PVOID Argument, PCSTR Point);
} KSFUZZ_SCHEDULER;

/// Installs Scheduler (NULL: none, one context). The table must outlive its installation.
VOID KsfuzzSetScheduler(_In_opt_ const KSFUZZ_SCHEDULER *Scheduler);
/// Called by the emulated routines at their entry and return; Point is a literal naming the
/// place, e.g. "SeSetSecurityDescriptorInfo" / "SeSetSecurityDescriptorInfo:read-object-descriptor".
/// Without a scheduler it does nothing (one branch).
VOID KsfuzzYield(_In_z_ PCSTR Point);
/// For the emulated routines: Expression (a call of the routine's body) between the yield points
/// Point, at entry, and Point ":return"; the macro's value is Expression's (a GNU statement
/// expression, as clang and GCC have them).
#define KSFUZZ_YIELDING(Point, Expression)                           \
  __extension__({                                                    \
    KsfuzzYield(Point);                                              \
    __typeof__(Expression) ksfuzz_yielding_value_ = (Expression);    \
    KsfuzzYield(Point ":return");                                    \
    ksfuzz_yielding_value_;                                          \
  })
/// The same for a statement without a value.
#define KSFUZZ_YIELDING_VOID(Point, Statement) \
  do {                                         \
    KsfuzzYield(Point);                        \
    Statement;                                 \
    KsfuzzYield(Point ":return");              \
  } while (0)

/// After a dispatch routine returned in Context: raises lock-held-at-return /
/// critical-region-at-return if it left a resource held or a critical region entered, and
/// resets that context's bookkeeping. Returns how many violations it raised.
///
/// Resetting means: every acquisition Context still holds is released (so the contexts waiting
/// for it can go on) and its critical-region count is set back to 0. KsfuzzIrpTakeBack calls it
/// for the running context, so a sequential runner need not; an executor of concurrent groups
/// calls it in each context as its routine returns, before that context counts as finished.
ULONG KsfuzzCheckContextAtReturn(_In_ ULONG Context);
/// Waits as the installed scheduler's Wait does; with none, TRUE if Ready(Argument) already holds,
/// else FALSE (one context cannot wait for itself).
BOOLEAN KsfuzzWait(_In_ BOOLEAN (*Ready)(PVOID Argument), _In_opt_ PVOID Argument, _In_z_ PCSTR Point);

KSFUZZ_EXTERN_C_END

#endif /* KSFUZZ_SCHEDULER_H */
