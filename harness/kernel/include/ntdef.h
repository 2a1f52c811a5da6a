/* ntdef.h — the WDK's base types (x64 LLP64 sizes), NTSTATUS and the helper macros drivers use. */
#ifndef KSFUZZ_NTDEF_H
#define KSFUZZ_NTDEF_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sal.h>

#ifdef __cplusplus
#define KSFUZZ_EXTERN_C_BEGIN extern "C" {
#define KSFUZZ_EXTERN_C_END }
#define KSFUZZ_STATIC_ASSERT(cond, msg) static_assert(cond, msg)
#else
#define KSFUZZ_EXTERN_C_BEGIN
#define KSFUZZ_EXTERN_C_END
#define KSFUZZ_STATIC_ASSERT(cond, msg) _Static_assert(cond, msg)
#endif

/* Calling conventions and storage classes mean nothing on x64 Linux; drivers still spell them. */
#define NTAPI
#define NTSYSAPI
#define NTSYSCALLAPI
#define NTKERNELAPI
#define NTHALAPI
#define DECLSPEC_IMPORT
#define DECLSPEC_NOINLINE __attribute__((noinline))
#define DECLSPEC_NORETURN __attribute__((noreturn))
#define DECLSPEC_ALIGN(x) __attribute__((aligned(x)))
#define FASTCALL
#define __stdcall
#define __cdecl
#define FORCEINLINE static inline __attribute__((always_inline))
#define POINTER_ALIGNMENT DECLSPEC_ALIGN(8)
#define IN
#define OUT
#define OPTIONAL
#define CONST const
#define ANYSIZE_ARRAY 1

typedef void VOID, *PVOID, **PPVOID;
typedef const void *PCVOID;
typedef char CHAR, *PCHAR, *PSTR, CCHAR;
typedef const char *PCSTR, *PCSZ;
typedef unsigned char UCHAR, *PUCHAR, BYTE, *PBYTE;
typedef int16_t SHORT, *PSHORT, CSHORT;
typedef uint16_t USHORT, *PUSHORT, WORD, *PWORD;
typedef uint16_t WCHAR, *PWCHAR, *PWSTR;
typedef const uint16_t *PCWSTR;
typedef int32_t LONG, *PLONG, INT;
typedef uint32_t ULONG, *PULONG, DWORD, *PDWORD, UINT;
typedef int64_t LONGLONG, *PLONGLONG, LONG64;
typedef uint64_t ULONGLONG, *PULONGLONG, ULONG64, DWORD64;
typedef intptr_t LONG_PTR, *PLONG_PTR;
typedef uintptr_t ULONG_PTR, *PULONG_PTR, KAFFINITY;
typedef size_t SIZE_T, *PSIZE_T;
typedef ULONG_PTR DWORD_PTR;
typedef UCHAR BOOLEAN, *PBOOLEAN;
typedef LONG NTSTATUS, *PNTSTATUS;
typedef void *HANDLE, **PHANDLE;
typedef UCHAR KIRQL, *PKIRQL;
typedef CCHAR KPROCESSOR_MODE;

#ifndef TRUE
#define TRUE 1
#endif
#ifndef FALSE
#define FALSE 0
#endif

typedef union _LARGE_INTEGER {
  struct {
    ULONG LowPart;
    LONG HighPart;
  } u;
  LONGLONG QuadPart;
} LARGE_INTEGER, *PLARGE_INTEGER;

/// A locally unique identifier (privileges are LUIDs whose LowPart is an SE_*_PRIVILEGE value).
typedef struct _LUID {
  ULONG LowPart;
  LONG HighPart;
} LUID, *PLUID;

typedef struct _LIST_ENTRY {
  struct _LIST_ENTRY *Flink;
  struct _LIST_ENTRY *Blink;
} LIST_ENTRY, *PLIST_ENTRY;

typedef struct _UNICODE_STRING {
  USHORT Length;
  USHORT MaximumLength;
  PWSTR Buffer;
} UNICODE_STRING, *PUNICODE_STRING;
typedef const UNICODE_STRING *PCUNICODE_STRING;

typedef struct _GUID {
  ULONG Data1;
  USHORT Data2;
  USHORT Data3;
  UCHAR Data4[8];
} GUID, *PGUID, *LPGUID;
typedef const GUID *LPCGUID;

#define NT_SUCCESS(Status) (((NTSTATUS)(Status)) >= 0)
#define NT_INFORMATION(Status) ((((ULONG)(Status)) >> 30) == 1)
#define NT_WARNING(Status) ((((ULONG)(Status)) >> 30) == 2)
#define NT_ERROR(Status) ((((ULONG)(Status)) >> 30) == 3)

#define FIELD_OFFSET(type, field) ((LONG)offsetof(type, field))
#define RTL_FIELD_SIZE(type, field) (sizeof(((type *)0)->field))
#define CONTAINING_RECORD(address, type, field) \
  ((type *)((PCHAR)(address) - offsetof(type, field)))
#define ARRAYSIZE(a) (sizeof(a) / sizeof((a)[0]))
#define RTL_NUMBER_OF(a) ARRAYSIZE(a)
#define UNREFERENCED_PARAMETER(P) ((void)(P))
#define C_ASSERT(e) KSFUZZ_STATIC_ASSERT(e, #e)
#define ALIGN_UP_BY(length, alignment) \
  (((ULONG_PTR)(length) + (alignment) - 1) & ~((ULONG_PTR)(alignment) - 1))

#endif /* KSFUZZ_NTDEF_H */
