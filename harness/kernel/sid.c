/* sid.c — RtlValidSid, RtlLengthSid, RtlEqualSid over raw memory ([MS-DTYP] 2.4.2). */
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
