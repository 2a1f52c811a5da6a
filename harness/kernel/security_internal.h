/* security_internal.h — internal: bounded validators and the descriptor parts/E1 encoder shared by
 * the Rtl, Se and capture code. */
#ifndef KSFUZZ_KERNEL_SECURITY_INTERNAL_H
#define KSFUZZ_KERNEL_SECURITY_INTERNAL_H

#include <ntifs.h>

KSFUZZ_EXTERN_C_BEGIN

/// Unaligned little-endian reads: descriptors arrive at any alignment in hostile mode.
static inline ULONG KsfuzzpReadUlong(const UCHAR *P) {
  ULONG value;
  memcpy(&value, P, sizeof(value));
  return value;
}

static inline USHORT KsfuzzpReadUshort(const UCHAR *P) {
  USHORT value;
  memcpy(&value, P, sizeof(value));
  return value;
}

/// RtlValidSid, RtlLengthSid and RtlValidAcl without their yield points, for the emulated
/// kernel's own use: a nested call is not an entry point of the code under test.
BOOLEAN KsfuzzpValidSid(PSID Sid);
ULONG KsfuzzpLengthSid(PSID Sid);
BOOLEAN KsfuzzpValidAcl(PACL Acl);

/// SEMANTICS D3: a SID starting at Sid with Room bytes available.
BOOLEAN KsfuzzpValidSidWithin(const UCHAR *Sid, SIZE_T Room);
/// SEMANTICS D4-D8: an ACL starting at Acl with Room bytes available.
BOOLEAN KsfuzzpValidAclWithin(const UCHAR *Acl, SIZE_T Room);
/// SEMANTICS D1-D8 over Length bytes (RtlValidRelativeSecurityDescriptor without the
/// required-information check).
BOOLEAN KsfuzzpValidRelative(const UCHAR *Descriptor, SIZE_T Length);

/// Bit of ACE type Type in a type set (types above 31 are never in one).
#define KSFUZZ_ACE_TYPE_BIT(Type) ((Type) < 32 ? (1u << (Type)) : 0u)

/// One ACL of a descriptor being built. Not Filtered: Whole is copied byte for byte (AclSize
/// bytes, slack included; NULL is a NULL ACL). Filtered: a new ACL of revision Revision holding
/// Keep's ACEs whose type is not in Types, then Take's ACEs whose type is (either may be NULL).
typedef struct {
  const ACL *Whole;
  BOOLEAN Filtered;
  const ACL *Keep;
  const ACL *Take;
  ULONG Types;
  UCHAR Revision;
} KSFUZZ_ACL_PART;

/// The parts of a descriptor, whichever form it came in. Dacl/Sacl mean something only when
/// Control has SE_DACL_PRESENT/SE_SACL_PRESENT.
typedef struct {
  UCHAR Sbz1;
  SECURITY_DESCRIPTOR_CONTROL Control;
  const SID *Owner;
  const SID *Group;
  KSFUZZ_ACL_PART Sacl;
  KSFUZZ_ACL_PART Dacl;
} KSFUZZ_SD_PARTS;

/// Reads the parts of an absolute or self-relative descriptor, trusting its offsets (as the
/// kernel trusts a captured descriptor): D2's reading of present bits and zero offsets.
VOID KsfuzzpSdPartsOf(PSECURITY_DESCRIPTOR Descriptor, KSFUZZ_SD_PARTS *Parts);
/// Same, reading Descriptor as self-relative whatever its SE_SELF_RELATIVE bit says: an object's
/// descriptor is always laid out self-relative (SEMANTICS S1, Q1), so its header holds offsets,
/// never pointers.
VOID KsfuzzpRelativeSdPartsOf(PSECURITY_DESCRIPTOR Descriptor, KSFUZZ_SD_PARTS *Parts);
/// Bytes the ACL part encodes to (0 for an absent or NULL ACL); may exceed 0xFFFF when filtered.
ULONG KsfuzzpAclPartLength(const KSFUZZ_SD_PARTS *Parts, const KSFUZZ_ACL_PART *Part, USHORT PresentBit);
/// Bytes the descriptor encodes to in the E1 layout; 0 if an ACL would exceed 0xFFFF bytes.
ULONG KsfuzzpSdEncodedLength(const KSFUZZ_SD_PARTS *Parts);
/// Writes the E1 layout (SEMANTICS E1): header, SACL, DACL, Owner, Group; SE_SELF_RELATIVE set.
/// Out must hold KsfuzzpSdEncodedLength(Parts) bytes.
VOID KsfuzzpSdEncode(const KSFUZZ_SD_PARTS *Parts, VOID *Out);

KSFUZZ_EXTERN_C_END

#endif /* KSFUZZ_KERNEL_SECURITY_INTERNAL_H */
