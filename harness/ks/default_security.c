/* default_security.c — KsCreateDefaultSecurity: a new descriptor for an item that has none. */
#include <ksfuzz/kernel_harness.h>

#include "ks_internal.h"

/* What SeAssignSecurity gives a SYSTEM-thread object with no parent and no creator descriptor
 * (SEMANTICS KS6): O:BAG:SYD:(A;;FA;;;SY)(A;;0x1200a9;;;BA), the token's default DACL with its
 * generic rights mapped through the file mapping; E1 layout, from `ksfuzz sd to-hex`. */
static const UCHAR kDefaultDescriptor[] = {
    0x01, 0x00, 0x04, 0x80, 0x48, 0x00, 0x00, 0x00, 0x58, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x14, 0x00, 0x00, 0x00, 0x02, 0x00, 0x34, 0x00,
    0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x14, 0x00, 0xff, 0x01, 0x1f, 0x00,
    0x01, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05, 0x12, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x18, 0x00, 0xa9, 0x00, 0x12, 0x00, 0x01, 0x02, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x05, 0x20, 0x00, 0x00, 0x00, 0x20, 0x02, 0x00, 0x00,
    0x01, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05, 0x20, 0x00, 0x00, 0x00,
    0x20, 0x02, 0x00, 0x00, 0x01, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05,
    0x12, 0x00, 0x00, 0x00,
};

static NTSTATUS CreateDefaultSecurity(PSECURITY_DESCRIPTOR ParentSecurity,
                                      PSECURITY_DESCRIPTOR *DefaultSecurity) {
  /* The shim has no SeAssignSecurity, so nothing is inherited from ParentSecurity (KS6). */
  UNREFERENCED_PARAMETER(ParentSecurity);
  if (DefaultSecurity == NULL) return STATUS_INVALID_PARAMETER;
  /* Allocated as the assign-security path allocates: paged pool, the kernel's descriptor tag. */
  PVOID descriptor = ExAllocatePoolWithTag(PagedPool, sizeof(kDefaultDescriptor), KSFUZZ_SE_SD_TAG);
  if (descriptor == NULL) return STATUS_INSUFFICIENT_RESOURCES;
  RtlCopyMemory(descriptor, kDefaultDescriptor, sizeof(kDefaultDescriptor));
  *DefaultSecurity = descriptor;
  return STATUS_SUCCESS;
}

NTSTATUS NTAPI KsCreateDefaultSecurity(PSECURITY_DESCRIPTOR ParentSecurity,
                                       PSECURITY_DESCRIPTOR *DefaultSecurity) {
  return KSFUZZ_YIELDING("KsCreateDefaultSecurity",
                         CreateDefaultSecurity(ParentSecurity, DefaultSecurity));
}
