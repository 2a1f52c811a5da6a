/* report_frame.c — the frame around every ksfuzz report. */
#include <ksfuzz/report_frame.h>

VOID KsfuzzPrintFrameStart(FILE *Out, PCSTR Signature) {
  fprintf(Out, "==ksfuzz== ERROR: ksfuzz: finding: %s\n", Signature);
}

VOID KsfuzzPrintFrameEnd(FILE *Out, PCSTR Signature) {
  fprintf(Out, "SUMMARY: ksfuzz: %s\n", Signature);
  fflush(Out);
}
