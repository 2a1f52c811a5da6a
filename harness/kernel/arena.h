/* arena.h — the emulated kernel's memory of one iteration (arena.c). Internal. */
#pragma once

#include <ntifs.h>

/* Bytes of poison before every block; the next block's redzone is this block's tail. */
#define KSFUZZP_ARENA_REDZONE 64
/* What a block not zeroed holds before anything is written to it: AddressSanitizer's malloc fill. */
#define KSFUZZP_ARENA_FILL 0xBE
/* Pool blocks are 16-byte aligned on x64 Windows. */
#define KSFUZZP_ARENA_ALIGNMENT 16

/* Size bytes filled with Fill, after a poisoned redzone; aborts with a message when the iteration
 * has used up the region. */
VOID *KsfuzzpArenaAllocate(SIZE_T Size, SIZE_T Alignment, UCHAR Fill);
/* The same followed by Tail poisoned bytes that belong to the block (KsfuzzArenaWhereIs places an
 * address there inside it): room a write past the end lands in, wherever it lands. Freeing it
 * poisons the Size bytes; the tail never was anything else. */
VOID *KsfuzzpArenaAllocateWithTail(SIZE_T Size, SIZE_T Tail, SIZE_T Alignment, UCHAR Fill);
/* Poisons the block; its address is not handed out again before the reset. */
VOID KsfuzzpArenaFree(VOID *Block);
/* Whether Address lies in what the arena handed out this iteration (blocks or their redzones). */
BOOLEAN KsfuzzpArenaContains(const VOID *Address);
/* Poisons everything handed out and starts again from the front. */
VOID KsfuzzpArenaReset(VOID);
