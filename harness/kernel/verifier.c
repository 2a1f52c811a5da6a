/* verifier.c — Driver Verifier's stand-in: the event clock, the violation table, the abort/record
 * switch and the recorded violations. */
#include "verifier.h"

#include "arena.h"

#include <ksfuzz/report_frame.h>

#include <stdlib.h>
#include <sys/mman.h>

#include <ksfuzz/sanitizer_weak.h>

#define KSFUZZ_MAX_RECORDED_VIOLATIONS 256

/* One row a kind. Codes, subcodes and the wording of the meaning and of the parameters are the
 * WDK's bug-check reference pages' (0x44, 0xC2, 0xC4, 0xC9, 0xE3); freed-while-shared and
 * lock-held-at-return are ksfuzz's own. "Thread" in Windows' words is an execution context here
 * (ksfuzz/scheduler.h), and a parameter naming a thread holds the context's number. */
static const KSFUZZ_VIOLATION_INFO g_kinds[KSFUZZ_VIOLATION_KIND_COUNT + 1] = {
    [KsfuzzViolationDoubleFree] =
        {"double-free", "The current thread attempted to free the pool, which was already freed.",
         0xC2, "BAD_POOL_CALLER", 0x07, TRUE,
         {"", "reserved", "pool header contents (tag)", "address of the block being freed"}},
    [KsfuzzViolationWrongTag] =
        {"wrong-tag", "The current thread attempted to free pool memory by using the wrong tag.",
         0xC2, "BAD_POOL_CALLER", 0x0A, TRUE,
         {"", "address of pool", "allocator's tag", "tag used in the attempted free"}},
    [KsfuzzViolationFreeInterior] =
        {"free-interior",
         "The current thread attempted to free a pool address in the middle of an allocation.", 0xC2,
         "BAD_POOL_CALLER", 0x41286, TRUE,
         {"", "reserved (address being freed)", "reserved (start of the block)",
          "offset into the block, in bytes"}},
    [KsfuzzViolationFreeNotPool] =
        {"free-not-pool",
         "The driver attempted to free an address that was not returned from an allocate call.",
         0xC4, "DRIVER_VERIFIER_DETECTED_VIOLATION", 0x10, TRUE, {"", "bad pool address", "", ""}},
    [KsfuzzViolationZeroSizeAllocation] =
        {"zero-size-allocation", "The driver requested a zero-byte pool allocation.", 0xC4,
         "DRIVER_VERIFIER_DETECTED_VIOLATION", 0x00, TRUE,
         {"", "current IRQL", "pool type", "number of bytes"}},
    [KsfuzzViolationLeak] =
        {"leak", "A driver has forgotten to free its pool allocations.", 0xC4,
         "DRIVER_VERIFIER_DETECTED_VIOLATION", 0x62, TRUE,
         {"", "name of the driver", "reserved", "number of allocations not freed"}},
    /* Evidence for the report of the bug that follows (SEMANTICS K5), not a bug of its own. */
    [KsfuzzViolationFreedWhileShared] =
        {"freed-while-shared",
         "A pool block was freed while more than one holder still pointed at it.", 0, "",
         KSFUZZ_NO_SUBCODE, FALSE,
         {"", "address of the block", "holders still pointing at it", ""}},
    [KsfuzzViolationIrpCompletedTwice] =
        {"irp-completed-twice",
         "A driver has requested that an IRP be completed, but the packet has already been "
         "completed.",
         0x44, "MULTIPLE_IRP_COMPLETE_REQUESTS", KSFUZZ_NO_SUBCODE, TRUE,
         {"address of the IRP", "", "", ""}},
    [KsfuzzViolationIrpCompletedPending] =
        {"irp-completed-pending",
         "The driver called IoCompleteRequest with a status marked as pending.", 0xC9,
         "DRIVER_VERIFIER_IOMANAGER_VIOLATION", 0x06, TRUE,
         {"", "IRP status", "address of the IRP", ""}},
    [KsfuzzViolationAcquireOutsideCriticalRegion] =
        {"acquire-outside-critical-region",
         "The driver tried to acquire a resource, but APCs are not disabled.", 0xC4,
         "DRIVER_VERIFIER_DETECTED_VIOLATION", 0x37, TRUE,
         {"", "current IRQL", "thread APC disable count", "resource"}},
    [KsfuzzViolationReleaseOutsideCriticalRegion] =
        {"release-outside-critical-region",
         "The driver tried to release a resource, but APCs are not disabled.", 0xC4,
         "DRIVER_VERIFIER_DETECTED_VIOLATION", 0x38, TRUE,
         {"", "current IRQL", "thread APC disable count", "resource"}},
    [KsfuzzViolationCriticalRegionNotEntered] =
        {"critical-region-not-entered",
         "The driver called KeLeaveCriticalRegion for a thread that is not currently in a "
         "critical region.",
         0xC4, "DRIVER_VERIFIER_DETECTED_VIOLATION", 0x3E, TRUE, {"", "", "", ""}},
    [KsfuzzViolationResourceNotOwned] =
        {"resource-not-owned", "A thread tried to release a resource it did not own.", 0xE3,
         "RESOURCE_NOT_OWNED", KSFUZZ_NO_SUBCODE, TRUE,
         {"address of resource", "address of thread (the context)",
          "address of owner table (if it exists)", "reserved"}},
    [KsfuzzViolationSelfDeadlock] =
        {"self-deadlock",
         "Self-deadlock: The current thread has tried to recursively acquire a resource.", 0xC4,
         "DRIVER_VERIFIER_DETECTED_VIOLATION", 0x1000, TRUE,
         {"", "address of the resource", "reserved", "reserved"}},
    [KsfuzzViolationDeadlock] =
        {"deadlock",
         "Deadlock: every thread in flight waits for a resource another of them holds (the lock "
         "hierarchy violation Driver Verifier reports, here seen when it happens).",
         0xC4, "DRIVER_VERIFIER_DETECTED_VIOLATION", 0x1001, TRUE,
         {"", "address of the resource that was the final cause of the deadlock", "reserved",
          "reserved"}},
    [KsfuzzViolationResourceUninitialized] =
        {"resource-uninitialized",
         "Uninitialized resource: A resource has been acquired without having been initialized "
         "first.",
         0xC4, "DRIVER_VERIFIER_DETECTED_VIOLATION", 0x1002, TRUE,
         {"", "address of the resource", "reserved", "reserved"}},
    [KsfuzzViolationResourceReinitialized] =
        {"resource-reinitialized",
         "The driver has attempted to re-initialize an ERESOURCE structure.", 0xC4,
         "DRIVER_VERIFIER_DETECTED_VIOLATION", 0xD0, TRUE,
         {"", "address of the ERESOURCE structure", "reserved", "reserved"}},
    [KsfuzzViolationResourceDeleteUninitialized] =
        {"resource-delete-uninitialized",
         "The driver has attempted to delete an uninitialized ERESOURCE structure.", 0xC4,
         "DRIVER_VERIFIER_DETECTED_VIOLATION", 0xD1, TRUE,
         {"", "address of the ERESOURCE structure", "reserved", "reserved"}},
    [KsfuzzViolationFreedWithActiveResource] =
        {"freed-with-active-resource",
         "The driver has attempted to free a pool allocation that contains an active ERESOURCE "
         "structure.",
         0xC4, "DRIVER_VERIFIER_DETECTED_VIOLATION", 0xD2, TRUE,
         {"", "address of the ERESOURCE structure", "starting address of the pool allocation",
          "size of the pool allocation"}},
    [KsfuzzViolationResourceDeletedWhileOwned] =
        {"resource-deleted-while-owned", "The deleted lock is still owned by a thread.", 0xC4,
         "DRIVER_VERIFIER_DETECTED_VIOLATION", 0x100B, TRUE,
         {"", "lock address", "owner thread address (the context)", "reserved"}},
    [KsfuzzViolationCriticalRegionAtReturn] =
        {"critical-region-at-return",
         "A driver dispatch routine has changed the thread's APC disable count.", 0xC4,
         "DRIVER_VERIFIER_DETECTED_VIOLATION", 0xC5, TRUE,
         {"", "address of the driver dispatch routine (0: not known here)",
          "the current thread's APC disable count",
          "the thread's APC disable count prior to calling the driver dispatch routine"}},
    /* Windows has no bug check for it (a resource may be held across calls), but a dispatch
     * routine of this contract that returns holding the device's lock stalls every later one. */
    [KsfuzzViolationLockHeldAtReturn] =
        {"lock-held-at-return",
         "A dispatch routine returned while its thread still held a resource.", 0, "",
         KSFUZZ_NO_SUBCODE, TRUE,
         {"address of the resource", "the context", "exclusive acquisitions held",
          "shared acquisitions held"}},
};

static KSFUZZ_VIOLATION_KIND g_fatal_kind = KsfuzzViolationDoubleFree; /* the last fatal one */
static KSFUZZ_VERIFIER_DEATH_HOOK g_death_hook;
static KSFUZZ_VERIFIER_MODE g_mode = KsfuzzVerifierAbort;
static KSFUZZ_VIOLATION *g_violations; /* unscanned: parameters hold block addresses */
static ULONG g_violation_count;
static ULONG g_clock;
static KSFUZZ_BLOCK_PRINTER *g_block_printer;

VOID *KsfuzzpReserveUnscanned(SIZE_T Bytes) {
  VOID *memory = mmap(NULL, Bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (memory == MAP_FAILED) {
    fprintf(stderr, "ksfuzz: cannot reserve %zu bytes for the emulated kernel's tables\n", (size_t)Bytes);
    abort();
  }
  return memory;
}

const KSFUZZ_VIOLATION_INFO *KsfuzzViolationInfo(KSFUZZ_VIOLATION_KIND Kind) {
  if ((ULONG)Kind < 1 || (ULONG)Kind > KSFUZZ_VIOLATION_KIND_COUNT) return NULL;
  return &g_kinds[Kind];
}

PCSTR KsfuzzViolationKindName(KSFUZZ_VIOLATION_KIND Kind) {
  const KSFUZZ_VIOLATION_INFO *info = KsfuzzViolationInfo(Kind);
  return info != NULL ? info->Name : "unknown";
}

ULONG KsfuzzpVerifierTick(VOID) { return ++g_clock; }

ULONG KsfuzzVerifierNow(VOID) { return g_clock; }

VOID KsfuzzpVerifierReset(VOID) {
  g_clock = 0;
  g_violation_count = 0;
}

VOID KsfuzzpVerifierSetBlockPrinter(KSFUZZ_BLOCK_PRINTER *Printer) { g_block_printer = Printer; }

KSFUZZ_VERIFIER_MODE KsfuzzVerifierSetMode(KSFUZZ_VERIFIER_MODE Mode) {
  KSFUZZ_VERIFIER_MODE previous = g_mode;
  g_mode = Mode;
  return previous;
}

ULONG KsfuzzVerifierViolationCount(VOID) {
  return g_violation_count < KSFUZZ_MAX_RECORDED_VIOLATIONS ? g_violation_count
                                                            : KSFUZZ_MAX_RECORDED_VIOLATIONS;
}

const KSFUZZ_VIOLATION *KsfuzzVerifierViolation(ULONG Index) {
  return Index < KsfuzzVerifierViolationCount() ? &g_violations[Index] : NULL;
}

VOID KsfuzzVerifierClear(VOID) { g_violation_count = 0; }

static VOID PrintBugCheck(FILE *Out, const KSFUZZ_VIOLATION *Violation) {
  const KSFUZZ_VIOLATION_INFO *info = KsfuzzViolationInfo(Violation->Kind);
  if (info == NULL) {
    fprintf(Out, "ksfuzz: violation of unknown kind %d\n", (int)Violation->Kind);
    return;
  }
  if (info->BugCheckCode == 0 && !info->Fatal) {
    fprintf(Out, "ksfuzz: pool ledger note: %s (%s)\n  %s\n", info->Name, "no bug check", info->Meaning);
  } else if (info->BugCheckCode == 0) {
    fprintf(Out, "ksfuzz: VIOLATION: %s (no bug check)\n  %s\n", info->Name, info->Meaning);
  } else if (info->Subcode == KSFUZZ_NO_SUBCODE) {
    fprintf(Out, "ksfuzz: DRIVER VERIFIER: %s (0x%X)\n  %s\n", info->BugCheckName,
            (unsigned)info->BugCheckCode, info->Meaning);
  } else {
    fprintf(Out, "ksfuzz: DRIVER VERIFIER: %s (0x%X) 0x%02lX: %s\n", info->BugCheckName,
            (unsigned)info->BugCheckCode, (unsigned long)Violation->Parameters[0], info->Meaning);
  }
  for (int i = 0; i < 4; ++i) {
    PCSTR meaning = info->Parameters[i];
    fprintf(Out, "  Arg%d: %016lx%s%s\n", i + 1, (unsigned long)Violation->Parameters[i],
            meaning[0] ? ", " : "", meaning);
  }
}

VOID KsfuzzVerifierPrintViolation(FILE *Out, const KSFUZZ_VIOLATION *Violation) {
  PrintBugCheck(Out, Violation);
  if (Violation->BlockId != 0 && g_block_printer != NULL) g_block_printer(Out, Violation->BlockId);
}

BOOLEAN KsfuzzpVerifierRaise(KSFUZZ_VIOLATION_KIND Kind, ULONG Event, ULONG BlockId,
                             const ULONG_PTR Parameters[4], KSFUZZ_REPORT_DETAILS *Details,
                             const VOID *Context) {
  const KSFUZZ_VIOLATION_INFO *info = KsfuzzViolationInfo(Kind);
  if (info == NULL) {
    fprintf(stderr, "ksfuzz: internal error: violation kind %d has no row in the table\n", (int)Kind);
    abort();
  }
  KSFUZZ_VIOLATION violation = {Kind, info->BugCheckCode,
                                {Parameters[0], Parameters[1], Parameters[2], Parameters[3]},
                                BlockId, Event};
  if (info->Subcode != KSFUZZ_NO_SUBCODE) violation.Parameters[0] = info->Subcode;
  if (g_violations == NULL)
    g_violations = KsfuzzpReserveUnscanned(KSFUZZ_MAX_RECORDED_VIOLATIONS * sizeof(KSFUZZ_VIOLATION));
  if (g_violation_count < KSFUZZ_MAX_RECORDED_VIOLATIONS) g_violations[g_violation_count] = violation;
  ++g_violation_count;
  if (g_mode == KsfuzzVerifierRecord || !info->Fatal) return FALSE;
  g_fatal_kind = violation.Kind;
  PrintBugCheck(stderr, &violation);
  if (Details != NULL) Details(stderr, Context);
  fflush(stderr);
  return TRUE;
}

VOID KsfuzzSetVerifierDeathHook(KSFUZZ_VERIFIER_DEATH_HOOK Hook) { g_death_hook = Hook; }

VOID KsfuzzpVerifierDie(const VOID *Address) {
  /* The arena's blocks are the ledger's to describe (it just did, pool blocks with their history,
   * the others by where the address is in them); AddressSanitizer knows them as poison only. Of
   * other memory (a static freed as pool, say) its view says what it is. */
  ULONG id;
  SIZE_T offset;
  if (Address != NULL && KsfuzzpArenaContains(Address)) {
    /* A pool block's story was told with the violation; another of the arena's blocks gets where. */
    if (KsfuzzPoolWhereIs(Address, &id, &offset) == KsfuzzPoolPlaceNone) KsfuzzPoolPrintAddressHistory(stderr, Address);
  } else if (Address != NULL && __asan_describe_address != NULL) {
    fprintf(stderr, "ksfuzz: AddressSanitizer's view of %p:\n", Address);
    __asan_describe_address((void *)Address);
  }
  if (g_death_hook != NULL) {
    g_death_hook(g_fatal_kind);
  } else {
    char signature[96];
    snprintf(signature, sizeof(signature), "kernel/verifier/%s", KsfuzzViolationKindName(g_fatal_kind));
    KsfuzzPrintFrameStart(stderr, signature);
    KsfuzzPrintFrameEnd(stderr, signature);
  }
  abort();
}
