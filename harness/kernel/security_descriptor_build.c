/* security_descriptor_build.c — the Rtl routines a driver's setup code builds a descriptor with:
 * an empty one (absolute or self-relative), its parts pointed at SIDs and ACLs, the absolute one
 * made self-relative (SEMANTICS R7-R11). */
#include "security_internal.h"

NTSTATUS NTAPI RtlCreateSecurityDescriptor(PSECURITY_DESCRIPTOR SecurityDescriptor, ULONG Revision) {
  if (Revision != SECURITY_DESCRIPTOR_REVISION) return STATUS_UNKNOWN_REVISION;
  PISECURITY_DESCRIPTOR sd = SecurityDescriptor;
  memset(sd, 0, sizeof(*sd));
  sd->Revision = SECURITY_DESCRIPTOR_REVISION;
  return STATUS_SUCCESS;
}

NTSTATUS NTAPI RtlCreateSecurityDescriptorRelative(PISECURITY_DESCRIPTOR_RELATIVE SecurityDescriptor,
                                                   ULONG Revision) {
  if (Revision != SECURITY_DESCRIPTOR_REVISION) return STATUS_UNKNOWN_REVISION;
  memset(SecurityDescriptor, 0, sizeof(*SecurityDescriptor));
  SecurityDescriptor->Revision = SECURITY_DESCRIPTOR_REVISION;
  /* The WDK page says every control flag is zero; without SE_SELF_RELATIVE every other routine
   * would read the offsets as pointers (R8). */
  SecurityDescriptor->Control = SE_SELF_RELATIVE;
  return STATUS_SUCCESS;
}

/* R9: what every setter checks before it changes anything. Only the first 4 bytes are read, so a
 * 20-byte self-relative descriptor is refused without reading past it. */
static NTSTATUS CheckAbsolute(const SECURITY_DESCRIPTOR *Sd) {
  if (Sd->Revision != SECURITY_DESCRIPTOR_REVISION) return STATUS_UNKNOWN_REVISION;
  if (Sd->Control & SE_SELF_RELATIVE) return STATUS_INVALID_SECURITY_DESCR;
  return STATUS_SUCCESS;
}

static VOID SetControlBit(PISECURITY_DESCRIPTOR Sd, SECURITY_DESCRIPTOR_CONTROL Bit, BOOLEAN On) {
  Sd->Control = (SECURITY_DESCRIPTOR_CONTROL)(On ? (Sd->Control | Bit) : (Sd->Control & ~Bit));
}

/* R9: Owner or Group. */
static NTSTATUS SetSid(PSECURITY_DESCRIPTOR SecurityDescriptor, BOOLEAN Owner, PSID Sid, BOOLEAN Defaulted) {
  PISECURITY_DESCRIPTOR sd = SecurityDescriptor;
  NTSTATUS status = CheckAbsolute(sd);
  if (!NT_SUCCESS(status)) return status;
  *(Owner ? &sd->Owner : &sd->Group) = Sid;
  SetControlBit(sd, Owner ? SE_OWNER_DEFAULTED : SE_GROUP_DEFAULTED, Defaulted);
  return STATUS_SUCCESS;
}

NTSTATUS NTAPI RtlSetOwnerSecurityDescriptor(PSECURITY_DESCRIPTOR SecurityDescriptor, PSID Owner,
                                             BOOLEAN OwnerDefaulted) {
  return SetSid(SecurityDescriptor, TRUE, Owner, OwnerDefaulted);
}

NTSTATUS NTAPI RtlSetGroupSecurityDescriptor(PSECURITY_DESCRIPTOR SecurityDescriptor, PSID Group,
                                             BOOLEAN GroupDefaulted) {
  return SetSid(SecurityDescriptor, FALSE, Group, GroupDefaulted);
}

/* R10: DACL or SACL. Absent leaves the pointer and the defaulted bit as they were: the WDK says
 * the other two parameters are ignored. */
static NTSTATUS SetAcl(PSECURITY_DESCRIPTOR SecurityDescriptor, BOOLEAN Dacl, BOOLEAN Present, PACL Acl,
                       BOOLEAN Defaulted) {
  PISECURITY_DESCRIPTOR sd = SecurityDescriptor;
  NTSTATUS status = CheckAbsolute(sd);
  if (!NT_SUCCESS(status)) return status;
  SetControlBit(sd, Dacl ? SE_DACL_PRESENT : SE_SACL_PRESENT, Present);
  if (!Present) return STATUS_SUCCESS;
  *(Dacl ? &sd->Dacl : &sd->Sacl) = Acl;
  SetControlBit(sd, Dacl ? SE_DACL_DEFAULTED : SE_SACL_DEFAULTED, Defaulted);
  return STATUS_SUCCESS;
}

NTSTATUS NTAPI RtlSetDaclSecurityDescriptor(PSECURITY_DESCRIPTOR SecurityDescriptor, BOOLEAN DaclPresent,
                                            PACL Dacl, BOOLEAN DaclDefaulted) {
  return SetAcl(SecurityDescriptor, TRUE, DaclPresent, Dacl, DaclDefaulted);
}

NTSTATUS NTAPI RtlSetSaclSecurityDescriptor(PSECURITY_DESCRIPTOR SecurityDescriptor, BOOLEAN SaclPresent,
                                            PACL Sacl, BOOLEAN SaclDefaulted) {
  return SetAcl(SecurityDescriptor, FALSE, SaclPresent, Sacl, SaclDefaulted);
}

NTSTATUS NTAPI RtlAbsoluteToSelfRelativeSD(PSECURITY_DESCRIPTOR AbsoluteSecurityDescriptor,
                                           PSECURITY_DESCRIPTOR SelfRelativeSecurityDescriptor,
                                           PULONG BufferLength) {
  const SECURITY_DESCRIPTOR *sd = AbsoluteSecurityDescriptor;
  if (sd->Revision != SECURITY_DESCRIPTOR_REVISION) return STATUS_UNKNOWN_REVISION;
  if (sd->Control & SE_SELF_RELATIVE) return STATUS_BAD_DESCRIPTOR_FORMAT;
  /* The parts are trusted as Windows trusts them (R11): an ACL is copied AclSize bytes. */
  KSFUZZ_SD_PARTS parts;
  KsfuzzpSdPartsOf(AbsoluteSecurityDescriptor, &parts);
  ULONG required = KsfuzzpSdEncodedLength(&parts);
  if (*BufferLength < required) {
    *BufferLength = required;
    return STATUS_BUFFER_TOO_SMALL;
  }
  KsfuzzpSdEncode(&parts, SelfRelativeSecurityDescriptor);
  return STATUS_SUCCESS;
}
