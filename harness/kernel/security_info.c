/* security_info.c — SeSetSecurityDescriptorInfo(Ex) and SeQuerySecurityDescriptorInfo
 * (SEMANTICS S0-S14, Q0-Q4) over raw memory. */
#include <ksfuzz/kernel_harness.h>
#include <ksfuzz/scheduler.h>

#include "security_internal.h"

#define DACL_BITS (SE_DACL_PRESENT | SE_DACL_DEFAULTED | SE_DACL_PROTECTED | SE_DACL_AUTO_INHERITED)
#define SACL_BITS (SE_SACL_PRESENT | SE_SACL_DEFAULTED | SE_SACL_PROTECTED | SE_SACL_AUTO_INHERITED)
#define BACKUP_BITS                                                                           \
  (OWNER_SECURITY_INFORMATION | GROUP_SECURITY_INFORMATION | DACL_SECURITY_INFORMATION |      \
   SACL_SECURITY_INFORMATION | LABEL_SECURITY_INFORMATION | ATTRIBUTE_SECURITY_INFORMATION | \
   SCOPE_SECURITY_INFORMATION)

/* S9/Q1: the SACL ACE types that LABEL, ATTRIBUTE, SCOPE, PROCESS_TRUST_LABEL and ACCESS_FILTER
 * stand for. */
static ULONG SaclTypesOf(SECURITY_INFORMATION Info) {
  ULONG types = 0;
  if (Info & LABEL_SECURITY_INFORMATION) types |= KSFUZZ_ACE_TYPE_BIT(SYSTEM_MANDATORY_LABEL_ACE_TYPE);
  if (Info & ATTRIBUTE_SECURITY_INFORMATION) types |= KSFUZZ_ACE_TYPE_BIT(SYSTEM_RESOURCE_ATTRIBUTE_ACE_TYPE);
  if (Info & SCOPE_SECURITY_INFORMATION) types |= KSFUZZ_ACE_TYPE_BIT(SYSTEM_SCOPED_POLICY_ID_ACE_TYPE);
  if (Info & PROCESS_TRUST_LABEL_SECURITY_INFORMATION)
    types |= KSFUZZ_ACE_TYPE_BIT(SYSTEM_PROCESS_TRUST_LABEL_ACE_TYPE);
  if (Info & ACCESS_FILTER_SECURITY_INFORMATION) types |= KSFUZZ_ACE_TYPE_BIT(SYSTEM_ACCESS_FILTER_ACE_TYPE);
  return types;
}

static BOOLEAN HasAceOfTypes(const ACL *Acl, ULONG Types, BOOLEAN Wanted) {
  if (Acl == NULL) return FALSE;
  const UCHAR *acl = (const UCHAR *)Acl;
  USHORT count = KsfuzzpReadUshort(acl + 4);
  ULONG offset = sizeof(ACL);
  for (USHORT i = 0; i < count; ++i) {
    if (((KSFUZZ_ACE_TYPE_BIT(acl[offset]) & Types) != 0) == Wanted) return TRUE;
    offset += KsfuzzpReadUshort(acl + offset + 2);
  }
  return FALSE;
}

/* S3 (and Q1): BACKUP stands for the parts of BACKUP_BITS. */
static SECURITY_INFORMATION ExpandBackup(SECURITY_INFORMATION Info) {
  return (Info & BACKUP_SECURITY_INFORMATION) ? (Info & ~BACKUP_SECURITY_INFORMATION) | BACKUP_BITS : Info;
}

static UCHAR RevisionOf(const ACL *Acl) { return Acl != NULL ? ((const UCHAR *)Acl)[0] : 0; }

static NTSTATUS SetInfo(PSECURITY_INFORMATION SecurityInformation,
                        PSECURITY_DESCRIPTOR ModificationDescriptor,
                        PSECURITY_DESCRIPTOR *ObjectsSecurityDescriptor, POOL_TYPE PoolType) {
  PSECURITY_DESCRIPTOR old_sd = *ObjectsSecurityDescriptor;
  /* Nothing stops another thread from replacing (and freeing) the object's descriptor between
   * this read and the reads below but the caller's lock: this is where a missing lock shows. */
  KsfuzzYield("SeSetSecurityDescriptorInfo:read-object-descriptor");
  if (old_sd == NULL) return STATUS_NO_SECURITY_ON_OBJECT; /* S0 */
  /* S1, before anything else of old is read: without the bit its header would be pointers. */
  if (!(KsfuzzpReadUshort((const UCHAR *)old_sd + 2) & SE_SELF_RELATIVE)) return STATUS_BAD_DESCRIPTOR_FORMAT;
  KSFUZZ_SD_PARTS old, input, result;
  KsfuzzpRelativeSdPartsOf(old_sd, &old);

  SECURITY_INFORMATION info = ExpandBackup(*SecurityInformation); /* S3 */
  ULONG sacl_types = (info & SACL_SECURITY_INFORMATION) ? 0 : SaclTypesOf(info);
  BOOLEAN needs_input = (info & (OWNER_SECURITY_INFORMATION | GROUP_SECURITY_INFORMATION |
                                 DACL_SECURITY_INFORMATION | SACL_SECURITY_INFORMATION)) != 0 ||
                        sacl_types != 0;
  memset(&input, 0, sizeof(input));
  if (needs_input) KsfuzzpSdPartsOf(ModificationDescriptor, &input); /* S2: read only */

  memset(&result, 0, sizeof(result));
  result.Sbz1 = old.Sbz1; /* S10 */
  USHORT control = SE_SELF_RELATIVE | (old.Control & SE_RM_CONTROL_VALID);

  if (info & OWNER_SECURITY_INFORMATION) { /* S4 */
    if (input.Owner == NULL) return STATUS_INVALID_OWNER;
    result.Owner = input.Owner;
    control |= input.Control & SE_OWNER_DEFAULTED;
  } else {
    result.Owner = old.Owner;
    control |= old.Control & SE_OWNER_DEFAULTED;
  }
  if (info & GROUP_SECURITY_INFORMATION) { /* S5 */
    if (input.Group == NULL) return STATUS_INVALID_PRIMARY_GROUP;
    result.Group = input.Group;
    control |= input.Control & SE_GROUP_DEFAULTED;
  } else {
    result.Group = old.Group;
    control |= old.Control & SE_GROUP_DEFAULTED;
  }

  if (info & DACL_SECURITY_INFORMATION) { /* S6, S7 */
    result.Dacl = input.Dacl;
    control |= input.Control & DACL_BITS;
    if (info & PROTECTED_DACL_SECURITY_INFORMATION) control |= SE_DACL_PROTECTED;
    else if (info & UNPROTECTED_DACL_SECURITY_INFORMATION) control &= ~SE_DACL_PROTECTED;
  } else {
    result.Dacl = old.Dacl;
    control |= old.Control & DACL_BITS;
  }

  if (info & SACL_SECURITY_INFORMATION) { /* S8, S7 */
    result.Sacl = input.Sacl;
    control |= input.Control & SACL_BITS;
    if (info & PROTECTED_SACL_SECURITY_INFORMATION) control |= SE_SACL_PROTECTED;
    else if (info & UNPROTECTED_SACL_SECURITY_INFORMATION) control &= ~SE_SACL_PROTECTED;
  } else {
    control |= old.Control & SACL_BITS;
    result.Sacl = old.Sacl;
    if (sacl_types != 0) { /* S9 */
      const ACL *old_sacl = old.Sacl.Whole;  /* NULL when absent or a NULL SACL */
      const ACL *input_sacl = input.Sacl.Whole;
      /* An old without an ACL (absent or NULL) and nothing taken from input: old's SACL and
       * its bits stand as they are. Otherwise a fresh ACL, of at least one real ACL's revision. */
      if (old_sacl != NULL || HasAceOfTypes(input_sacl, sacl_types, TRUE)) {
        UCHAR revision = RevisionOf(old_sacl) > RevisionOf(input_sacl) ? RevisionOf(old_sacl) : RevisionOf(input_sacl);
        control |= SE_SACL_PRESENT;
        result.Sacl = (KSFUZZ_ACL_PART){NULL, TRUE, old_sacl, input_sacl, sacl_types, revision};
      }
    }
  }
  result.Control = control; /* S10: everything else is dropped */

  ULONG length = KsfuzzpSdEncodedLength(&result);
  if (length == 0) return STATUS_INVALID_ACL; /* S9: a merged SACL beyond 0xFFFF bytes */
  PCSTR previous_site = KsfuzzPoolSetSite("SeSetSecurityDescriptorInfo");
  PVOID fresh = ExAllocatePoolWithTag(PoolType, length, KSFUZZ_SE_SD_TAG); /* S11, S14 */
  KsfuzzPoolSetSite(previous_site);
  if (fresh == NULL) return STATUS_INSUFFICIENT_RESOURCES; /* S12 */
  KsfuzzpSdEncode(&result, fresh);
  *ObjectsSecurityDescriptor = fresh;
  return STATUS_SUCCESS;
}

NTSTATUS NTAPI SeSetSecurityDescriptorInfoEx(PVOID Object, PSECURITY_INFORMATION SecurityInformation,
                                             PSECURITY_DESCRIPTOR ModificationDescriptor,
                                             PSECURITY_DESCRIPTOR *ObjectsSecurityDescriptor,
                                             ULONG AutoInheritFlags, POOL_TYPE PoolType,
                                             PGENERIC_MAPPING GenericMapping) {
  (void)Object;
  (void)AutoInheritFlags;
  (void)GenericMapping;
  return KSFUZZ_YIELDING("SeSetSecurityDescriptorInfoEx",
                         SetInfo(SecurityInformation, ModificationDescriptor, ObjectsSecurityDescriptor,
                                 PoolType));
}

NTSTATUS NTAPI SeSetSecurityDescriptorInfo(PVOID Object, PSECURITY_INFORMATION SecurityInformation,
                                           PSECURITY_DESCRIPTOR ModificationDescriptor,
                                           PSECURITY_DESCRIPTOR *ObjectsSecurityDescriptor,
                                           POOL_TYPE PoolType, PGENERIC_MAPPING GenericMapping) {
  (void)Object;
  (void)GenericMapping;
  return KSFUZZ_YIELDING("SeSetSecurityDescriptorInfo",
                         SetInfo(SecurityInformation, ModificationDescriptor, ObjectsSecurityDescriptor,
                                 PoolType));
}

static NTSTATUS QueryInfo(PSECURITY_INFORMATION SecurityInformation, PSECURITY_DESCRIPTOR SecurityDescriptor,
                          PULONG Length, PSECURITY_DESCRIPTOR *ObjectsSecurityDescriptor) {
  SECURITY_INFORMATION info = ExpandBackup(*SecurityInformation); /* Q1: as S3 */
  KSFUZZ_SD_PARTS old, result;
  PSECURITY_DESCRIPTOR object_sd = *ObjectsSecurityDescriptor;
  /* As in SetInfo: between reading the pointer and reading what it points at. */
  KsfuzzYield("SeQuerySecurityDescriptorInfo:read-object-descriptor");
  /* Q0: no descriptor reads as an empty one. Q1: the SE_SELF_RELATIVE bit is not checked. */
  memset(&old, 0, sizeof(old));
  if (object_sd != NULL) KsfuzzpRelativeSdPartsOf(object_sd, &old);
  memset(&result, 0, sizeof(result));
  USHORT control = SE_SELF_RELATIVE; /* Q2 */
  if (info & OWNER_SECURITY_INFORMATION) {
    result.Owner = old.Owner;
    control |= old.Control & SE_OWNER_DEFAULTED;
  }
  if (info & GROUP_SECURITY_INFORMATION) {
    result.Group = old.Group;
    control |= old.Control & SE_GROUP_DEFAULTED;
  }
  if (info & DACL_SECURITY_INFORMATION) {
    result.Dacl = old.Dacl;
    control |= old.Control & DACL_BITS;
  }
  ULONG sacl_types = SaclTypesOf(info);
  if (info & SACL_SECURITY_INFORMATION) {
    result.Sacl = old.Sacl;
    control |= old.Control & SACL_BITS;
  } else if (sacl_types != 0) { /* Q1; Q2: the bits travel even with no SACL */
    result.Sacl = old.Sacl; /* absent or NULL as old's is */
    control |= old.Control & SACL_BITS;
    if (old.Sacl.Whole != NULL)
      result.Sacl = (KSFUZZ_ACL_PART){NULL, TRUE, NULL, old.Sacl.Whole, sacl_types, RevisionOf(old.Sacl.Whole)};
  }
  result.Control = control;

  ULONG required = KsfuzzpSdEncodedLength(&result);
  if (*Length < required) { /* Q3 */
    *Length = required;
    return STATUS_BUFFER_TOO_SMALL;
  }
  KsfuzzpSdEncode(&result, SecurityDescriptor); /* Q4 */
  *Length = required;
  return STATUS_SUCCESS;
}

NTSTATUS NTAPI SeQuerySecurityDescriptorInfo(PSECURITY_INFORMATION SecurityInformation,
                                             PSECURITY_DESCRIPTOR SecurityDescriptor, PULONG Length,
                                             PSECURITY_DESCRIPTOR *ObjectsSecurityDescriptor) {
  return KSFUZZ_YIELDING("SeQuerySecurityDescriptorInfo",
                         QueryInfo(SecurityInformation, SecurityDescriptor, Length,
                                   ObjectsSecurityDescriptor));
}
