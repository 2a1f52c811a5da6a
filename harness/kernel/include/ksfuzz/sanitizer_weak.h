/* ksfuzz/sanitizer_weak.h — NOT WDK: the sanitizer interface the harness calls, declared weak, so
 * that a build without AddressSanitizer (UBSan only, or no sanitizer) links and runs; every caller
 * checks the function is there. The pool ledger's own checks (double frees, bad frees, leaks) need
 * none of it. */
#ifndef KSFUZZ_SANITIZER_WEAK_H
#define KSFUZZ_SANITIZER_WEAK_H

#include <sanitizer/allocator_interface.h>
#include <sanitizer/asan_interface.h>
#include <sanitizer/common_interface_defs.h>

#pragma weak __asan_get_report_address
#pragma weak __asan_get_report_description
#pragma weak __asan_report_present
#pragma weak __asan_set_error_report_callback
#pragma weak __asan_region_is_poisoned
#pragma weak __asan_describe_address
#pragma weak __sanitizer_start_switch_fiber
#pragma weak __sanitizer_finish_switch_fiber
#pragma weak __sanitizer_set_death_callback

/* TRUE when AddressSanitizer's runtime is linked in. */
#define KSFUZZ_HAVE_ASAN (__asan_set_error_report_callback != NULL)

#endif /* KSFUZZ_SANITIZER_WEAK_H */
