/* ksfuzz/nt/security.h — SIDs, ACLs, ACEs, security descriptors and SECURITY_INFORMATION, x64 layouts. */
#ifndef KSFUZZ_NT_SECURITY_H
#define KSFUZZ_NT_SECURITY_H

#include <ntdef.h>

KSFUZZ_EXTERN_C_BEGIN

typedef ULONG ACCESS_MASK, *PACCESS_MASK;

#define DELETE 0x00010000UL
#define READ_CONTROL 0x00020000UL
#define WRITE_DAC 0x00040000UL
#define WRITE_OWNER 0x00080000UL
#define SYNCHRONIZE 0x00100000UL
#define STANDARD_RIGHTS_REQUIRED 0x000F0000UL
#define STANDARD_RIGHTS_READ READ_CONTROL
#define STANDARD_RIGHTS_WRITE READ_CONTROL
#define STANDARD_RIGHTS_EXECUTE READ_CONTROL
#define STANDARD_RIGHTS_ALL 0x001F0000UL
#define SPECIFIC_RIGHTS_ALL 0x0000FFFFUL
#define ACCESS_SYSTEM_SECURITY 0x01000000UL
#define MAXIMUM_ALLOWED 0x02000000UL
#define GENERIC_READ 0x80000000UL
#define GENERIC_WRITE 0x40000000UL
#define GENERIC_EXECUTE 0x20000000UL
#define GENERIC_ALL 0x10000000UL

#define FILE_READ_DATA 0x0001
#define FILE_WRITE_DATA 0x0002
#define FILE_APPEND_DATA 0x0004
#define FILE_READ_EA 0x0008
#define FILE_WRITE_EA 0x0010
#define FILE_EXECUTE 0x0020
#define FILE_READ_ATTRIBUTES 0x0080
#define FILE_WRITE_ATTRIBUTES 0x0100
#define FILE_ALL_ACCESS (STANDARD_RIGHTS_REQUIRED | SYNCHRONIZE | 0x1FF)
#define FILE_GENERIC_READ \
  (STANDARD_RIGHTS_READ | FILE_READ_DATA | FILE_READ_ATTRIBUTES | FILE_READ_EA | SYNCHRONIZE)
#define FILE_GENERIC_WRITE                                                               \
  (STANDARD_RIGHTS_WRITE | FILE_WRITE_DATA | FILE_WRITE_ATTRIBUTES | FILE_WRITE_EA | \
   FILE_APPEND_DATA | SYNCHRONIZE)
#define FILE_GENERIC_EXECUTE \
  (STANDARD_RIGHTS_EXECUTE | FILE_READ_ATTRIBUTES | FILE_EXECUTE | SYNCHRONIZE)

typedef struct _GENERIC_MAPPING {
  ACCESS_MASK GenericRead;
  ACCESS_MASK GenericWrite;
  ACCESS_MASK GenericExecute;
  ACCESS_MASK GenericAll;
} GENERIC_MAPPING, *PGENERIC_MAPPING;

/* ---- SID ([MS-DTYP] 2.4.2) ---- */
typedef struct _SID_IDENTIFIER_AUTHORITY {
  UCHAR Value[6];
} SID_IDENTIFIER_AUTHORITY, *PSID_IDENTIFIER_AUTHORITY;

typedef struct _SID {
  UCHAR Revision;
  UCHAR SubAuthorityCount;
  SID_IDENTIFIER_AUTHORITY IdentifierAuthority;
  ULONG SubAuthority[ANYSIZE_ARRAY];
} SID, *PISID;
typedef PVOID PSID;

#define SID_REVISION 1
#define SID_MAX_SUB_AUTHORITIES 15
#define SID_RECOMMENDED_SUB_AUTHORITIES 1
#define SECURITY_MAX_SID_SIZE (sizeof(SID) - sizeof(ULONG) + (SID_MAX_SUB_AUTHORITIES * sizeof(ULONG)))

/* ---- ACL and ACEs ([MS-DTYP] 2.4.4, 2.4.5) ---- */
typedef struct _ACL {
  UCHAR AclRevision;
  UCHAR Sbz1;
  USHORT AclSize;
  USHORT AceCount;
  USHORT Sbz2;
} ACL, *PACL;

#define ACL_REVISION 2
#define ACL_REVISION_DS 4
#define ACL_REVISION1 1
#define ACL_REVISION2 2
#define ACL_REVISION3 3
#define ACL_REVISION4 4
#define MIN_ACL_REVISION ACL_REVISION2
#define MAX_ACL_REVISION ACL_REVISION4

typedef struct _ACE_HEADER {
  UCHAR AceType;
  UCHAR AceFlags;
  USHORT AceSize;
} ACE_HEADER, *PACE_HEADER;

#define ACCESS_MIN_MS_ACE_TYPE 0x0
#define ACCESS_ALLOWED_ACE_TYPE 0x0
#define ACCESS_DENIED_ACE_TYPE 0x1
#define SYSTEM_AUDIT_ACE_TYPE 0x2
#define SYSTEM_ALARM_ACE_TYPE 0x3
#define ACCESS_MAX_MS_V2_ACE_TYPE 0x3
#define ACCESS_ALLOWED_COMPOUND_ACE_TYPE 0x4
#define ACCESS_MAX_MS_V3_ACE_TYPE 0x4
#define ACCESS_MIN_MS_OBJECT_ACE_TYPE 0x5
#define ACCESS_ALLOWED_OBJECT_ACE_TYPE 0x5
#define ACCESS_DENIED_OBJECT_ACE_TYPE 0x6
#define SYSTEM_AUDIT_OBJECT_ACE_TYPE 0x7
#define SYSTEM_ALARM_OBJECT_ACE_TYPE 0x8
#define ACCESS_MAX_MS_OBJECT_ACE_TYPE 0x8
#define ACCESS_MAX_MS_V4_ACE_TYPE 0x8
#define ACCESS_ALLOWED_CALLBACK_ACE_TYPE 0x9
#define ACCESS_DENIED_CALLBACK_ACE_TYPE 0xA
#define ACCESS_ALLOWED_CALLBACK_OBJECT_ACE_TYPE 0xB
#define ACCESS_DENIED_CALLBACK_OBJECT_ACE_TYPE 0xC
#define SYSTEM_AUDIT_CALLBACK_ACE_TYPE 0xD
#define SYSTEM_ALARM_CALLBACK_ACE_TYPE 0xE
#define SYSTEM_AUDIT_CALLBACK_OBJECT_ACE_TYPE 0xF
#define SYSTEM_ALARM_CALLBACK_OBJECT_ACE_TYPE 0x10
#define SYSTEM_MANDATORY_LABEL_ACE_TYPE 0x11
#define SYSTEM_RESOURCE_ATTRIBUTE_ACE_TYPE 0x12
#define SYSTEM_SCOPED_POLICY_ID_ACE_TYPE 0x13
#define SYSTEM_PROCESS_TRUST_LABEL_ACE_TYPE 0x14
#define SYSTEM_ACCESS_FILTER_ACE_TYPE 0x15
#define ACCESS_MAX_MS_V5_ACE_TYPE 0x15

#define OBJECT_INHERIT_ACE 0x01
#define CONTAINER_INHERIT_ACE 0x02
#define NO_PROPAGATE_INHERIT_ACE 0x04
#define INHERIT_ONLY_ACE 0x08
#define INHERITED_ACE 0x10
#define VALID_INHERIT_FLAGS 0x1F
#define CRITICAL_ACE_FLAG 0x20
#define SUCCESSFUL_ACCESS_ACE_FLAG 0x40
#define FAILED_ACCESS_ACE_FLAG 0x80

#define ACE_OBJECT_TYPE_PRESENT 0x1
#define ACE_INHERITED_OBJECT_TYPE_PRESENT 0x2

/* Every mask-and-SID ACE has this shape; the WDK gives each type its own name for it. */
#define KSFUZZ_DEFINE_SID_ACE(name)  \
  typedef struct _##name {           \
    ACE_HEADER Header;               \
    ACCESS_MASK Mask;                \
    ULONG SidStart;                  \
  } name, *P##name;
KSFUZZ_DEFINE_SID_ACE(ACCESS_ALLOWED_ACE)
KSFUZZ_DEFINE_SID_ACE(ACCESS_DENIED_ACE)
KSFUZZ_DEFINE_SID_ACE(SYSTEM_AUDIT_ACE)
KSFUZZ_DEFINE_SID_ACE(SYSTEM_ALARM_ACE)
KSFUZZ_DEFINE_SID_ACE(ACCESS_ALLOWED_CALLBACK_ACE)
KSFUZZ_DEFINE_SID_ACE(ACCESS_DENIED_CALLBACK_ACE)
KSFUZZ_DEFINE_SID_ACE(SYSTEM_AUDIT_CALLBACK_ACE)
KSFUZZ_DEFINE_SID_ACE(SYSTEM_ALARM_CALLBACK_ACE)
KSFUZZ_DEFINE_SID_ACE(SYSTEM_MANDATORY_LABEL_ACE)
KSFUZZ_DEFINE_SID_ACE(SYSTEM_RESOURCE_ATTRIBUTE_ACE)
KSFUZZ_DEFINE_SID_ACE(SYSTEM_SCOPED_POLICY_ID_ACE)
KSFUZZ_DEFINE_SID_ACE(SYSTEM_PROCESS_TRUST_LABEL_ACE)
KSFUZZ_DEFINE_SID_ACE(SYSTEM_ACCESS_FILTER_ACE)
#undef KSFUZZ_DEFINE_SID_ACE

/* Object ACEs: the GUIDs are present only when Flags announce them, so SidStart moves. */
#define KSFUZZ_DEFINE_OBJECT_ACE(name) \
  typedef struct _##name {             \
    ACE_HEADER Header;                 \
    ACCESS_MASK Mask;                  \
    ULONG Flags;                       \
    GUID ObjectType;                   \
    GUID InheritedObjectType;          \
    ULONG SidStart;                    \
  } name, *P##name;
KSFUZZ_DEFINE_OBJECT_ACE(ACCESS_ALLOWED_OBJECT_ACE)
KSFUZZ_DEFINE_OBJECT_ACE(ACCESS_DENIED_OBJECT_ACE)
KSFUZZ_DEFINE_OBJECT_ACE(SYSTEM_AUDIT_OBJECT_ACE)
KSFUZZ_DEFINE_OBJECT_ACE(SYSTEM_ALARM_OBJECT_ACE)
KSFUZZ_DEFINE_OBJECT_ACE(ACCESS_ALLOWED_CALLBACK_OBJECT_ACE)
KSFUZZ_DEFINE_OBJECT_ACE(ACCESS_DENIED_CALLBACK_OBJECT_ACE)
KSFUZZ_DEFINE_OBJECT_ACE(SYSTEM_AUDIT_CALLBACK_OBJECT_ACE)
KSFUZZ_DEFINE_OBJECT_ACE(SYSTEM_ALARM_CALLBACK_OBJECT_ACE)
#undef KSFUZZ_DEFINE_OBJECT_ACE

/* ---- Security descriptor ([MS-DTYP] 2.4.6) ---- */
typedef USHORT SECURITY_DESCRIPTOR_CONTROL, *PSECURITY_DESCRIPTOR_CONTROL;

#define SE_OWNER_DEFAULTED 0x0001
#define SE_GROUP_DEFAULTED 0x0002
#define SE_DACL_PRESENT 0x0004
#define SE_DACL_DEFAULTED 0x0008
#define SE_SACL_PRESENT 0x0010
#define SE_SACL_DEFAULTED 0x0020
#define SE_DACL_UNTRUSTED 0x0040
#define SE_DACL_TRUSTED SE_DACL_UNTRUSTED
#define SE_SERVER_SECURITY 0x0080
#define SE_DACL_AUTO_INHERIT_REQ 0x0100
#define SE_SACL_AUTO_INHERIT_REQ 0x0200
#define SE_DACL_AUTO_INHERITED 0x0400
#define SE_SACL_AUTO_INHERITED 0x0800
#define SE_DACL_PROTECTED 0x1000
#define SE_SACL_PROTECTED 0x2000
#define SE_RM_CONTROL_VALID 0x4000
#define SE_SELF_RELATIVE 0x8000

#define SECURITY_DESCRIPTOR_REVISION 1
#define SECURITY_DESCRIPTOR_REVISION1 1

/* Absolute form: the parts are pointers. */
typedef struct _SECURITY_DESCRIPTOR {
  UCHAR Revision;
  UCHAR Sbz1;
  SECURITY_DESCRIPTOR_CONTROL Control;
  PSID Owner;
  PSID Group;
  PACL Sacl;
  PACL Dacl;
} SECURITY_DESCRIPTOR, *PISECURITY_DESCRIPTOR;

/* Self-relative form: the parts are byte offsets from the start of the descriptor. */
typedef struct _SECURITY_DESCRIPTOR_RELATIVE {
  UCHAR Revision;
  UCHAR Sbz1;
  SECURITY_DESCRIPTOR_CONTROL Control;
  ULONG Owner;
  ULONG Group;
  ULONG Sacl;
  ULONG Dacl;
} SECURITY_DESCRIPTOR_RELATIVE, *PISECURITY_DESCRIPTOR_RELATIVE;

typedef PVOID PSECURITY_DESCRIPTOR;

#define SECURITY_DESCRIPTOR_MIN_LENGTH (sizeof(SECURITY_DESCRIPTOR))

typedef ULONG SECURITY_INFORMATION, *PSECURITY_INFORMATION;

#define OWNER_SECURITY_INFORMATION 0x00000001L
#define GROUP_SECURITY_INFORMATION 0x00000002L
#define DACL_SECURITY_INFORMATION 0x00000004L
#define SACL_SECURITY_INFORMATION 0x00000008L
#define LABEL_SECURITY_INFORMATION 0x00000010L
#define ATTRIBUTE_SECURITY_INFORMATION 0x00000020L
#define SCOPE_SECURITY_INFORMATION 0x00000040L
#define PROCESS_TRUST_LABEL_SECURITY_INFORMATION 0x00000080L
#define ACCESS_FILTER_SECURITY_INFORMATION 0x00000100L
#define BACKUP_SECURITY_INFORMATION 0x00010000L
#define PROTECTED_DACL_SECURITY_INFORMATION 0x80000000L
#define PROTECTED_SACL_SECURITY_INFORMATION 0x40000000L
#define UNPROTECTED_DACL_SECURITY_INFORMATION 0x20000000L
#define UNPROTECTED_SACL_SECURITY_INFORMATION 0x10000000L

/* SeSetSecurityDescriptorInfoEx AutoInheritFlags. */
#define SEF_DACL_AUTO_INHERIT 0x01
#define SEF_SACL_AUTO_INHERIT 0x02
#define SEF_DEFAULT_DESCRIPTOR_FOR_OBJECT 0x04
#define SEF_AVOID_PRIVILEGE_CHECK 0x08
#define SEF_AVOID_OWNER_CHECK 0x10
#define SEF_DEFAULT_OWNER_FROM_PARENT 0x20
#define SEF_DEFAULT_GROUP_FROM_PARENT 0x40

/* The x64 layouts driver code and the Windows vectors rely on. */
KSFUZZ_STATIC_ASSERT(sizeof(SID) == 12, "SID header + one sub-authority");
KSFUZZ_STATIC_ASSERT(offsetof(SID, SubAuthority) == 8, "SID sub-authorities at 8");
KSFUZZ_STATIC_ASSERT(sizeof(ACL) == 8, "ACL header");
KSFUZZ_STATIC_ASSERT(sizeof(ACE_HEADER) == 4, "ACE header");
KSFUZZ_STATIC_ASSERT(sizeof(ACCESS_ALLOWED_ACE) == 12, "mask-and-SID ACE");
KSFUZZ_STATIC_ASSERT(offsetof(ACCESS_ALLOWED_ACE, SidStart) == 8, "SID of an ACE at 8");
KSFUZZ_STATIC_ASSERT(sizeof(ACCESS_ALLOWED_OBJECT_ACE) == 48, "object ACE");
KSFUZZ_STATIC_ASSERT(offsetof(ACCESS_ALLOWED_OBJECT_ACE, ObjectType) == 12, "object ACE GUIDs at 12");
KSFUZZ_STATIC_ASSERT(sizeof(GUID) == 16, "GUID");
KSFUZZ_STATIC_ASSERT(sizeof(SECURITY_DESCRIPTOR) == 40, "absolute descriptor, x64");
KSFUZZ_STATIC_ASSERT(offsetof(SECURITY_DESCRIPTOR, Owner) == 8, "absolute Owner at 8");
KSFUZZ_STATIC_ASSERT(offsetof(SECURITY_DESCRIPTOR, Group) == 16, "absolute Group at 16");
KSFUZZ_STATIC_ASSERT(offsetof(SECURITY_DESCRIPTOR, Sacl) == 24, "absolute Sacl at 24");
KSFUZZ_STATIC_ASSERT(offsetof(SECURITY_DESCRIPTOR, Dacl) == 32, "absolute Dacl at 32");
KSFUZZ_STATIC_ASSERT(sizeof(SECURITY_DESCRIPTOR_RELATIVE) == 20, "self-relative header");
KSFUZZ_STATIC_ASSERT(offsetof(SECURITY_DESCRIPTOR_RELATIVE, Owner) == 4, "relative Owner at 4");
KSFUZZ_STATIC_ASSERT(offsetof(SECURITY_DESCRIPTOR_RELATIVE, Group) == 8, "relative Group at 8");
KSFUZZ_STATIC_ASSERT(offsetof(SECURITY_DESCRIPTOR_RELATIVE, Sacl) == 12, "relative Sacl at 12");
KSFUZZ_STATIC_ASSERT(offsetof(SECURITY_DESCRIPTOR_RELATIVE, Dacl) == 16, "relative Dacl at 16");
KSFUZZ_STATIC_ASSERT(sizeof(SECURITY_INFORMATION) == 4, "SECURITY_INFORMATION");

/* ---- Rtl security routines (raw memory, as ntoskrnl does) ---- */

/// TRUE iff Sid has revision 1 and at most 15 sub-authorities. Reads the 8-byte header only.
NTSYSAPI BOOLEAN NTAPI RtlValidSid(_In_ PSID Sid);
/// 8 + 4 * SubAuthorityCount. Sid must be valid.
NTSYSAPI ULONG NTAPI RtlLengthSid(_In_ PSID Sid);
/// TRUE iff both SIDs have the same length and bytes. Both must be valid.
NTSYSAPI BOOLEAN NTAPI RtlEqualSid(_In_ PSID Sid1, _In_ PSID Sid2);
/// TRUE iff Acl satisfies SEMANTICS D4-D8 with AclSize as the only bound.
NTSYSAPI BOOLEAN NTAPI RtlValidAcl(_In_ PACL Acl);
/// TRUE iff the descriptor (absolute or self-relative) has revision 1 and valid present parts.
/// A self-relative one is checked against D2-D8 with no length bound: the caller vouches for it.
NTSYSAPI BOOLEAN NTAPI RtlValidSecurityDescriptor(_In_ PSECURITY_DESCRIPTOR SecurityDescriptor);
/// SEMANTICS D1-D8 over exactly SecurityDescriptorLength bytes; RequiredInformation's OWNER,
/// GROUP, DACL and SACL bits additionally demand that part (DACL/SACL: the present bit).
NTSYSAPI BOOLEAN NTAPI RtlValidRelativeSecurityDescriptor(
    _In_reads_bytes_(SecurityDescriptorLength) PSECURITY_DESCRIPTOR SecurityDescriptorInput,
    _In_ ULONG SecurityDescriptorLength, _In_ SECURITY_INFORMATION RequiredInformation);
/// Header (20 self-relative, 40 absolute) plus the lengths of the present parts, each rounded to 4.
NTSYSAPI ULONG NTAPI RtlLengthSecurityDescriptor(_In_ PSECURITY_DESCRIPTOR SecurityDescriptor);
/// Owner (NULL if none) and SE_OWNER_DEFAULTED; STATUS_UNKNOWN_REVISION unless revision 1.
NTSYSAPI NTSTATUS NTAPI RtlGetOwnerSecurityDescriptor(_In_ PSECURITY_DESCRIPTOR SecurityDescriptor,
                                                      _Out_ PSID *Owner,
                                                      _Out_ PBOOLEAN OwnerDefaulted);
/// Group (NULL if none) and SE_GROUP_DEFAULTED; STATUS_UNKNOWN_REVISION unless revision 1.
NTSYSAPI NTSTATUS NTAPI RtlGetGroupSecurityDescriptor(_In_ PSECURITY_DESCRIPTOR SecurityDescriptor,
                                                      _Out_ PSID *Group,
                                                      _Out_ PBOOLEAN GroupDefaulted);
/// DaclPresent; when present also Dacl (NULL for a NULL DACL) and DaclDefaulted, as Windows
/// leaves those two untouched when the DACL is absent.
NTSYSAPI NTSTATUS NTAPI RtlGetDaclSecurityDescriptor(_In_ PSECURITY_DESCRIPTOR SecurityDescriptor,
                                                     _Out_ PBOOLEAN DaclPresent,
                                                     _Out_ PACL *Dacl,
                                                     _Out_ PBOOLEAN DaclDefaulted);
/// As RtlGetDaclSecurityDescriptor for the SACL.
NTSYSAPI NTSTATUS NTAPI RtlGetSaclSecurityDescriptor(_In_ PSECURITY_DESCRIPTOR SecurityDescriptor,
                                                     _Out_ PBOOLEAN SaclPresent,
                                                     _Out_ PACL *Sacl,
                                                     _Out_ PBOOLEAN SaclDefaulted);

KSFUZZ_EXTERN_C_END

#endif /* KSFUZZ_NT_SECURITY_H */
