/* arena.c — the memory of one iteration: pool blocks, and IRPs with their stack locations and user
 * buffers. One region reserved once, handed out front to back with a
 * poisoned redzone before every block, never reused before the reset between iterations; a freed
 * block is poisoned at once. AddressSanitizer therefore stops at the faulting instruction of any
 * read or write of freed memory or a redzone ("use-after-poison"), and the ledger says which
 * block it was (KsfuzzPoolWhereIs). No heap call on the hot path: no stack depot, no quarantine.
 *
 * Every block is listed (its start, size, and whether it was freed) in a second reserved region,
 * in address order, so KsfuzzArenaWhereIs can say of any address in the arena which block it is
 * in or beside, whatever kind of block (pool, IRP, user buffer, captured descriptor).
 *
 * Without AddressSanitizer the poisoning is a no-op and the ledger's own checks remain. */
#include "arena.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include <ksfuzz/kernel_harness.h>
#include <ksfuzz/sanitizer_weak.h>

#define ARENA_BYTES ((SIZE_T)1 << 30) /* reserved, not committed */
#define POISON_AHEAD ((SIZE_T)64 << 10)

static UCHAR *g_base;
static UCHAR *g_next;          /* the next block's redzone starts here */
static UCHAR *g_poisoned_end;  /* [g_next, g_poisoned_end) is poisoned */

/* The blocks handed out this iteration, in address order. */
typedef struct _ARENA_BLOCK {
  UCHAR *Start;
  SIZE_T Size;
  BOOLEAN Freed;
} ARENA_BLOCK;
#define ARENA_MAX_BLOCKS ((SIZE_T)1 << 22) /* reserved, not committed: far more than an iteration makes */
static ARENA_BLOCK *g_blocks;
static SIZE_T g_block_count;

static uintptr_t AlignUp(uintptr_t Value, SIZE_T Alignment) {
  return (Value + Alignment - 1) & ~(uintptr_t)(Alignment - 1);
}

/* The block's size sits in the 8 bytes before it, inside its poisoned redzone. */
__attribute__((no_sanitize("address"))) static VOID PutSize(UCHAR *Block, SIZE_T Size) {
  memcpy(Block - sizeof(SIZE_T), &Size, sizeof(SIZE_T));
}
__attribute__((no_sanitize("address"))) static SIZE_T SizeOf(const UCHAR *Block) {
  SIZE_T size;
  memcpy(&size, Block - sizeof(SIZE_T), sizeof(SIZE_T));
  return size;
}

static VOID *ReserveBytes(SIZE_T Bytes) {
  VOID *memory = mmap(NULL, Bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (memory == MAP_FAILED) {
    fprintf(stderr, "ksfuzz: cannot reserve %zu bytes for the emulated kernel's pool\n", (size_t)Bytes);
    abort();
  }
  return memory;
}

static VOID Reserve(VOID) {
  g_base = g_next = g_poisoned_end = ReserveBytes(ARENA_BYTES);
  g_blocks = ReserveBytes(ARENA_MAX_BLOCKS * sizeof(ARENA_BLOCK));
}

/* How many listed blocks start at or before Address (the list is in address order). */
static SIZE_T StartingUpTo(const UCHAR *Address) {
  SIZE_T lo = 0, hi = g_block_count;
  while (lo < hi) {
    SIZE_T mid = lo + (hi - lo) / 2;
    if (g_blocks[mid].Start <= Address) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/* The listed block that starts at Start, or NULL. */
static ARENA_BLOCK *Listed(const UCHAR *Start) {
  SIZE_T n = StartingUpTo(Start);
  return n > 0 && g_blocks[n - 1].Start == Start ? &g_blocks[n - 1] : NULL;
}

VOID *KsfuzzpArenaAllocate(SIZE_T Size, SIZE_T Alignment, UCHAR Fill) {
  return KsfuzzpArenaAllocateWithTail(Size, 0, Alignment, Fill);
}

VOID *KsfuzzpArenaAllocateWithTail(SIZE_T Size, SIZE_T Tail, SIZE_T Alignment, UCHAR Fill) {
  if (g_base == NULL) Reserve();
  if (Alignment < KSFUZZP_ARENA_ALIGNMENT) Alignment = KSFUZZP_ARENA_ALIGNMENT;
  uintptr_t limit = (uintptr_t)g_base + ARENA_BYTES;
  uintptr_t start = AlignUp((uintptr_t)g_next + KSFUZZP_ARENA_REDZONE, Alignment);
  if (Size + Tail > limit - start - KSFUZZP_ARENA_REDZONE || g_block_count == ARENA_MAX_BLOCKS) {
    fprintf(stderr, "ksfuzz: pool arena full: %zu bytes asked with %zu in use and %zu blocks handed out this "
                    "iteration (at most %zu bytes and %zu blocks; call KsfuzzKernelReset between iterations)\n",
            (size_t)Size, (size_t)(g_next - g_base), (size_t)g_block_count, (size_t)ARENA_BYTES,
            (size_t)ARENA_MAX_BLOCKS);
    abort();
  }
  UCHAR *block = (UCHAR *)start;
  UCHAR *next = (UCHAR *)AlignUp(start + Size + Tail, 8);
  /* Everything past g_next stays poisoned: the redzone before this block, and after it. */
  if (next + KSFUZZP_ARENA_REDZONE > g_poisoned_end) {
    UCHAR *end = next + KSFUZZP_ARENA_REDZONE + POISON_AHEAD;
    if ((uintptr_t)end > limit) end = (UCHAR *)limit;
    ASAN_POISON_MEMORY_REGION(g_poisoned_end, (SIZE_T)(end - g_poisoned_end));
    g_poisoned_end = end;
  }
  /* The tail is left as it is: poisoned, as everything past g_next is. */
  PutSize(block, Size);
  ASAN_UNPOISON_MEMORY_REGION(block, Size);
  /* Same bytes every run, whatever the last iteration left here (AddressSanitizer's malloc fill). */
  memset(block, Fill, Size);
  g_next = next;
  g_blocks[g_block_count++] = (ARENA_BLOCK){block, Size + Tail, FALSE};
  return block;
}

VOID KsfuzzpArenaFree(VOID *Block) {
  if (Block == NULL) return;
  ASAN_POISON_MEMORY_REGION(Block, SizeOf(Block));
  ARENA_BLOCK *listed = Listed(Block);
  if (listed != NULL) listed->Freed = TRUE;
}

KSFUZZ_POOL_PLACE KsfuzzArenaWhereIs(const VOID *Address, PVOID *BlockStart) {
  const UCHAR *address = Address;
  *BlockStart = NULL;
  /* Up to the redzone after the last block. */
  if (g_base == NULL || address < g_base || address >= g_next + KSFUZZP_ARENA_REDZONE || g_block_count == 0)
    return KsfuzzPoolPlaceNone;
  /* The last block starting at or before the address, and the one after it. */
  SIZE_T lo = StartingUpTo(address);
  const ARENA_BLOCK *before = lo > 0 ? &g_blocks[lo - 1] : NULL, *after = lo < g_block_count ? &g_blocks[lo] : NULL;
  if (before != NULL && address < before->Start + before->Size) {
    *BlockStart = before->Start;
    return before->Freed ? KsfuzzPoolPlaceFreed : KsfuzzPoolPlaceLive;
  }
  /* In the redzone between two blocks: past the end of the one before, unless nearer the next. */
  if (before != NULL && (after == NULL || address - (before->Start + before->Size) < after->Start - address)) {
    *BlockStart = before->Start;
    return KsfuzzPoolPlacePastEnd;
  }
  if (after == NULL) return KsfuzzPoolPlaceNone;
  *BlockStart = after->Start;
  return KsfuzzPoolPlaceBeforeStart;
}

BOOLEAN KsfuzzpArenaContains(const VOID *Address) {
  return g_base != NULL && (const UCHAR *)Address >= g_base && (const UCHAR *)Address < g_next;
}

VOID KsfuzzpArenaReset(VOID) {
  if (g_base == NULL) return;
  ASAN_POISON_MEMORY_REGION(g_base, (SIZE_T)(g_next - g_base));
  g_next = g_base;
  g_block_count = 0;
}
