/* verifier.h — internal: the event clock, and how the pool ledger and the I/O code raise Driver
 * Verifier violations. The verifier depends on no other part of the emulated kernel. */
#ifndef KSFUZZ_KERNEL_VERIFIER_H
#define KSFUZZ_KERNEL_VERIFIER_H

#include <ksfuzz/kernel_harness.h>

KSFUZZ_EXTERN_C_BEGIN

/// Advances the event clock and returns the new event's number (the first of an iteration is 1).
ULONG KsfuzzpVerifierTick(VOID);
/// Forgets the recorded violations and sets the clock back to 0 (the mode is kept).
VOID KsfuzzpVerifierReset(VOID);

/// Prints the body of a report (block history, holders) after the bug-check lines.
typedef VOID KSFUZZ_REPORT_DETAILS(FILE *Out, const VOID *Context);
/// Prints what is known of pool block BlockId (the ledger registers its history printer).
typedef VOID KSFUZZ_BLOCK_PRINTER(FILE *Out, ULONG BlockId);
/// Makes KsfuzzVerifierPrintViolation print a violation's block with Printer.
VOID KsfuzzpVerifierSetBlockPrinter(KSFUZZ_BLOCK_PRINTER *Printer);

/// Written as Parameter 1 by a raise site whose kind fixes it: the table's subcode is recorded.
#define KSFUZZP_SUBCODE 0

/// Records a violation of Kind that happened at Event (KsfuzzpVerifierTick() for one of its own)
/// to pool block BlockId (0: none). Parameters are Parameter 1-4 as Driver Verifier fills them;
/// where the violation table fixes Parameter 1, the caller writes KSFUZZP_SUBCODE there. The
/// bug-check code and subcode come from the table. Returns TRUE when the verifier is in abort mode
/// and the kind is fatal: the bug-check lines and Details have then been printed and the caller
/// must end the process (KsfuzzpVerifierDie, or hand over to AddressSanitizer first). FALSE:
/// carry on.
BOOLEAN KsfuzzpVerifierRaise(KSFUZZ_VIOLATION_KIND Kind, ULONG Event, ULONG BlockId,
                             const ULONG_PTR Parameters[4], KSFUZZ_REPORT_DETAILS *Details,
                             const VOID *Context);
/// __asan_describe_address(Address) when Address is not NULL, then abort().
DECLSPEC_NORETURN VOID KsfuzzpVerifierDie(const VOID *Address);
/// Anonymous memory that LeakSanitizer does not scan, so the ledger's and the verifier's own
/// tables, which hold block addresses, neither hide a leak nor look like one. Never freed.
VOID *KsfuzzpReserveUnscanned(SIZE_T Bytes);

KSFUZZ_EXTERN_C_END

#endif /* KSFUZZ_KERNEL_VERIFIER_H */
