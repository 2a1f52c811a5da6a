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

/* Identifier authorities and relative identifiers of the well-known SIDs (winnt.h / ntifs.h). */
#define SECURITY_NULL_SID_AUTHORITY {0, 0, 0, 0, 0, 0}
#define SECURITY_WORLD_SID_AUTHORITY {0, 0, 0, 0, 0, 1}
#define SECURITY_LOCAL_SID_AUTHORITY {0, 0, 0, 0, 0, 2}
#define SECURITY_CREATOR_SID_AUTHORITY {0, 0, 0, 0, 0, 3}
#define SECURITY_NT_AUTHORITY {0, 0, 0, 0, 0, 5}
#define SECURITY_APP_PACKAGE_AUTHORITY {0, 0, 0, 0, 0, 15}
#define SECURITY_MANDATORY_LABEL_AUTHORITY {0, 0, 0, 0, 0, 16}

#define SECURITY_NULL_RID 0x00000000L
#define SECURITY_WORLD_RID 0x00000000L
#define SECURITY_LOCAL_RID 0x00000000L
#define SECURITY_CREATOR_OWNER_RID 0x00000000L
#define SECURITY_CREATOR_GROUP_RID 0x00000001L
#define SECURITY_CREATOR_OWNER_RIGHTS_RID 0x00000004L
#define SECURITY_DIALUP_RID 0x00000001L
#define SECURITY_NETWORK_RID 0x00000002L
#define SECURITY_BATCH_RID 0x00000003L
#define SECURITY_INTERACTIVE_RID 0x00000004L
#define SECURITY_SERVICE_RID 0x00000006L
#define SECURITY_ANONYMOUS_LOGON_RID 0x00000007L
#define SECURITY_AUTHENTICATED_USER_RID 0x0000000BL
#define SECURITY_RESTRICTED_CODE_RID 0x0000000CL
#define SECURITY_IUSER_RID 0x00000011L
#define SECURITY_LOCAL_SYSTEM_RID 0x00000012L
#define SECURITY_LOCAL_SERVICE_RID 0x00000013L
#define SECURITY_NETWORK_SERVICE_RID 0x00000014L
#define SECURITY_BUILTIN_DOMAIN_RID 0x00000020L
#define DOMAIN_ALIAS_RID_ADMINS 0x00000220L
#define DOMAIN_ALIAS_RID_USERS 0x00000221L
#define DOMAIN_ALIAS_RID_GUESTS 0x00000222L
#define DOMAIN_ALIAS_RID_POWER_USERS 0x00000223L
#define DOMAIN_ALIAS_RID_ACCOUNT_OPS 0x00000224L
#define DOMAIN_ALIAS_RID_SYSTEM_OPS 0x00000225L
#define DOMAIN_ALIAS_RID_PRINT_OPS 0x00000226L
#define DOMAIN_ALIAS_RID_BACKUP_OPS 0x00000227L
#define SECURITY_APP_PACKAGE_BASE_RID 0x00000002L
#define SECURITY_BUILTIN_PACKAGE_ANY_PACKAGE 0x00000001L
#define SECURITY_MANDATORY_UNTRUSTED_RID 0x00000000L
#define SECURITY_MANDATORY_LOW_RID 0x00001000L
#define SECURITY_MANDATORY_MEDIUM_RID 0x00002000L
#define SECURITY_MANDATORY_HIGH_RID 0x00003000L
#define SECURITY_MANDATORY_SYSTEM_RID 0x00004000L

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

/* Well-known privileges, the LowPart of their LUIDs (wdm.h; SeExports holds them as LUIDs). */
#define SE_MIN_WELL_KNOWN_PRIVILEGE (2L)
#define SE_CREATE_TOKEN_PRIVILEGE (2L)
#define SE_ASSIGNPRIMARYTOKEN_PRIVILEGE (3L)
#define SE_LOCK_MEMORY_PRIVILEGE (4L)
#define SE_INCREASE_QUOTA_PRIVILEGE (5L)
#define SE_MACHINE_ACCOUNT_PRIVILEGE (6L)
#define SE_TCB_PRIVILEGE (7L)
#define SE_SECURITY_PRIVILEGE (8L)
#define SE_TAKE_OWNERSHIP_PRIVILEGE (9L)
#define SE_LOAD_DRIVER_PRIVILEGE (10L)
#define SE_SYSTEM_PROFILE_PRIVILEGE (11L)
#define SE_SYSTEMTIME_PRIVILEGE (12L)
#define SE_PROF_SINGLE_PROCESS_PRIVILEGE (13L)
#define SE_INC_BASE_PRIORITY_PRIVILEGE (14L)
#define SE_CREATE_PAGEFILE_PRIVILEGE (15L)
#define SE_CREATE_PERMANENT_PRIVILEGE (16L)
#define SE_BACKUP_PRIVILEGE (17L)
#define SE_RESTORE_PRIVILEGE (18L)
#define SE_SHUTDOWN_PRIVILEGE (19L)
#define SE_DEBUG_PRIVILEGE (20L)
#define SE_AUDIT_PRIVILEGE (21L)
#define SE_SYSTEM_ENVIRONMENT_PRIVILEGE (22L)
#define SE_CHANGE_NOTIFY_PRIVILEGE (23L)
#define SE_REMOTE_SHUTDOWN_PRIVILEGE (24L)
#define SE_UNDOCK_PRIVILEGE (25L)
#define SE_SYNC_AGENT_PRIVILEGE (26L)
#define SE_ENABLE_DELEGATION_PRIVILEGE (27L)
#define SE_MANAGE_VOLUME_PRIVILEGE (28L)
#define SE_IMPERSONATE_PRIVILEGE (29L)
#define SE_CREATE_GLOBAL_PRIVILEGE (30L)
#define SE_TRUSTED_CREDMAN_ACCESS_PRIVILEGE (31L)
#define SE_RELABEL_PRIVILEGE (32L)
#define SE_INC_WORKING_SET_PRIVILEGE (33L)
#define SE_TIME_ZONE_PRIVILEGE (34L)
#define SE_CREATE_SYMBOLIC_LINK_PRIVILEGE (35L)
#define SE_DELEGATE_SESSION_USER_IMPERSONATE_PRIVILEGE (36L)
#define SE_MAX_WELL_KNOWN_PRIVILEGE SE_DELEGATE_SESSION_USER_IMPERSONATE_PRIVILEGE

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

/* ---- Building SIDs, ACLs and descriptors (docs/SEMANTICS.md R1-R11) ---- */

/// 8 + 4 * SubAuthorityCount, the bytes a SID with that many sub-authorities takes; any count.
NTSYSAPI ULONG NTAPI RtlLengthRequiredSid(_In_ ULONG SubAuthorityCount);
/// Writes Revision 1, SubAuthorityCount and *IdentifierAuthority (8 bytes), not the
/// sub-authorities; STATUS_INVALID_PARAMETER for a count above 15, writing nothing.
NTSYSAPI NTSTATUS NTAPI RtlInitializeSid(_Out_ PSID Sid,
                                         _In_ PSID_IDENTIFIER_AUTHORITY IdentifierAuthority,
                                         _In_ UCHAR SubAuthorityCount);
/// &Sid->SubAuthority[SubAuthority]; the index is not checked against the count.
NTSYSAPI PULONG NTAPI RtlSubAuthoritySid(_In_ PSID Sid, _In_ ULONG SubAuthority);
/// Copies RtlLengthSid(SourceSid) bytes, or returns STATUS_BUFFER_TOO_SMALL writing nothing.
NTSYSAPI NTSTATUS NTAPI RtlCopySid(_In_ ULONG DestinationSidLength,
                                   _Out_writes_bytes_(DestinationSidLength) PSID DestinationSid,
                                   _In_ PSID SourceSid);

/// An empty ACL of AclLength bytes (rounded down to a multiple of 4): STATUS_BUFFER_TOO_SMALL
/// below 8 bytes, STATUS_INVALID_PARAMETER for a revision other than 2-4 or a length above
/// 0xFFFF; nothing is written on failure.
NTSYSAPI NTSTATUS NTAPI RtlCreateAcl(_Out_writes_bytes_(AclLength) PACL Acl, _In_ ULONG AclLength,
                                     _In_ ULONG AclRevision);
/// Appends an ACCESS_ALLOWED_ACE with no flags after Acl's last ACE. Statuses, in the order they
/// are checked: STATUS_INVALID_SID, STATUS_REVISION_MISMATCH (AceRevision not 2-4),
/// STATUS_INVALID_ACL (RtlValidAcl fails), STATUS_ALLOTTED_SPACE_EXCEEDED (no room before
/// AclSize). Acl is unchanged on failure; on success its revision becomes the larger of the two.
NTSYSAPI NTSTATUS NTAPI RtlAddAccessAllowedAce(_Inout_ PACL Acl, _In_ ULONG AceRevision,
                                               _In_ ACCESS_MASK AccessMask, _In_ PSID Sid);
/// RtlAddAccessAllowedAce with AceFlags in the ACE header; flags outside VALID_INHERIT_FLAGS
/// give STATUS_INVALID_PARAMETER (checked after the revision, before the ACL).
NTSYSAPI NTSTATUS NTAPI RtlAddAccessAllowedAceEx(_Inout_ PACL Acl, _In_ ULONG AceRevision,
                                                 _In_ ULONG AceFlags, _In_ ACCESS_MASK AccessMask,
                                                 _In_ PSID Sid);
/// RtlAddAccessAllowedAce for an ACCESS_DENIED_ACE.
NTSYSAPI NTSTATUS NTAPI RtlAddAccessDeniedAce(_Inout_ PACL Acl, _In_ ULONG AceRevision,
                                              _In_ ACCESS_MASK AccessMask, _In_ PSID Sid);

/// An empty absolute descriptor (revision 1, control 0, no parts); STATUS_UNKNOWN_REVISION for
/// any Revision but SECURITY_DESCRIPTOR_REVISION, writing nothing.
NTSYSAPI NTSTATUS NTAPI RtlCreateSecurityDescriptor(_Out_ PSECURITY_DESCRIPTOR SecurityDescriptor,
                                                    _In_ ULONG Revision);
/// An empty self-relative descriptor: 20 bytes, revision 1, control SE_SELF_RELATIVE, offsets 0.
NTSYSAPI NTSTATUS NTAPI RtlCreateSecurityDescriptorRelative(
    _Out_ PISECURITY_DESCRIPTOR_RELATIVE SecurityDescriptor, _In_ ULONG Revision);
/// Points an absolute descriptor's Owner at Owner (not copied; NULL: no owner) and sets
/// SE_OWNER_DEFAULTED to OwnerDefaulted. STATUS_UNKNOWN_REVISION unless revision 1, then
/// STATUS_INVALID_SECURITY_DESCR for a self-relative descriptor; nothing changes on failure.
NTSYSAPI NTSTATUS NTAPI RtlSetOwnerSecurityDescriptor(_Inout_ PSECURITY_DESCRIPTOR SecurityDescriptor,
                                                      _In_opt_ PSID Owner,
                                                      _In_opt_ BOOLEAN OwnerDefaulted);
/// RtlSetOwnerSecurityDescriptor for the group and SE_GROUP_DEFAULTED.
NTSYSAPI NTSTATUS NTAPI RtlSetGroupSecurityDescriptor(_Inout_ PSECURITY_DESCRIPTOR SecurityDescriptor,
                                                      _In_opt_ PSID Group,
                                                      _In_opt_ BOOLEAN GroupDefaulted);
/// DaclPresent FALSE clears SE_DACL_PRESENT and ignores the rest. TRUE sets it, points Dacl at
/// Dacl (not copied; NULL is a NULL DACL) and sets SE_DACL_DEFAULTED to DaclDefaulted. Statuses
/// as RtlSetOwnerSecurityDescriptor.
NTSYSAPI NTSTATUS NTAPI RtlSetDaclSecurityDescriptor(_Inout_ PSECURITY_DESCRIPTOR SecurityDescriptor,
                                                     _In_ BOOLEAN DaclPresent, _In_opt_ PACL Dacl,
                                                     _In_opt_ BOOLEAN DaclDefaulted);
/// RtlSetDaclSecurityDescriptor for the SACL, SE_SACL_PRESENT and SE_SACL_DEFAULTED.
NTSYSAPI NTSTATUS NTAPI RtlSetSaclSecurityDescriptor(_Inout_ PSECURITY_DESCRIPTOR SecurityDescriptor,
                                                     _In_ BOOLEAN SaclPresent, _In_opt_ PACL Sacl,
                                                     _In_opt_ BOOLEAN SaclDefaulted);
/// Writes the absolute descriptor self-relative in the E1 layout (header, SACL, DACL, Owner,
/// Group; control | SE_SELF_RELATIVE, Sbz1 kept; each ACL AclSize bytes as it is). Statuses:
/// STATUS_UNKNOWN_REVISION unless revision 1; STATUS_BAD_DESCRIPTOR_FORMAT if already
/// self-relative; STATUS_BUFFER_TOO_SMALL with *BufferLength set to the required length when
/// it is less, nothing written. On success *BufferLength is left as it was.
NTSYSAPI NTSTATUS NTAPI RtlAbsoluteToSelfRelativeSD(
    _In_ PSECURITY_DESCRIPTOR AbsoluteSecurityDescriptor,
    _Out_writes_bytes_to_opt_(*BufferLength, *BufferLength) PSECURITY_DESCRIPTOR SelfRelativeSecurityDescriptor,
    _Inout_ PULONG BufferLength);

KSFUZZ_EXTERN_C_END

#endif /* KSFUZZ_NT_SECURITY_H */
