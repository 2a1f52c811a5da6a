/* acl.c — RtlValidAcl and the bounded ACL/ACE check behind it (SEMANTICS D4-D8). */
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
