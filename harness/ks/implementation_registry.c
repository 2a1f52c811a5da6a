/* implementation_registry.c — the implementations this binary holds, and choosing one for a run. */
#include <stdlib.h>
#include <string.h>

#include <ksfuzz/implementation.h>

#include "registry_select.h"

/// Most implementations one binary may hold.
#define MAX_IMPLS 256

/* Registered by constructors before main, in link order; listed sorted, without heap use so that
 * a fuzz target's first iteration allocates nothing here. */
static KSFUZZ_IMPL *g_registered;
static ULONG g_count;
static const KSFUZZ_IMPL *g_sorted[MAX_IMPLS];
static BOOLEAN g_sorted_valid;

static PCSTR const kKindNames[] = {"reference", "mutant", "extra"};

VOID KsfuzzImplRegister(KSFUZZ_IMPL *Impl) {
  if (g_count >= MAX_IMPLS) {
    fprintf(stderr, "ksfuzz: more than %d implementations registered ('%s', %s)\n", MAX_IMPLS,
            Impl->Name, Impl->SourceFile);
    abort();
  }
  if (Impl->Kind == KsfuzzImplReference) {
    for (const KSFUZZ_IMPL *other = g_registered; other != NULL; other = other->Next) {
      if (other->Kind != KsfuzzImplReference) continue;
      fprintf(stderr, "ksfuzz: two reference implementations, '%s' (%s) and '%s' (%s): only one "
                      "KSFUZZ_IMPLEMENTATION may be built in\n",
              other->Name, other->SourceFile, Impl->Name, Impl->SourceFile);
      abort();
    }
  }
  /* What a NULL query routine means is decided once, here, for every caller. */
  if (Impl->QuerySecurity == NULL) Impl->QuerySecurity = KsDispatchQuerySecurity;
  Impl->Next = g_registered;
  g_registered = Impl;
  ++g_count;
  g_sorted_valid = FALSE;
}

static int CompareListingOrder(const void *A, const void *B) {
  const KSFUZZ_IMPL *a = *(const KSFUZZ_IMPL *const *)A;
  const KSFUZZ_IMPL *b = *(const KSFUZZ_IMPL *const *)B;
  if (a->Kind != b->Kind) return a->Kind < b->Kind ? -1 : 1;
  return strcmp(a->Name, b->Name);
}

static const KSFUZZ_IMPL *const *Sorted(VOID) {
  if (g_sorted_valid) return g_sorted;
  ULONG i = 0;
  for (const KSFUZZ_IMPL *impl = g_registered; impl != NULL; impl = impl->Next) g_sorted[i++] = impl;
  qsort(g_sorted, g_count, sizeof(*g_sorted), CompareListingOrder);
  g_sorted_valid = TRUE;
  return g_sorted;
}

ULONG KsfuzzImplCount(VOID) { return g_count; }

const KSFUZZ_IMPL *KsfuzzImplAt(ULONG Index) { return Index < g_count ? Sorted()[Index] : NULL; }

const KSFUZZ_IMPL *KsfuzzImplFind(PCSTR Name) {
  for (const KSFUZZ_IMPL *impl = g_registered; impl != NULL; impl = impl->Next)
    if (strcmp(impl->Name, Name) == 0) return impl;
  return NULL;
}

PCSTR KsfuzzImplKindName(KSFUZZ_IMPL_KIND Kind) {
  return (ULONG)Kind < ARRAYSIZE(kKindNames) ? kKindNames[Kind] : "unknown";
}

static const void *FindImpl(PCSTR Name) { return KsfuzzImplFind(Name); }
static PCSTR ImplNameAt(ULONG Index) { return KsfuzzImplAt(Index)->Name; }

static const KSFUZZP_SELECTION kSelection = {
    KSFUZZ_IMPL_FLAG, KSFUZZ_IMPL_ENV, KSFUZZ_IMPL_DEFAULT, "implementation", "an implementation name",
    " none (this binary was linked without ksfuzz_link_impls)", FindImpl, KsfuzzImplCount, ImplNameAt};

const KSFUZZ_IMPL *KsfuzzImplSelect(PCSTR Name, FILE *Err) { return KsfuzzpSelect(&kSelection, Name, Err); }

const KSFUZZ_IMPL *KsfuzzImplSelectFromArgs(int *Argc, char **Argv, FILE *Err) {
  return KsfuzzpSelectFromArgs(&kSelection, Argc, Argv, Err);
}
