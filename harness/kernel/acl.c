/* acl.c — ACLs over raw memory: RtlValidAcl and the bounded ACL/ACE check behind it (SEMANTICS
 * D4-D8); RtlCreateAcl and the routines that append an ACE (R5, R6). */
#include <ksfuzz/scheduler.h>

#include "security_internal.h"

static BOOLEAN IsObjectAce(UCHAR Type) {
  switch (Type) {
    case ACCESS_ALLOWED_OBJECT_ACE_TYPE:
    case ACCESS_DENIED_OBJECT_ACE_TYPE:
    case SYSTEM_AUDIT_OBJECT_ACE_TYPE:
    case SYSTEM_ALARM_OBJECT_ACE_TYPE:
    case ACCESS_ALLOWED_CALLBACK_OBJECT_ACE_TYPE:
    case ACCESS_DENIED_CALLBACK_OBJECT_ACE_TYPE:
    case SYSTEM_AUDIT_CALLBACK_OBJECT_ACE_TYPE:
    case SYSTEM_ALARM_CALLBACK_OBJECT_ACE_TYPE:
      return TRUE;
  }
  return FALSE;
}

/* Mask-and-SID ACEs: the SID follows the mask; callback data may follow the SID (D5). */
static BOOLEAN IsSidAce(UCHAR Type) {
  return Type <= SYSTEM_ALARM_ACE_TYPE ||
         (Type >= ACCESS_ALLOWED_CALLBACK_ACE_TYPE && Type <= ACCESS_DENIED_CALLBACK_ACE_TYPE) ||
         Type == SYSTEM_AUDIT_CALLBACK_ACE_TYPE || Type == SYSTEM_ALARM_CALLBACK_ACE_TYPE ||
         (Type >= SYSTEM_MANDATORY_LABEL_ACE_TYPE && Type <= SYSTEM_ACCESS_FILTER_ACE_TYPE);
}

/* D5, D6, D8 for one ACE of AceSize bytes (already inside the ACL, >= 4, a multiple of 4). */
static BOOLEAN ValidAceBody(const UCHAR *Ace, USHORT AceSize, UCHAR AclRevision) {
  UCHAR type = Ace[0];
  if (IsObjectAce(type)) {
    if (AclRevision != ACL_REVISION_DS) return FALSE;
    if (AceSize < 12) return FALSE;
    ULONG flags = KsfuzzpReadUlong(Ace + 8);
    SIZE_T sid = 12;
    if (flags & ACE_OBJECT_TYPE_PRESENT) sid += sizeof(GUID);
    if (flags & ACE_INHERITED_OBJECT_TYPE_PRESENT) sid += sizeof(GUID);
    return sid <= AceSize && KsfuzzpValidSidWithin(Ace + sid, AceSize - sid);
  }
  if (IsSidAce(type)) return AceSize >= 8 && KsfuzzpValidSidWithin(Ace + 8, AceSize - 8u);
  return TRUE; /* D8: compound (0x04) and unknown types are opaque */
}

BOOLEAN KsfuzzpValidAclWithin(const UCHAR *Acl, SIZE_T Room) {
  if (Room < sizeof(ACL)) return FALSE;
  UCHAR revision = Acl[0];
  USHORT size = KsfuzzpReadUshort(Acl + 2);
  USHORT count = KsfuzzpReadUshort(Acl + 4);
  /* Revision 3 is accepted as Windows does (D4); Sbz1/Sbz2 are not checked. */
  if (revision < MIN_ACL_REVISION || revision > MAX_ACL_REVISION) return FALSE;
  if (size < sizeof(ACL) || size % 4 != 0 || size > Room) return FALSE;
  SIZE_T offset = sizeof(ACL);
  for (USHORT i = 0; i < count; ++i) {
    if (offset + sizeof(ACE_HEADER) > size) return FALSE;
    USHORT ace_size = KsfuzzpReadUshort(Acl + offset + 2);
    if (ace_size < sizeof(ACE_HEADER) || ace_size % 4 != 0 || offset + ace_size > size) return FALSE;
    if (!ValidAceBody(Acl + offset, ace_size, revision)) return FALSE;
    offset += ace_size;
  }
  return TRUE; /* D7: bytes between the last ACE and AclSize are slack, not an error */
}

BOOLEAN KsfuzzpValidAcl(PACL Acl) {
  if (Acl == NULL) return FALSE;
  return KsfuzzpValidAclWithin((const UCHAR *)Acl, Acl->AclSize);
}

/* ---------------------------- entry points: yield at entry and return ---------------------------- */

BOOLEAN NTAPI RtlValidAcl(PACL Acl) {
  return KSFUZZ_YIELDING("RtlValidAcl", KsfuzzpValidAcl(Acl));
}

NTSTATUS NTAPI RtlCreateAcl(PACL Acl, ULONG AclLength, ULONG AclRevision) {
  if (AclLength < sizeof(ACL)) return STATUS_BUFFER_TOO_SMALL;
  if (AclRevision < MIN_ACL_REVISION || AclRevision > MAX_ACL_REVISION || AclLength > 0xFFFF)
    return STATUS_INVALID_PARAMETER;
  Acl->AclRevision = (UCHAR)AclRevision;
  Acl->Sbz1 = 0;
  /* Rounded down: the ACL never claims bytes past the caller's buffer, and D4 wants a multiple
   * of 4 (ReactOS rounds up). */
  Acl->AclSize = (USHORT)(AclLength & ~3u);
  Acl->AceCount = 0;
  Acl->Sbz2 = 0;
  return STATUS_SUCCESS;
}

/* R6: a mask-and-SID ACE of Type, appended after the last of Acl's ACEs. */
static NTSTATUS AddSidAce(PACL Acl, ULONG AceRevision, ULONG AceFlags, ACCESS_MASK AccessMask,
                          PSID Sid, UCHAR Type) {
  if (!RtlValidSid(Sid)) return STATUS_INVALID_SID;
  if (AceRevision < MIN_ACL_REVISION || AceRevision > MAX_ACL_REVISION) return STATUS_REVISION_MISMATCH;
  if (AceFlags & ~(ULONG)VALID_INHERIT_FLAGS) return STATUS_INVALID_PARAMETER;
  if (!RtlValidAcl(Acl)) return STATUS_INVALID_ACL;
  UCHAR *acl = (UCHAR *)Acl;
  ULONG end = sizeof(ACL); /* RtlValidAcl has walked these ACEs inside AclSize already */
  for (USHORT i = 0; i < Acl->AceCount; ++i) end += KsfuzzpReadUshort(acl + end + 2);
  ULONG sid_length = RtlLengthSid(Sid);
  ULONG ace_size = (ULONG)offsetof(ACCESS_ALLOWED_ACE, SidStart) + sid_length;
  if (end + ace_size > Acl->AclSize) return STATUS_ALLOTTED_SPACE_EXCEEDED;
  ACE_HEADER header = {Type, (UCHAR)AceFlags, (USHORT)ace_size};
  memcpy(acl + end, &header, sizeof(header));
  memcpy(acl + end + offsetof(ACCESS_ALLOWED_ACE, Mask), &AccessMask, sizeof(AccessMask));
  memmove(acl + end + offsetof(ACCESS_ALLOWED_ACE, SidStart), Sid, sid_length);
  ++Acl->AceCount;
  if (AceRevision > Acl->AclRevision) Acl->AclRevision = (UCHAR)AceRevision;
  return STATUS_SUCCESS;
}

NTSTATUS NTAPI RtlAddAccessAllowedAce(PACL Acl, ULONG AceRevision, ACCESS_MASK AccessMask, PSID Sid) {
  return AddSidAce(Acl, AceRevision, 0, AccessMask, Sid, ACCESS_ALLOWED_ACE_TYPE);
}

NTSTATUS NTAPI RtlAddAccessAllowedAceEx(PACL Acl, ULONG AceRevision, ULONG AceFlags,
                                        ACCESS_MASK AccessMask, PSID Sid) {
  return AddSidAce(Acl, AceRevision, AceFlags, AccessMask, Sid, ACCESS_ALLOWED_ACE_TYPE);
}

NTSTATUS NTAPI RtlAddAccessDeniedAce(PACL Acl, ULONG AceRevision, ACCESS_MASK AccessMask, PSID Sid) {
  return AddSidAce(Acl, AceRevision, 0, AccessMask, Sid, ACCESS_DENIED_ACE_TYPE);
}
