/* capture.c — what the I/O manager does to a caller's descriptor before a driver's SetSecurity
 * sees it (SEMANTICS C1, C2): validate, then a self-relative E1 copy in a block of its own (from
 * the arena, as pool blocks are: poisoned redzones, poisoned once freed). And the caller's own
 * buffer, which hostile mode (C3) hands the driver instead. */
#include <string.h>

#include "arena.h"

#include <ksfuzz/kernel_harness.h>

#include "security_internal.h"

NTSTATUS KsfuzzCaptureSecurityDescriptor(const VOID *Input, ULONG Length, PSECURITY_DESCRIPTOR *Captured) {
  *Captured = NULL;
  if (Input == NULL) return STATUS_INVALID_SECURITY_DESCR;
  /* Length 0 announces an absolute descriptor; otherwise Length bytes of a self-relative one. */
  BOOLEAN valid = Length != 0 ? KsfuzzpValidRelative(Input, Length)
                              : RtlValidSecurityDescriptor((PSECURITY_DESCRIPTOR)Input);
  if (!valid) return STATUS_INVALID_SECURITY_DESCR; /* C1 */
  KSFUZZ_SD_PARTS parts;
  KsfuzzpSdPartsOf((PSECURITY_DESCRIPTOR)Input, &parts);
  ULONG length = KsfuzzpSdEncodedLength(&parts);
  PSECURITY_DESCRIPTOR copy = KsfuzzpArenaAllocate(length, KSFUZZP_ARENA_ALIGNMENT, KSFUZZP_ARENA_FILL);
  KsfuzzpSdEncode(&parts, copy); /* C2 */
  *Captured = copy;
  return STATUS_SUCCESS;
}

VOID KsfuzzFreeCapturedSecurityDescriptor(PSECURITY_DESCRIPTOR Captured) { KsfuzzpArenaFree(Captured); }

PVOID KsfuzzCallerBufferCopy(const VOID *Bytes, SIZE_T Size) {
  VOID *buffer = KsfuzzpArenaAllocate(Size, 1, KSFUZZP_ARENA_FILL);
  if (Size != 0) memcpy(buffer, Bytes, Size);
  return buffer;
}

VOID KsfuzzFreeCallerBuffer(PVOID Buffer) { KsfuzzpArenaFree(Buffer); }
