/* arena.c — the memory of one iteration: pool blocks, and IRPs with their stack locations and user
 * buffers. One region reserved once, handed out front to back with a
 * poisoned redzone before every block, never reused before the reset between iterations; a freed
 * block is poisoned at once. AddressSanitizer therefore stops at the faulting instruction of any
 * read or write of freed memory or a redzone ("use-after-poison"), and the ledger says which
 * block it was (KsfuzzPoolWhereIs). No heap call on the hot path: no stack depot, no quarantine.
 *
 * Without AddressSanitizer the poisoning is a no-op and the ledger's own checks remain. */
#include "arena.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include <ksfuzz/sanitizer_weak.h>

#define ARENA_BYTES ((SIZE_T)1 << 30) /* reserved, not committed */
#define POISON_AHEAD ((SIZE_T)64 << 10)

static UCHAR *g_base;
static UCHAR *g_next;          /* the next block's redzone starts here */
static UCHAR *g_poisoned_end;  /* [g_next, g_poisoned_end) is poisoned */

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

static VOID Reserve(VOID) {
  VOID *memory = mmap(NULL, ARENA_BYTES, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (memory == MAP_FAILED) {
    fprintf(stderr, "ksfuzz: cannot reserve %zu bytes for the emulated kernel's pool\n", (size_t)ARENA_BYTES);
    abort();
  }
  g_base = g_next = g_poisoned_end = memory;
}

VOID *KsfuzzpArenaAllocate(SIZE_T Size, SIZE_T Alignment, UCHAR Fill) {
  if (g_base == NULL) Reserve();
  if (Alignment < KSFUZZP_ARENA_ALIGNMENT) Alignment = KSFUZZP_ARENA_ALIGNMENT;
  uintptr_t limit = (uintptr_t)g_base + ARENA_BYTES;
  uintptr_t start = AlignUp((uintptr_t)g_next + KSFUZZP_ARENA_REDZONE, Alignment);
  if (Size > limit - start - KSFUZZP_ARENA_REDZONE) {
    fprintf(stderr, "ksfuzz: pool arena full: %zu bytes asked with %zu in use this iteration (at most %zu; "
                    "call KsfuzzKernelReset between iterations)\n",
            (size_t)Size, (size_t)(g_next - g_base), (size_t)ARENA_BYTES);
    abort();
  }
  UCHAR *block = (UCHAR *)start;
  UCHAR *next = (UCHAR *)AlignUp(start + Size, 8);
  /* Everything past g_next stays poisoned: the redzone before this block, and after it. */
  if (next + KSFUZZP_ARENA_REDZONE > g_poisoned_end) {
    UCHAR *end = next + KSFUZZP_ARENA_REDZONE + POISON_AHEAD;
    if ((uintptr_t)end > limit) end = (UCHAR *)limit;
    ASAN_POISON_MEMORY_REGION(g_poisoned_end, (SIZE_T)(end - g_poisoned_end));
    g_poisoned_end = end;
  }
  PutSize(block, Size);
  ASAN_UNPOISON_MEMORY_REGION(block, Size);
  /* Same bytes every run, whatever the last iteration left here (AddressSanitizer's malloc fill). */
  memset(block, Fill, Size);
  g_next = next;
  return block;
}

VOID KsfuzzpArenaFree(VOID *Block) {
  if (Block != NULL) ASAN_POISON_MEMORY_REGION(Block, SizeOf(Block));
}

BOOLEAN KsfuzzpArenaContains(const VOID *Address) {
  return g_base != NULL && (const UCHAR *)Address >= g_base && (const UCHAR *)Address < g_next;
}

VOID KsfuzzpArenaReset(VOID) {
  if (g_base == NULL) return;
  ASAN_POISON_MEMORY_REGION(g_base, (SIZE_T)(g_next - g_base));
  g_next = g_base;
}
