/* security_descriptor.c — Rtl security-descriptor routines over raw memory, both forms, and the
 * descriptor parts reader and E1 encoder the Se routines and capture share. */
#include <ksfuzz/scheduler.h>

#include "security_internal.h"

#define RELATIVE_HEADER_BYTES ((ULONG)sizeof(SECURITY_DESCRIPTOR_RELATIVE))

static const VOID *ReadPointer(const UCHAR *p) {
  const VOID *value;
  memcpy(&value, p, sizeof(value));
  return value;
}

/* ---------------------------- validation ---------------------------- */

/* D2: a present part's offset is 4-aligned, past the header and leaves room in the buffer. */
static BOOLEAN ValidOffset(ULONG Offset, SIZE_T Length) {
  return Offset % 4 == 0 && Offset >= RELATIVE_HEADER_BYTES && Offset <= Length;
}

BOOLEAN KsfuzzpValidRelative(const UCHAR *Descriptor, SIZE_T Length) {
  if (Length < RELATIVE_HEADER_BYTES) return FALSE;
  USHORT control = KsfuzzpReadUshort(Descriptor + 2);
  if (Descriptor[0] != SECURITY_DESCRIPTOR_REVISION || !(control & SE_SELF_RELATIVE)) return FALSE;
  ULONG owner = KsfuzzpReadUlong(Descriptor + offsetof(SECURITY_DESCRIPTOR_RELATIVE, Owner));
  ULONG group = KsfuzzpReadUlong(Descriptor + offsetof(SECURITY_DESCRIPTOR_RELATIVE, Group));
  ULONG sacl = KsfuzzpReadUlong(Descriptor + offsetof(SECURITY_DESCRIPTOR_RELATIVE, Sacl));
  ULONG dacl = KsfuzzpReadUlong(Descriptor + offsetof(SECURITY_DESCRIPTOR_RELATIVE, Dacl));
  if (owner != 0 && !(ValidOffset(owner, Length) && KsfuzzpValidSidWithin(Descriptor + owner, Length - owner)))
    return FALSE;
  if (group != 0 && !(ValidOffset(group, Length) && KsfuzzpValidSidWithin(Descriptor + group, Length - group)))
    return FALSE;
  /* An ACL offset with its present bit clear is ignored; present with offset 0 is a NULL ACL. */
  if ((control & SE_DACL_PRESENT) && dacl != 0 &&
      !(ValidOffset(dacl, Length) && KsfuzzpValidAclWithin(Descriptor + dacl, Length - dacl)))
    return FALSE;
  if ((control & SE_SACL_PRESENT) && sacl != 0 &&
      !(ValidOffset(sacl, Length) && KsfuzzpValidAclWithin(Descriptor + sacl, Length - sacl)))
    return FALSE;
  return TRUE;
}

static BOOLEAN ValidRelativeSecurityDescriptorBody(PSECURITY_DESCRIPTOR SecurityDescriptorInput,
                                                   ULONG SecurityDescriptorLength,
                                                   SECURITY_INFORMATION RequiredInformation) {
  const UCHAR *sd = SecurityDescriptorInput;
  if (sd == NULL || !KsfuzzpValidRelative(sd, SecurityDescriptorLength)) return FALSE;
  USHORT control = KsfuzzpReadUshort(sd + 2);
  if ((RequiredInformation & OWNER_SECURITY_INFORMATION) &&
      KsfuzzpReadUlong(sd + offsetof(SECURITY_DESCRIPTOR_RELATIVE, Owner)) == 0)
    return FALSE;
  if ((RequiredInformation & GROUP_SECURITY_INFORMATION) &&
      KsfuzzpReadUlong(sd + offsetof(SECURITY_DESCRIPTOR_RELATIVE, Group)) == 0)
    return FALSE;
  if ((RequiredInformation & DACL_SECURITY_INFORMATION) && !(control & SE_DACL_PRESENT)) return FALSE;
  if ((RequiredInformation & SACL_SECURITY_INFORMATION) && !(control & SE_SACL_PRESENT)) return FALSE;
  return TRUE;
}

static BOOLEAN ValidSecurityDescriptorBody(PSECURITY_DESCRIPTOR SecurityDescriptor) {
  const UCHAR *sd = SecurityDescriptor;
  if (sd == NULL || sd[0] != SECURITY_DESCRIPTOR_REVISION) return FALSE;
  USHORT control = KsfuzzpReadUshort(sd + 2);
  /* No length is given: the caller vouches for the buffer, so only the offsets bound the parts. */
  if (control & SE_SELF_RELATIVE) return KsfuzzpValidRelative(sd, 0xFFFFFFFFu);
  const SECURITY_DESCRIPTOR *absolute = SecurityDescriptor;
  if (absolute->Owner != NULL && !KsfuzzpValidSid(absolute->Owner)) return FALSE;
  if (absolute->Group != NULL && !KsfuzzpValidSid(absolute->Group)) return FALSE;
  if ((control & SE_DACL_PRESENT) && absolute->Dacl != NULL && !KsfuzzpValidAcl(absolute->Dacl)) return FALSE;
  if ((control & SE_SACL_PRESENT) && absolute->Sacl != NULL && !KsfuzzpValidAcl(absolute->Sacl)) return FALSE;
  return TRUE;
}

/* ---------------------------- parts ---------------------------- */

/* Reads the header as Relative says (offsets, or pointers of the absolute form). */
static VOID PartsOf(const UCHAR *sd, BOOLEAN Relative, KSFUZZ_SD_PARTS *Parts) {
  memset(Parts, 0, sizeof(*Parts));
  Parts->Sbz1 = sd[1];
  Parts->Control = KsfuzzpReadUshort(sd + 2);
  const VOID *owner, *group, *sacl, *dacl;
  if (Relative) {
    ULONG offsets[4];
    for (int i = 0; i < 4; ++i) offsets[i] = KsfuzzpReadUlong(sd + 4 + 4 * i); /* Owner, Group, Sacl, Dacl */
    owner = offsets[0] ? sd + offsets[0] : NULL;
    group = offsets[1] ? sd + offsets[1] : NULL;
    sacl = offsets[2] ? sd + offsets[2] : NULL;
    dacl = offsets[3] ? sd + offsets[3] : NULL;
  } else {
    owner = ReadPointer(sd + offsetof(SECURITY_DESCRIPTOR, Owner));
    group = ReadPointer(sd + offsetof(SECURITY_DESCRIPTOR, Group));
    sacl = ReadPointer(sd + offsetof(SECURITY_DESCRIPTOR, Sacl));
    dacl = ReadPointer(sd + offsetof(SECURITY_DESCRIPTOR, Dacl));
  }
  Parts->Owner = owner;
  Parts->Group = group;
  Parts->Sacl.Whole = (Parts->Control & SE_SACL_PRESENT) ? sacl : NULL;
  Parts->Dacl.Whole = (Parts->Control & SE_DACL_PRESENT) ? dacl : NULL;
}

VOID KsfuzzpSdPartsOf(PSECURITY_DESCRIPTOR Descriptor, KSFUZZ_SD_PARTS *Parts) {
  const UCHAR *sd = Descriptor;
  PartsOf(sd, (KsfuzzpReadUshort(sd + 2) & SE_SELF_RELATIVE) != 0, Parts);
}

VOID KsfuzzpRelativeSdPartsOf(PSECURITY_DESCRIPTOR Descriptor, KSFUZZ_SD_PARTS *Parts) {
  PartsOf(Descriptor, TRUE, Parts);
}

/* Bytes of the ACEs of Acl whose type is in Types (Wanted) or not (!Wanted); copied to Out if set,
 * and counted into *Count if set. */
static ULONG WalkAces(const ACL *Acl, ULONG Types, BOOLEAN Wanted, UCHAR *Out, USHORT *Count) {
  if (Acl == NULL) return 0;
  const UCHAR *acl = (const UCHAR *)Acl;
  USHORT count = KsfuzzpReadUshort(acl + 4);
  ULONG offset = sizeof(ACL), written = 0;
  for (USHORT i = 0; i < count; ++i) {
    const UCHAR *ace = acl + offset;
    USHORT size = KsfuzzpReadUshort(ace + 2);
    BOOLEAN in = (KSFUZZ_ACE_TYPE_BIT(ace[0]) & Types) != 0;
    if (in == Wanted) {
      if (Out != NULL) memcpy(Out + written, ace, size);
      if (Count != NULL) ++*Count;
      written += size;
    }
    offset += size;
  }
  return written;
}

ULONG KsfuzzpAclPartLength(const KSFUZZ_SD_PARTS *Parts, const KSFUZZ_ACL_PART *Part, USHORT PresentBit) {
  if (!(Parts->Control & PresentBit)) return 0;
  if (!Part->Filtered) return Part->Whole != NULL ? KsfuzzpReadUshort((const UCHAR *)Part->Whole + 2) : 0;
  return (ULONG)sizeof(ACL) + WalkAces(Part->Keep, Part->Types, FALSE, NULL, NULL) +
         WalkAces(Part->Take, Part->Types, TRUE, NULL, NULL);
}

static ULONG SidLength(const SID *Sid) { return Sid != NULL ? KsfuzzpLengthSid((PSID)Sid) : 0; }

ULONG KsfuzzpSdEncodedLength(const KSFUZZ_SD_PARTS *Parts) {
  ULONG sacl = KsfuzzpAclPartLength(Parts, &Parts->Sacl, SE_SACL_PRESENT);
  ULONG dacl = KsfuzzpAclPartLength(Parts, &Parts->Dacl, SE_DACL_PRESENT);
  if (sacl > 0xFFFF || dacl > 0xFFFF) return 0;
  return RELATIVE_HEADER_BYTES + sacl + dacl + SidLength(Parts->Owner) + SidLength(Parts->Group);
}

static ULONG EncodeAcl(const KSFUZZ_SD_PARTS *Parts, const KSFUZZ_ACL_PART *Part, USHORT PresentBit,
                       UCHAR *Out) {
  ULONG length = KsfuzzpAclPartLength(Parts, Part, PresentBit);
  if (length == 0) return 0;
  if (!Part->Filtered) {
    memcpy(Out, Part->Whole, length); /* slack bytes travel with the ACL (D7) */
    return length;
  }
  /* A rebuilt ACL has no slack and zero Sbz fields. */
  USHORT size = (USHORT)length, count = 0, zero = 0;
  ULONG written = sizeof(ACL);
  written += WalkAces(Part->Keep, Part->Types, FALSE, Out + written, &count);
  WalkAces(Part->Take, Part->Types, TRUE, Out + written, &count);
  Out[0] = Part->Revision;
  Out[1] = 0;
  memcpy(Out + 2, &size, 2);
  memcpy(Out + 4, &count, 2);
  memcpy(Out + 6, &zero, 2);
  return length;
}

VOID KsfuzzpSdEncode(const KSFUZZ_SD_PARTS *Parts, VOID *Out) {
  UCHAR *out = Out;
  SECURITY_DESCRIPTOR_RELATIVE header = {SECURITY_DESCRIPTOR_REVISION, Parts->Sbz1,
                                         (SECURITY_DESCRIPTOR_CONTROL)(Parts->Control | SE_SELF_RELATIVE),
                                         0, 0, 0, 0};
  ULONG offset = RELATIVE_HEADER_BYTES, length;
  if ((length = EncodeAcl(Parts, &Parts->Sacl, SE_SACL_PRESENT, out + offset)) != 0) {
    header.Sacl = offset;
    offset += length;
  }
  if ((length = EncodeAcl(Parts, &Parts->Dacl, SE_DACL_PRESENT, out + offset)) != 0) {
    header.Dacl = offset;
    offset += length;
  }
  if (Parts->Owner != NULL) {
    length = SidLength(Parts->Owner);
    memcpy(out + offset, Parts->Owner, length);
    header.Owner = offset;
    offset += length;
  }
  if (Parts->Group != NULL) {
    length = SidLength(Parts->Group);
    memcpy(out + offset, Parts->Group, length);
    header.Group = offset;
  }
  memcpy(out, &header, sizeof(header));
}

/* ---------------------------- length and accessors ---------------------------- */

static ULONG LengthSecurityDescriptorBody(PSECURITY_DESCRIPTOR SecurityDescriptor) {
  KSFUZZ_SD_PARTS parts;
  KsfuzzpSdPartsOf(SecurityDescriptor, &parts);
  ULONG length = (parts.Control & SE_SELF_RELATIVE) ? RELATIVE_HEADER_BYTES : (ULONG)sizeof(SECURITY_DESCRIPTOR);
  length += (ULONG)ALIGN_UP_BY(SidLength(parts.Owner), 4);
  length += (ULONG)ALIGN_UP_BY(SidLength(parts.Group), 4);
  length += (ULONG)ALIGN_UP_BY(KsfuzzpAclPartLength(&parts, &parts.Dacl, SE_DACL_PRESENT), 4);
  length += (ULONG)ALIGN_UP_BY(KsfuzzpAclPartLength(&parts, &parts.Sacl, SE_SACL_PRESENT), 4);
  return length;
}

static NTSTATUS GetSid(PSECURITY_DESCRIPTOR SecurityDescriptor, BOOLEAN Owner, PSID *Sid,
                       PBOOLEAN Defaulted) {
  if (((const UCHAR *)SecurityDescriptor)[0] != SECURITY_DESCRIPTOR_REVISION) return STATUS_UNKNOWN_REVISION;
  KSFUZZ_SD_PARTS parts;
  KsfuzzpSdPartsOf(SecurityDescriptor, &parts);
  *Sid = (PSID)(Owner ? parts.Owner : parts.Group);
  *Defaulted = (parts.Control & (Owner ? SE_OWNER_DEFAULTED : SE_GROUP_DEFAULTED)) != 0;
  return STATUS_SUCCESS;
}

static NTSTATUS GetOwnerSecurityDescriptorBody(PSECURITY_DESCRIPTOR SecurityDescriptor, PSID *Owner,
                                               PBOOLEAN OwnerDefaulted) {
  return GetSid(SecurityDescriptor, TRUE, Owner, OwnerDefaulted);
}

static NTSTATUS GetGroupSecurityDescriptorBody(PSECURITY_DESCRIPTOR SecurityDescriptor, PSID *Group,
                                               PBOOLEAN GroupDefaulted) {
  return GetSid(SecurityDescriptor, FALSE, Group, GroupDefaulted);
}

static NTSTATUS GetAcl(PSECURITY_DESCRIPTOR SecurityDescriptor, BOOLEAN Dacl, PBOOLEAN Present,
                       PACL *Acl, PBOOLEAN Defaulted) {
  if (((const UCHAR *)SecurityDescriptor)[0] != SECURITY_DESCRIPTOR_REVISION) return STATUS_UNKNOWN_REVISION;
  KSFUZZ_SD_PARTS parts;
  KsfuzzpSdPartsOf(SecurityDescriptor, &parts);
  USHORT present = Dacl ? SE_DACL_PRESENT : SE_SACL_PRESENT;
  USHORT defaulted = Dacl ? SE_DACL_DEFAULTED : SE_SACL_DEFAULTED;
  *Present = (parts.Control & present) != 0;
  if (*Present) {
    *Acl = (PACL)(Dacl ? parts.Dacl.Whole : parts.Sacl.Whole);
    *Defaulted = (parts.Control & defaulted) != 0;
  }
  return STATUS_SUCCESS;
}

static NTSTATUS GetDaclSecurityDescriptorBody(PSECURITY_DESCRIPTOR SecurityDescriptor, PBOOLEAN DaclPresent,
                                              PACL *Dacl, PBOOLEAN DaclDefaulted) {
  return GetAcl(SecurityDescriptor, TRUE, DaclPresent, Dacl, DaclDefaulted);
}

static NTSTATUS GetSaclSecurityDescriptorBody(PSECURITY_DESCRIPTOR SecurityDescriptor, PBOOLEAN SaclPresent,
                                              PACL *Sacl, PBOOLEAN SaclDefaulted) {
  return GetAcl(SecurityDescriptor, FALSE, SaclPresent, Sacl, SaclDefaulted);
}

/* ---------------------------- entry points: yield at entry and return ---------------------------- */

BOOLEAN NTAPI RtlValidRelativeSecurityDescriptor(PSECURITY_DESCRIPTOR SecurityDescriptorInput,
                                                 ULONG SecurityDescriptorLength,
                                                 SECURITY_INFORMATION RequiredInformation) {
  return KSFUZZ_YIELDING("RtlValidRelativeSecurityDescriptor",
                         ValidRelativeSecurityDescriptorBody(SecurityDescriptorInput, SecurityDescriptorLength,
                                                             RequiredInformation));
}

BOOLEAN NTAPI RtlValidSecurityDescriptor(PSECURITY_DESCRIPTOR SecurityDescriptor) {
  return KSFUZZ_YIELDING("RtlValidSecurityDescriptor", ValidSecurityDescriptorBody(SecurityDescriptor));
}

ULONG NTAPI RtlLengthSecurityDescriptor(PSECURITY_DESCRIPTOR SecurityDescriptor) {
  return KSFUZZ_YIELDING("RtlLengthSecurityDescriptor",
                         LengthSecurityDescriptorBody(SecurityDescriptor));
}

NTSTATUS NTAPI RtlGetOwnerSecurityDescriptor(PSECURITY_DESCRIPTOR SecurityDescriptor, PSID *Owner,
                                             PBOOLEAN OwnerDefaulted) {
  return KSFUZZ_YIELDING("RtlGetOwnerSecurityDescriptor",
                         GetOwnerSecurityDescriptorBody(SecurityDescriptor, Owner, OwnerDefaulted));
}

NTSTATUS NTAPI RtlGetGroupSecurityDescriptor(PSECURITY_DESCRIPTOR SecurityDescriptor, PSID *Group,
                                             PBOOLEAN GroupDefaulted) {
  return KSFUZZ_YIELDING("RtlGetGroupSecurityDescriptor",
                         GetGroupSecurityDescriptorBody(SecurityDescriptor, Group, GroupDefaulted));
}

NTSTATUS NTAPI RtlGetDaclSecurityDescriptor(PSECURITY_DESCRIPTOR SecurityDescriptor, PBOOLEAN DaclPresent,
                                            PACL *Dacl, PBOOLEAN DaclDefaulted) {
  return KSFUZZ_YIELDING("RtlGetDaclSecurityDescriptor",
                         GetDaclSecurityDescriptorBody(SecurityDescriptor, DaclPresent, Dacl, DaclDefaulted));
}

NTSTATUS NTAPI RtlGetSaclSecurityDescriptor(PSECURITY_DESCRIPTOR SecurityDescriptor, PBOOLEAN SaclPresent,
                                            PACL *Sacl, PBOOLEAN SaclDefaulted) {
  return KSFUZZ_YIELDING("RtlGetSaclSecurityDescriptor",
                         GetSaclSecurityDescriptorBody(SecurityDescriptor, SaclPresent, Sacl, SaclDefaulted));
}
