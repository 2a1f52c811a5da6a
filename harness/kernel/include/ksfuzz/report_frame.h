/* ksfuzz/report_frame.h — NOT WDK: the frame around every ksfuzz report, whoever makes it (the
 * oracle, the verifier, the sanitizer hooks, the fuzz targets, the CLI), so that CI and ClusterFuzz
 * find and deduplicate it the same way:
 *   ==ksfuzz== ERROR: ksfuzz: finding: <signature>
 *   ...
 *   SUMMARY: ksfuzz: <signature>
 */
#ifndef KSFUZZ_REPORT_FRAME_H
#define KSFUZZ_REPORT_FRAME_H

#include <stdio.h>
#include <ntdef.h>

KSFUZZ_EXTERN_C_BEGIN

/// The first line: `==ksfuzz== ERROR: ksfuzz: finding: <Signature>`.
VOID KsfuzzPrintFrameStart(FILE *Out, PCSTR Signature);
/// The last line: `SUMMARY: ksfuzz: <Signature>`; flushes Out.
VOID KsfuzzPrintFrameEnd(FILE *Out, PCSTR Signature);

KSFUZZ_EXTERN_C_END

#endif /* KSFUZZ_REPORT_FRAME_H */
