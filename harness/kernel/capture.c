/* capture.c — what the I/O manager does to a caller's descriptor before a driver's SetSecurity
 * sees it (SEMANTICS C1, C2): validate, then a self-relative E1 copy in its own heap block. */
#include <stdlib.h>

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
  PSECURITY_DESCRIPTOR copy = malloc(length);
  if (copy == NULL) return STATUS_INSUFFICIENT_RESOURCES;
  KsfuzzpSdEncode(&parts, copy); /* C2 */
  *Captured = copy;
  return STATUS_SUCCESS;
}

VOID KsfuzzFreeCapturedSecurityDescriptor(PSECURITY_DESCRIPTOR Captured) { free(Captured); }
