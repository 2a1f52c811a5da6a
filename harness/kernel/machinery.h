/* machinery.h — KSFUZZP_MACHINERY marks the harness's own functions inside files of emulated
 * kernel routines: the I/O manager's side of an IRP (building, taking back, freeing it), the
 * bookkeeping the verifier reads (which context holds which resource). Their edges and comparisons
 * say nothing about the code under test, so they carry no coverage instrumentation; whole files
 * of machinery are kept out of it in CMakeLists.txt (KSFUZZ_KERNEL_MACHINERY). Internal. */
#pragma once

#if defined(__clang__)
#define KSFUZZP_MACHINERY __attribute__((no_sanitize("coverage")))
#else
#define KSFUZZP_MACHINERY
#endif
