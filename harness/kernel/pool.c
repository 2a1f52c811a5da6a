/* pool.c — ExAllocatePoolWithTag, ExAllocatePool2, ExFreePool, ExFreePoolWithTag over the ledger,
 * each also as its ...At variant that carries the caller's file:line (ksfuzz/nt/pool.h). */
#define KSFUZZ_POOL_NO_ORIGIN
#include <wdm.h>
#include <ksfuzz/scheduler.h>

#include "ledger.h"
#include "verifier.h"

/* The kernel aligns small blocks to 16 bytes and page-sized ones to a page. */
static SIZE_T AlignmentFor(SIZE_T NumberOfBytes) {
  return NumberOfBytes >= PAGE_SIZE ? PAGE_SIZE : 16;
}

static PVOID Allocate(POOL_TYPE PoolType, SIZE_T NumberOfBytes, ULONG Tag, BOOLEAN Zero, PCSTR Api,
                      PCSTR Origin) {
  if (NumberOfBytes == 0 && KsfuzzpLedgerZeroSize(PoolType, Tag)) KsfuzzpVerifierDie(NULL);
  /* A failed allocation returns NULL even for POOL_RAISE_IF_ALLOCATION_FAILURE and
   * POOL_FLAG_RAISE_ON_FAILURE: C driver code has no way to unwind a raise here. */
  if (KsfuzzpLedgerAttemptFails(Tag)) return NULL;
  return KsfuzzpLedgerAllocate(NumberOfBytes, AlignmentFor(NumberOfBytes), Tag, PoolType, Zero, Api,
                               Origin);
}

PVOID NTAPI KsfuzzExAllocatePoolWithTagAt(POOL_TYPE PoolType, SIZE_T NumberOfBytes, ULONG Tag, PCSTR Origin) {
  return KSFUZZ_YIELDING("ExAllocatePoolWithTag",
                         Allocate(PoolType, NumberOfBytes, Tag, FALSE, "ExAllocatePoolWithTag", Origin));
}

PVOID NTAPI ExAllocatePoolWithTag(POOL_TYPE PoolType, SIZE_T NumberOfBytes, ULONG Tag) {
  return KsfuzzExAllocatePoolWithTagAt(PoolType, NumberOfBytes, Tag, NULL);
}

static PVOID AllocatePool2(POOL_FLAGS Flags, SIZE_T NumberOfBytes, ULONG Tag, PCSTR Origin) {
  static const POOL_FLAGS known = POOL_FLAG_USE_QUOTA | POOL_FLAG_UNINITIALIZED | POOL_FLAG_SESSION |
                                  POOL_FLAG_CACHE_ALIGNED | POOL_FLAG_RAISE_ON_FAILURE |
                                  POOL_FLAG_NON_PAGED | POOL_FLAG_NON_PAGED_EXECUTE |
                                  POOL_FLAG_PAGED | POOL_FLAG_SPECIAL_POOL;
  if (Tag == 0 || (Flags & ~known) != 0) return NULL;
  POOL_FLAGS kind = Flags & (POOL_FLAG_NON_PAGED | POOL_FLAG_NON_PAGED_EXECUTE | POOL_FLAG_PAGED);
  POOL_TYPE type;
  if (kind == POOL_FLAG_NON_PAGED) type = NonPagedPoolNx;
  else if (kind == POOL_FLAG_NON_PAGED_EXECUTE) type = NonPagedPoolExecute;
  else if (kind == POOL_FLAG_PAGED) type = PagedPool;
  else return NULL; /* none, or more than one, of the required kinds */
  return Allocate(type, NumberOfBytes, Tag, (Flags & POOL_FLAG_UNINITIALIZED) == 0, "ExAllocatePool2",
                  Origin);
}

PVOID NTAPI KsfuzzExAllocatePool2At(POOL_FLAGS Flags, SIZE_T NumberOfBytes, ULONG Tag, PCSTR Origin) {
  return KSFUZZ_YIELDING("ExAllocatePool2", AllocatePool2(Flags, NumberOfBytes, Tag, Origin));
}

PVOID NTAPI ExAllocatePool2(POOL_FLAGS Flags, SIZE_T NumberOfBytes, ULONG Tag) {
  return KsfuzzExAllocatePool2At(Flags, NumberOfBytes, Tag, NULL);
}

VOID NTAPI KsfuzzExFreePoolAt(PVOID P, PCSTR Origin) {
  KSFUZZ_YIELDING_VOID("ExFreePool", KsfuzzpLedgerFree(P, FALSE, 0, "ExFreePool", Origin));
}

VOID NTAPI ExFreePool(PVOID P) { KsfuzzExFreePoolAt(P, NULL); }

/* Tag 0 checks nothing but the PROTECTED_POOL bit: the DDK's ntddk.h defines ExFreePool(a) as
 * ExFreePoolWithTag(a,0) under POOL_TAGGING. */
VOID NTAPI KsfuzzExFreePoolWithTagAt(PVOID P, ULONG Tag, PCSTR Origin) {
  KSFUZZ_YIELDING_VOID("ExFreePoolWithTag", KsfuzzpLedgerFree(P, Tag != 0, Tag, "ExFreePoolWithTag", Origin));
}

VOID NTAPI ExFreePoolWithTag(PVOID P, ULONG Tag) { KsfuzzExFreePoolWithTagAt(P, Tag, NULL); }
