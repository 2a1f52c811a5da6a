/* debug.c — DbgPrint and the ASSERT failure path for driver code. */
#include <stdio.h>
#include <stdlib.h>

#include <wdm.h>

ULONG __cdecl DbgPrint(PCSTR Format, ...) {
  (void)Format;
  return 0; /* STATUS_SUCCESS */
}

VOID NTAPI KsfuzzAssertionFailed(PCSTR Expression, PCSTR File, ULONG Line) {
  fprintf(stderr, "ksfuzz: driver assertion failed: %s at %s:%u\n", Expression, File, (unsigned)Line);
  abort();
}
