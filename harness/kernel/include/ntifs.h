/* ntifs.h — ntddk.h plus the Se security-descriptor routines file systems and ks.sys call. */
#ifndef KSFUZZ_NTIFS_H
#define KSFUZZ_NTIFS_H

#include <ntddk.h>

KSFUZZ_EXTERN_C_BEGIN

/// SEMANTICS S0-S14: replaces the parts SecurityInformation names in *ObjectsSecurityDescriptor
/// (self-relative, else STATUS_BAD_DESCRIPTOR_FORMAT; NULL gives STATUS_NO_SECURITY_ON_OBJECT)
/// with those of ModificationDescriptor (absolute or self-relative, read, never changed). On
/// success *ObjectsSecurityDescriptor is a new self-relative block from
/// ExAllocatePoolWithTag(PoolType, length, 'SeSd'); the old one is not freed. Object and
/// GenericMapping are not used: the shim maps no generic rights.
NTKERNELAPI NTSTATUS NTAPI SeSetSecurityDescriptorInfo(
    _In_opt_ PVOID Object, _In_ PSECURITY_INFORMATION SecurityInformation,
    _In_ PSECURITY_DESCRIPTOR ModificationDescriptor,
    _Inout_ PSECURITY_DESCRIPTOR *ObjectsSecurityDescriptor, _In_ POOL_TYPE PoolType,
    _In_ PGENERIC_MAPPING GenericMapping);

/// SeSetSecurityDescriptorInfo; AutoInheritFlags are accepted and ignored.
NTKERNELAPI NTSTATUS NTAPI SeSetSecurityDescriptorInfoEx(
    _In_opt_ PVOID Object, _In_ PSECURITY_INFORMATION SecurityInformation,
    _In_ PSECURITY_DESCRIPTOR ModificationDescriptor,
    _Inout_ PSECURITY_DESCRIPTOR *ObjectsSecurityDescriptor, _In_ ULONG AutoInheritFlags,
    _In_ POOL_TYPE PoolType, _In_ PGENERIC_MAPPING GenericMapping);

/// SEMANTICS Q0-Q4: writes the parts *SecurityInformation asks for, self-relative, at the start
/// of SecurityDescriptor, or returns STATUS_BUFFER_TOO_SMALL writing nothing; *Length becomes the
/// required length either way. A NULL *ObjectsSecurityDescriptor reads as an empty descriptor.
NTKERNELAPI NTSTATUS NTAPI SeQuerySecurityDescriptorInfo(
    _In_ PSECURITY_INFORMATION SecurityInformation,
    _Out_writes_bytes_(*Length) PSECURITY_DESCRIPTOR SecurityDescriptor, _Inout_ PULONG Length,
    _Inout_ PSECURITY_DESCRIPTOR *ObjectsSecurityDescriptor);

/// Well-known privileges (LUIDs) and SIDs, field for field as the WDK's SE_EXPORTS page lists
/// them (docs/SEMANTICS.md R12). Newer WDKs append fields after SeAllAppPackagesSid; the shim
/// stops where the page stops.
typedef struct _SE_EXPORTS {
  LUID SeCreateTokenPrivilege;
  LUID SeAssignPrimaryTokenPrivilege;
  LUID SeLockMemoryPrivilege;
  LUID SeIncreaseQuotaPrivilege;
  LUID SeUnsolicitedInputPrivilege;
  LUID SeTcbPrivilege;
  LUID SeSecurityPrivilege;
  LUID SeTakeOwnershipPrivilege;
  LUID SeLoadDriverPrivilege;
  LUID SeCreatePagefilePrivilege;
  LUID SeIncreaseBasePriorityPrivilege;
  LUID SeSystemProfilePrivilege;
  LUID SeSystemtimePrivilege;
  LUID SeProfileSingleProcessPrivilege;
  LUID SeCreatePermanentPrivilege;
  LUID SeBackupPrivilege;
  LUID SeRestorePrivilege;
  LUID SeShutdownPrivilege;
  LUID SeDebugPrivilege;
  LUID SeAuditPrivilege;
  LUID SeSystemEnvironmentPrivilege;
  LUID SeChangeNotifyPrivilege;
  LUID SeRemoteShutdownPrivilege;
  PSID SeNullSid;
  PSID SeWorldSid;
  PSID SeLocalSid;
  PSID SeCreatorOwnerSid;
  PSID SeCreatorGroupSid;
  PSID SeNtAuthoritySid;
  PSID SeDialupSid;
  PSID SeNetworkSid;
  PSID SeBatchSid;
  PSID SeInteractiveSid;
  PSID SeLocalSystemSid;
  PSID SeAliasAdminsSid;
  PSID SeAliasUsersSid;
  PSID SeAliasGuestsSid;
  PSID SeAliasPowerUsersSid;
  PSID SeAliasAccountOpsSid;
  PSID SeAliasSystemOpsSid;
  PSID SeAliasPrintOpsSid;
  PSID SeAliasBackupOpsSid;
  PSID SeAuthenticatedUsersSid;
  PSID SeRestrictedSid;
  PSID SeAnonymousLogonSid;
  LUID SeUndockPrivilege;
  LUID SeSyncAgentPrivilege;
  LUID SeEnableDelegationPrivilege;
  PSID SeLocalServiceSid;
  PSID SeNetworkServiceSid;
  LUID SeManageVolumePrivilege;
  LUID SeImpersonatePrivilege;
  LUID SeCreateGlobalPrivilege;
  LUID SeTrustedCredManAccessPrivilege;
  LUID SeRelabelPrivilege;
  LUID SeIncreaseWorkingSetPrivilege;
  LUID SeTimeZonePrivilege;
  LUID SeCreateSymbolicLinkPrivilege;
  PSID SeIUserSid;
  PSID SeUntrustedMandatorySid;
  PSID SeLowMandatorySid;
  PSID SeMediumMandatorySid;
  PSID SeHighMandatorySid;
  PSID SeSystemMandatorySid;
  PSID SeOwnerRightsSid;
  PSID SeAllAppPackagesSid;
} SE_EXPORTS, *PSE_EXPORTS;

/// The kernel's SE_EXPORTS. Everything it points at is read-only memory: a driver that writes
/// a well-known SID faults.
extern NTKERNELAPI PSE_EXPORTS SeExports;

KSFUZZ_EXTERN_C_END

#endif /* KSFUZZ_NTIFS_H */
