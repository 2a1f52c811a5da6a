/* wdm.h — the WDM subset a kernel-streaming security dispatch routine compiles against. */
#ifndef _WDMDDK_
#define _WDMDDK_
#ifndef KSFUZZ_WDM_H
#define KSFUZZ_WDM_H

#include <ntdef.h>
#include <ntstatus.h>
#include <ksfuzz/nt/security.h>
#include <ksfuzz/nt/pool.h>
#include <ksfuzz/nt/io.h>
#include <ksfuzz/nt/sync.h>
#include <ksfuzz/nt/string.h>

KSFUZZ_EXTERN_C_BEGIN

/* IRQL and paging do not exist in user mode: the checks drivers spell are no-ops. */
#define PAGED_CODE() ((void)0)
#define PAGED_CODE_LOCKED() ((void)0)
#define KeGetCurrentIrql() ((KIRQL)PASSIVE_LEVEL)

#define RtlCopyMemory(Destination, Source, Length) memcpy((Destination), (Source), (Length))
#define RtlMoveMemory(Destination, Source, Length) memmove((Destination), (Source), (Length))
#define RtlFillMemory(Destination, Length, Fill) memset((Destination), (Fill), (Length))
#define RtlZeroMemory(Destination, Length) memset((Destination), 0, (Length))
#define RtlEqualMemory(Destination, Source, Length) (!memcmp((Destination), (Source), (Length)))

/// Driver debug output; discarded, so a fuzzer's log stays readable.
ULONG __cdecl DbgPrint(_In_z_ PCSTR Format, ...);
#define KdPrint(args) ((void)0)
#define KdPrintEx(args) ((void)0)

/// A failed driver assertion aborts, as a checked build's breakpoint would stop the machine.
DECLSPEC_NORETURN VOID NTAPI KsfuzzAssertionFailed(_In_z_ PCSTR Expression, _In_z_ PCSTR File,
                                                   _In_ ULONG Line);
#define ASSERT(exp) ((exp) ? (void)0 : KsfuzzAssertionFailed(#exp, __FILE__, __LINE__))
#define ASSERTMSG(msg, exp) ASSERT(exp)
#define NT_ASSERT(exp) ASSERT(exp)

KSFUZZ_EXTERN_C_END

#endif /* KSFUZZ_WDM_H */
#endif /* _WDMDDK_ */
