/* ksfuzz/nt/string.h — the counted-string routine a driver's setup code calls to name its create
 * items (KSOBJECT_CREATE_ITEM.ObjectClass). */
#ifndef KSFUZZ_NT_STRING_H
#define KSFUZZ_NT_STRING_H

#include <ntdef.h>

KSFUZZ_EXTERN_C_BEGIN

/// Points DestinationString at SourceString without copying it: Length is its length in bytes
/// without the terminating NUL, MaximumLength two bytes more; a NULL SourceString gives 0, 0, NULL.
/// (C driver files are compiled with -fshort-wchar, so L"Filter" is a WCHAR string, as on Windows.)
NTSYSAPI VOID NTAPI RtlInitUnicodeString(_Out_ PUNICODE_STRING DestinationString, _In_opt_z_ PCWSTR SourceString);

KSFUZZ_EXTERN_C_END

#endif /* KSFUZZ_NT_STRING_H */
