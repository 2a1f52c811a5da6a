/* resource.c — executive resources (ERESOURCE): owners and waiters a context, recursion as
 * Windows allows it, waits through the scheduler, and Driver Verifier's checks of their use. */
#include <stdlib.h>

#include "machinery.h"
#include "sync_internal.h"
#include "verifier.h"

/// Most resources initialized and not deleted at one time.
#define MAX_RESOURCES 64

/* The shim's own record of one initialized resource. Owners live here, not in the driver's
 * ERESOURCE, so walking the records never reads driver memory (which may be freed by then). */
typedef struct {
  ULONG_PTR Address;  /* the ERESOURCE; 0: a free record */
  ULONG ExclusiveOwner;  /* context + 1; 0: none */
  ULONG ExclusiveCount;  /* the exclusive owner's acquisitions, its shared ones included */
  ULONG SharedCount[KSFUZZ_MAX_CONTEXTS];
  ULONG ExclusiveWaiters;
  ULONG SharedWaiters;
} RESOURCE_RECORD;

/* Unscanned memory: the records hold addresses inside pool blocks, which must not keep a leaked
 * block reachable in LeakSanitizer's eyes. */
static RESOURCE_RECORD *g_records;
static ULONG g_record_count; /* records in use or freed, from the start */

KSFUZZP_MACHINERY static RESOURCE_RECORD *Records(VOID) {
  if (g_records == NULL) g_records = KsfuzzpReserveUnscanned(MAX_RESOURCES * sizeof(RESOURCE_RECORD));
  return g_records;
}

KSFUZZP_MACHINERY static RESOURCE_RECORD *Find(const ERESOURCE *Resource) {
  RESOURCE_RECORD *records = Records();
  for (ULONG i = 0; i < g_record_count; ++i)
    if (records[i].Address == (ULONG_PTR)Resource) return &records[i];
  return NULL;
}

KSFUZZP_MACHINERY static BOOLEAN Holds(const RESOURCE_RECORD *Record, ULONG Context) {
  return Record->ExclusiveOwner == Context + 1 || Record->SharedCount[Context] > 0;
}

KSFUZZP_MACHINERY static BOOLEAN Owned(const RESOURCE_RECORD *Record) {
  for (ULONG c = 0; c < KSFUZZ_MAX_CONTEXTS; ++c)
    if (Holds(Record, c)) return TRUE;
  return FALSE;
}

/* The driver's ERESOURCE shows what the record says (and touching it catches a freed one). */
KSFUZZP_MACHINERY static VOID Mirror(PERESOURCE Resource, const RESOURCE_RECORD *Record) {
  ULONG active = Record->ExclusiveCount;
  for (ULONG c = 0; c < KSFUZZ_MAX_CONTEXTS; ++c) active += Record->SharedCount[c];
  Resource->ActiveCount = (SHORT)active;
  Resource->Flag = Record->ExclusiveOwner != 0 ? ResourceOwnedExclusive : 0;
  Resource->NumberOfSharedWaiters = Record->SharedWaiters;
  Resource->NumberOfExclusiveWaiters = Record->ExclusiveWaiters;
}

/* Raises Kind with Parameters 2-4; dies when the verifier says so. */
KSFUZZP_MACHINERY static VOID Raise(KSFUZZ_VIOLATION_KIND Kind, ULONG_PTR P1, ULONG_PTR P2, ULONG_PTR P3, ULONG_PTR P4) {
  const ULONG_PTR parameters[4] = {P1, P2, P3, P4};
  if (KsfuzzpVerifierRaise(Kind, KsfuzzpVerifierTick(), 0, parameters, NULL, NULL)) KsfuzzpVerifierDie(NULL);
}

/* Windows' thread APC disable count for a critical-region depth (KernelApcDisable counts down). */
static ULONG_PTR ApcDisableCount(LONG Depth) { return (ULONG_PTR)(USHORT)(SHORT)(-Depth); }

static VOID InitializeResource(PERESOURCE Resource) {
  RESOURCE_RECORD *record = Find(Resource);
  if (record != NULL) {
    Raise(KsfuzzViolationResourceReinitialized, KSFUZZP_SUBCODE, (ULONG_PTR)Resource, 0, 0);
  } else {
    for (ULONG i = 0; i < g_record_count && record == NULL; ++i)
      if (Records()[i].Address == 0) record = &Records()[i];
    if (record == NULL) {
      if (g_record_count >= MAX_RESOURCES) {
        fprintf(stderr, "ksfuzz: more than %d executive resources initialized at once\n", MAX_RESOURCES);
        abort();
      }
      record = &Records()[g_record_count++];
    }
  }
  /* record mode after a re-initialization: the resource starts over, as Windows' would. */
  memset(record, 0, sizeof(*record));
  record->Address = (ULONG_PTR)Resource;
  memset(Resource, 0, sizeof(*Resource));
}

static VOID DeleteResource(PERESOURCE Resource) {
  RESOURCE_RECORD *record = Find(Resource);
  if (record == NULL) {
    Raise(KsfuzzViolationResourceDeleteUninitialized, KSFUZZP_SUBCODE, (ULONG_PTR)Resource, 0, 0);
  } else {
    for (ULONG c = 0; c < KSFUZZ_MAX_CONTEXTS; ++c) {
      if (!Holds(record, c)) continue;
      Raise(KsfuzzViolationResourceDeletedWhileOwned, KSFUZZP_SUBCODE, (ULONG_PTR)Resource, c, 0);
      break;
    }
    record->Address = 0;
  }
}

/* Whether Context may have the access at once (ExAcquireResource*Lite's rules in the WDK). */
static BOOLEAN CanAcquire(const RESOURCE_RECORD *Record, ULONG Context, BOOLEAN Exclusive) {
  if (Record->ExclusiveOwner == Context + 1) return TRUE; /* recursion, either kind */
  if (Exclusive) return Record->ExclusiveOwner == 0 && !Owned(Record);
  if (Record->SharedCount[Context] > 0) return TRUE; /* recursion, even past exclusive waiters */
  return Record->ExclusiveOwner == 0 && Record->ExclusiveWaiters == 0;
}

typedef struct {
  const ERESOURCE *Resource;
  ULONG Context;
  BOOLEAN Exclusive;
} WAIT_REQUEST;

static BOOLEAN ReadyToAcquire(PVOID Argument) {
  const WAIT_REQUEST *request = Argument;
  const RESOURCE_RECORD *record = Find(request->Resource);
  /* Deleted while waited for: wake the waiter, which reports it. */
  return record == NULL || CanAcquire(record, request->Context, request->Exclusive);
}

/* The running context, after Driver Verifier's check that normal kernel APCs are disabled around
 * a resource's use (Outside is the violation of the acquire or of the release). */
static ULONG ContextInCriticalRegion(const ERESOURCE *Resource, KSFUZZ_VIOLATION_KIND Outside) {
  ULONG context = KsfuzzpCurrentContext();
  LONG depth = KsfuzzpCriticalRegionDepth(context);
  if (depth <= 0) Raise(Outside, KSFUZZP_SUBCODE, PASSIVE_LEVEL, ApcDisableCount(depth), (ULONG_PTR)Resource);
  return context;
}

static BOOLEAN Acquire(PERESOURCE Resource, BOOLEAN Exclusive, BOOLEAN Wait, PCSTR WaitPoint) {
  ULONG context = ContextInCriticalRegion(Resource, KsfuzzViolationAcquireOutsideCriticalRegion);
  RESOURCE_RECORD *record = Find(Resource);
  if (record == NULL) {
    Raise(KsfuzzViolationResourceUninitialized, KSFUZZP_SUBCODE, (ULONG_PTR)Resource, 0, 0);
    return FALSE;
  }
  WAIT_REQUEST request = {Resource, context, Exclusive};
  BOOLEAN waiting = FALSE, granted = FALSE;
  for (;;) {
    if (CanAcquire(record, context, Exclusive)) {
      granted = TRUE;
      break;
    }
    if (!Wait) break;
    if (Exclusive && record->SharedCount[context] > 0) {
      /* Its own shared hold can never go away while it waits. */
      Raise(KsfuzzViolationSelfDeadlock, KSFUZZP_SUBCODE, (ULONG_PTR)Resource, 0, 0);
      break;
    }
    if (!waiting) {
      waiting = TRUE;
      if (Exclusive) ++record->ExclusiveWaiters;
      else ++record->SharedWaiters;
      Mirror(Resource, record);
    }
    BOOLEAN woken = KsfuzzpWait(ReadyToAcquire, &request, WaitPoint);
    /* Other contexts ran: the record may have been deleted, or reused for another resource. */
    record = Find(Resource);
    if (record == NULL) {
      Raise(KsfuzzViolationResourceUninitialized, KSFUZZP_SUBCODE, (ULONG_PTR)Resource, 0, 0);
      return FALSE;
    }
    if (!woken) {
      Raise(KsfuzzViolationDeadlock, KSFUZZP_SUBCODE, (ULONG_PTR)Resource, 0, 0);
      break;
    }
  }
  if (waiting) {
    if (Exclusive) --record->ExclusiveWaiters;
    else --record->SharedWaiters;
  }
  if (granted) {
    if (record->ExclusiveOwner == context + 1) {
      ++record->ExclusiveCount;
    } else if (Exclusive) {
      record->ExclusiveOwner = context + 1;
      record->ExclusiveCount = 1;
    } else {
      ++record->SharedCount[context];
    }
  }
  Mirror(Resource, record);
  /* Not granted after a violation (record mode): the caller runs on without the resource. */
  return granted;
}

static VOID Release(PERESOURCE Resource) {
  ULONG context = ContextInCriticalRegion(Resource, KsfuzzViolationReleaseOutsideCriticalRegion);
  RESOURCE_RECORD *record = Find(Resource);
  if (record == NULL || !Holds(record, context)) {
    Raise(KsfuzzViolationResourceNotOwned, (ULONG_PTR)Resource, context, 0, 0);
  } else {
    if (record->ExclusiveOwner == context + 1) {
      if (--record->ExclusiveCount == 0) record->ExclusiveOwner = 0;
    } else {
      --record->SharedCount[context];
    }
    Mirror(Resource, record);
  }
}

static BOOLEAN AcquiredExclusive(const ERESOURCE *Resource) {
  const RESOURCE_RECORD *record = Find(Resource);
  return record != NULL && record->ExclusiveOwner == KsfuzzpCurrentContext() + 1;
}

static ULONG Acquisitions(const ERESOURCE *Resource) {
  const RESOURCE_RECORD *record = Find(Resource);
  ULONG context = KsfuzzpCurrentContext();
  if (record == NULL) return 0;
  return record->ExclusiveOwner == context + 1 ? record->ExclusiveCount : record->SharedCount[context];
}

/* ---------------------------- entry points: yield at entry and return ---------------------------- */

NTSTATUS NTAPI ExInitializeResourceLite(PERESOURCE Resource) {
  KSFUZZ_YIELDING_VOID("ExInitializeResourceLite", InitializeResource(Resource));
  return STATUS_SUCCESS;
}

NTSTATUS NTAPI ExDeleteResourceLite(PERESOURCE Resource) {
  KSFUZZ_YIELDING_VOID("ExDeleteResourceLite", DeleteResource(Resource));
  return STATUS_SUCCESS;
}

BOOLEAN NTAPI ExAcquireResourceExclusiveLite(PERESOURCE Resource, BOOLEAN Wait) {
  return KSFUZZ_YIELDING("ExAcquireResourceExclusiveLite",
                         Acquire(Resource, TRUE, Wait, "ExAcquireResourceExclusiveLite:wait"));
}

BOOLEAN NTAPI ExAcquireResourceSharedLite(PERESOURCE Resource, BOOLEAN Wait) {
  return KSFUZZ_YIELDING("ExAcquireResourceSharedLite",
                         Acquire(Resource, FALSE, Wait, "ExAcquireResourceSharedLite:wait"));
}

VOID FASTCALL ExReleaseResourceLite(PERESOURCE Resource) {
  KSFUZZ_YIELDING_VOID("ExReleaseResourceLite", Release(Resource));
}

BOOLEAN NTAPI ExIsResourceAcquiredExclusiveLite(PERESOURCE Resource) {
  return KSFUZZ_YIELDING("ExIsResourceAcquiredExclusiveLite", AcquiredExclusive(Resource));
}

ULONG NTAPI ExIsResourceAcquiredSharedLite(PERESOURCE Resource) {
  return KSFUZZ_YIELDING("ExIsResourceAcquiredSharedLite", Acquisitions(Resource));
}

/* ---------------------------- the rest of the emulated kernel's ---------------------------- */

KSFUZZP_MACHINERY ULONG KsfuzzpResourcesReleaseHeldAtReturn(ULONG Context) {
  ULONG raised = 0;
  for (ULONG i = 0; i < g_record_count; ++i) {
    RESOURCE_RECORD *record = &Records()[i];
    if (record->Address == 0 || !Holds(record, Context)) continue;
    BOOLEAN exclusive = record->ExclusiveOwner == Context + 1;
    Raise(KsfuzzViolationLockHeldAtReturn, record->Address, Context, exclusive ? record->ExclusiveCount : 0,
          record->SharedCount[Context]);
    ++raised;
    if (exclusive) {
      record->ExclusiveOwner = 0;
      record->ExclusiveCount = 0;
    }
    record->SharedCount[Context] = 0;
    Mirror((PERESOURCE)record->Address, record);
  }
  return raised;
}

KSFUZZP_MACHINERY BOOLEAN KsfuzzpResourcesFreedWith(ULONG_PTR Start, SIZE_T Size, ULONG BlockId, BOOLEAN Report) {
  BOOLEAN die = FALSE;
  for (ULONG i = 0; i < g_record_count; ++i) {
    RESOURCE_RECORD *record = &Records()[i];
    if (record->Address == 0 || record->Address < Start || record->Address >= Start + Size) continue;
    if (Report) {
      const ULONG_PTR parameters[4] = {KSFUZZP_SUBCODE, record->Address, Start, Size};
      die = KsfuzzpVerifierRaise(KsfuzzViolationFreedWithActiveResource, KsfuzzpVerifierTick(), BlockId,
                                 parameters, NULL, NULL);
      Report = FALSE; /* one report a block */
    }
    record->Address = 0; /* the memory goes: so does the resource */
  }
  return die;
}

KSFUZZP_MACHINERY VOID KsfuzzpResourcesReset(VOID) { g_record_count = 0; }
