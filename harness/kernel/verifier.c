/* verifier.c — Driver Verifier's stand-in: the abort/record switch and the recorded violations. */
#include "verifier.h"

#include <stdlib.h>
#include <sys/mman.h>

#include <sanitizer/asan_interface.h>

#define KSFUZZ_MAX_RECORDED_VIOLATIONS 256

static KSFUZZ_VERIFIER_MODE g_mode = KsfuzzVerifierAbort;
static KSFUZZ_VIOLATION *g_violations; /* unscanned: parameters hold block addresses */
static ULONG g_violation_count;

VOID *KsfuzzpReserveUnscanned(SIZE_T Bytes) {
  VOID *memory = mmap(NULL, Bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (memory == MAP_FAILED) {
    fprintf(stderr, "ksfuzz: cannot reserve %zu bytes for the kernel ledger\n", (size_t)Bytes);
    abort();
  }
  return memory;
}

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

PCSTR KsfuzzViolationKindName(KSFUZZ_VIOLATION_KIND Kind) {
  switch (Kind) {
    case KsfuzzViolationDoubleFree: return "double-free";
    case KsfuzzViolationWrongTag: return "wrong-tag";
    case KsfuzzViolationFreeInterior: return "free-interior";
    case KsfuzzViolationFreeNotPool: return "free-not-pool";
    case KsfuzzViolationZeroSizeAllocation: return "zero-size-allocation";
    case KsfuzzViolationLeak: return "leak";
    case KsfuzzViolationFreedWhileShared: return "freed-while-shared";
    case KsfuzzViolationIrpCompletedTwice: return "irp-completed-twice";
    case KsfuzzViolationIrpCompletedPending: return "irp-completed-pending";
  }
  return "unknown";
}

/* The bug-check name and Driver Verifier's wording of parameter 1, from the WDK's bug-check
 * reference pages (0x44, 0xC2, 0xC4, 0xC9). */
static PCSTR BugCheckName(ULONG Code) {
  switch (Code) {
    case 0x44: return "MULTIPLE_IRP_COMPLETE_REQUESTS";
    case 0xC2: return "BAD_POOL_CALLER";
    case 0xC4: return "DRIVER_VERIFIER_DETECTED_VIOLATION";
    case 0xC9: return "DRIVER_VERIFIER_IOMANAGER_VIOLATION";
  }
  return "ksfuzz note";
}

static PCSTR Cause(KSFUZZ_VIOLATION_KIND Kind) {
  switch (Kind) {
    case KsfuzzViolationDoubleFree:
      return "The current thread attempted to free the pool, which was already freed.";
    case KsfuzzViolationWrongTag:
      return "The current thread attempted to free pool memory by using the wrong tag.";
    case KsfuzzViolationFreeInterior:
      return "The current thread attempted to free a pool address in the middle of an allocation.";
    case KsfuzzViolationFreeNotPool:
      return "The driver attempted to free an address that was not returned from an allocate call.";
    case KsfuzzViolationZeroSizeAllocation:
      return "The driver requested a zero-byte pool allocation.";
    case KsfuzzViolationLeak:
      return "A driver has forgotten to free its pool allocations.";
    case KsfuzzViolationFreedWhileShared:
      return "A pool block was freed while more than one holder still pointed at it.";
    case KsfuzzViolationIrpCompletedTwice:
      return "A driver has requested that an IRP be completed, but the packet has already been completed.";
    case KsfuzzViolationIrpCompletedPending:
      return "The driver called IoCompleteRequest with a status marked as pending.";
  }
  return "";
}

static PCSTR ParameterMeaning(const KSFUZZ_VIOLATION *Violation, int Index) {
  static PCSTR const double_free[] = {"", "reserved", "pool header contents (tag)", "address of the block being freed"};
  static PCSTR const wrong_tag[] = {"", "address of pool", "allocator's tag", "tag used in the attempted free"};
  static PCSTR const interior[] = {"", "reserved (address being freed)", "reserved (start of the block)", "offset into the block, in bytes"};
  static PCSTR const not_pool[] = {"", "bad pool address", "", ""};
  static PCSTR const zero_size[] = {"", "current IRQL", "pool type", "number of bytes"};
  static PCSTR const leak[] = {"", "name of the driver", "reserved", "number of allocations not freed"};
  static PCSTR const irp_twice[] = {"address of the IRP", "", "", ""};
  static PCSTR const irp_pending[] = {"", "IRP status", "address of the IRP", ""};
  switch (Violation->Kind) {
    case KsfuzzViolationDoubleFree: return double_free[Index];
    case KsfuzzViolationWrongTag: return wrong_tag[Index];
    case KsfuzzViolationFreeInterior: return interior[Index];
    case KsfuzzViolationFreeNotPool: return not_pool[Index];
    case KsfuzzViolationZeroSizeAllocation: return zero_size[Index];
    case KsfuzzViolationLeak: return leak[Index];
    case KsfuzzViolationIrpCompletedTwice: return irp_twice[Index];
    case KsfuzzViolationIrpCompletedPending: return irp_pending[Index];
    case KsfuzzViolationFreedWhileShared: break;
  }
  return "";
}

static VOID PrintBugCheck(FILE *Out, const KSFUZZ_VIOLATION *Violation) {
  if (Violation->BugCheckCode == 0) {
    fprintf(Out, "ksfuzz: pool ledger note: %s (%s)\n  %s\n", KsfuzzViolationKindName(Violation->Kind),
            "no bug check", Cause(Violation->Kind));
  } else if (Violation->BugCheckCode == 0x44) {
    fprintf(Out, "ksfuzz: DRIVER VERIFIER: %s (0x%X)\n  %s\n", BugCheckName(0x44), 0x44u,
            Cause(Violation->Kind));
  } else {
    fprintf(Out, "ksfuzz: DRIVER VERIFIER: %s (0x%X) 0x%02lX: %s\n", BugCheckName(Violation->BugCheckCode),
            (unsigned)Violation->BugCheckCode, (unsigned long)Violation->Parameters[0],
            Cause(Violation->Kind));
  }
  for (int i = 0; i < 4; ++i) {
    PCSTR meaning = ParameterMeaning(Violation, i);
    fprintf(Out, "  Arg%d: %016lx%s%s\n", i + 1, (unsigned long)Violation->Parameters[i],
            meaning[0] ? ", " : "", meaning);
  }
}

VOID KsfuzzVerifierPrintViolation(FILE *Out, const KSFUZZ_VIOLATION *Violation) {
  PrintBugCheck(Out, Violation);
  if (Violation->BlockId != 0) KsfuzzPoolPrintBlockHistory(Out, Violation->BlockId);
}

BOOLEAN KsfuzzpVerifierRaise(const KSFUZZ_VIOLATION *Violation, KSFUZZ_REPORT_DETAILS *Details,
                             const VOID *Context) {
  if (g_violations == NULL)
    g_violations = KsfuzzpReserveUnscanned(KSFUZZ_MAX_RECORDED_VIOLATIONS * sizeof(KSFUZZ_VIOLATION));
  if (g_violation_count < KSFUZZ_MAX_RECORDED_VIOLATIONS) g_violations[g_violation_count] = *Violation;
  ++g_violation_count;
  /* A note (freed-while-shared) is evidence for the report of the bug that follows, not a bug. */
  if (g_mode == KsfuzzVerifierRecord || Violation->BugCheckCode == 0) return FALSE;
  PrintBugCheck(stderr, Violation);
  if (Details != NULL) Details(stderr, Context);
  fflush(stderr);
  return TRUE;
}

VOID KsfuzzpVerifierDie(const VOID *Address) {
  if (Address != NULL) {
    fprintf(stderr, "ksfuzz: AddressSanitizer's view of %p:\n", Address);
    __asan_describe_address((void *)Address);
  }
  fprintf(stderr, "SUMMARY: ksfuzz: driver verifier violation\n");
  fflush(stderr);
  abort();
}
