/* sid.c — SIDs over raw memory ([MS-DTYP] 2.4.2): RtlValidSid, RtlLengthSid, RtlEqualSid, and the
 * builders a driver's setup code calls (SEMANTICS R1-R4). */
#include <ksfuzz/scheduler.h>

#include "security_internal.h"

#define SID_HEADER_BYTES 8 /* Revision, SubAuthorityCount, IdentifierAuthority */

BOOLEAN KsfuzzpValidSidWithin(const UCHAR *Sid, SIZE_T Room) {
  if (Room < SID_HEADER_BYTES) return FALSE;
  if (Sid[0] != SID_REVISION || Sid[1] > SID_MAX_SUB_AUTHORITIES) return FALSE;
  return SID_HEADER_BYTES + 4u * Sid[1] <= Room;
}

BOOLEAN KsfuzzpValidSid(PSID Sid) {
  const UCHAR *bytes = Sid;
  return bytes != NULL && bytes[0] == SID_REVISION && bytes[1] <= SID_MAX_SUB_AUTHORITIES;
}

ULONG KsfuzzpLengthSid(PSID Sid) {
  return SID_HEADER_BYTES + 4u * ((const UCHAR *)Sid)[1];
}

static BOOLEAN EqualSidBody(PSID Sid1, PSID Sid2) {
  ULONG length = KsfuzzpLengthSid(Sid1);
  return length == KsfuzzpLengthSid(Sid2) && memcmp(Sid1, Sid2, length) == 0;
}

/* ---------------------------- entry points: yield at entry and return ---------------------------- */

BOOLEAN NTAPI RtlValidSid(PSID Sid) {
  return KSFUZZ_YIELDING("RtlValidSid", KsfuzzpValidSid(Sid));
}

ULONG NTAPI RtlLengthSid(PSID Sid) {
  return KSFUZZ_YIELDING("RtlLengthSid", KsfuzzpLengthSid(Sid));
}

BOOLEAN NTAPI RtlEqualSid(PSID Sid1, PSID Sid2) {
  return KSFUZZ_YIELDING("RtlEqualSid", EqualSidBody(Sid1, Sid2));
}

ULONG NTAPI RtlLengthRequiredSid(ULONG SubAuthorityCount) {
  return SID_HEADER_BYTES + 4u * SubAuthorityCount;
}

NTSTATUS NTAPI RtlInitializeSid(PSID Sid, PSID_IDENTIFIER_AUTHORITY IdentifierAuthority,
                                UCHAR SubAuthorityCount) {
  if (SubAuthorityCount > SID_MAX_SUB_AUTHORITIES) return STATUS_INVALID_PARAMETER;
  PISID sid = Sid;
  sid->Revision = SID_REVISION;
  sid->SubAuthorityCount = SubAuthorityCount;
  sid->IdentifierAuthority = *IdentifierAuthority;
  return STATUS_SUCCESS;
}

PULONG NTAPI RtlSubAuthoritySid(PSID Sid, ULONG SubAuthority) {
  /* Pointer arithmetic, not SubAuthority[n]: the array is declared with one element, and an
   * index past it is how every SID with more sub-authorities is reached. */
  return (PULONG)((PUCHAR)Sid + SID_HEADER_BYTES + 4u * (SIZE_T)SubAuthority);
}

NTSTATUS NTAPI RtlCopySid(ULONG DestinationSidLength, PSID DestinationSid, PSID SourceSid) {
  ULONG length = RtlLengthSid(SourceSid);
  if (DestinationSidLength < length) return STATUS_BUFFER_TOO_SMALL;
  memmove(DestinationSid, SourceSid, length);
  return STATUS_SUCCESS;
}
