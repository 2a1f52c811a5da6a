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

KSFUZZ_EXTERN_C_END

#endif /* KSFUZZ_NTIFS_H */
