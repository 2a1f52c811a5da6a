/* verifier.h — internal: how the pool ledger and the I/O code raise Driver Verifier violations. */
#ifndef KSFUZZ_KERNEL_VERIFIER_H
#define KSFUZZ_KERNEL_VERIFIER_H

#include <ksfuzz/kernel_harness.h>

KSFUZZ_EXTERN_C_BEGIN

/// Prints the body of a report (block history, holders) after the bug-check lines.
typedef VOID KSFUZZ_REPORT_DETAILS(FILE *Out, const VOID *Context);

/// Records Violation. Returns TRUE when the verifier is in abort mode and Violation is fatal: the
/// bug-check lines and Details have then been printed and the caller must end the process
/// (KsfuzzpVerifierDie, or hand over to AddressSanitizer first). FALSE: carry on.
BOOLEAN KsfuzzpVerifierRaise(const KSFUZZ_VIOLATION *Violation, KSFUZZ_REPORT_DETAILS *Details,
                             const VOID *Context);
/// __asan_describe_address(Address) when Address is not NULL, then abort().
DECLSPEC_NORETURN VOID KsfuzzpVerifierDie(const VOID *Address);
/// Anonymous memory that LeakSanitizer does not scan, so the ledger's and the verifier's own
/// tables, which hold block addresses, neither hide a leak nor look like one. Never freed.
VOID *KsfuzzpReserveUnscanned(SIZE_T Bytes);

KSFUZZ_EXTERN_C_END

#endif /* KSFUZZ_KERNEL_VERIFIER_H */
