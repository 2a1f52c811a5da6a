/* impls/reference.c — registers ks.sys's own routines as the implementation `reference`. */
#include <ksfuzz/implementation.h>

KSFUZZ_IMPLEMENTATION(reference,
                      "KsDispatchSetSecurity and KsDispatchQuerySecurity as Windows' ks.sys does them",
                      KsDispatchSetSecurity, KsDispatchQuerySecurity)
