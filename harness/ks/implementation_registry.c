/* implementation_registry.c — the implementations this binary holds, and choosing one for a run. */
#include <stdlib.h>
#include <string.h>

#include <ksfuzz/implementation.h>

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

static const KSFUZZ_IMPL *Resolve(PCSTR Name, PCSTR From, FILE *Err) {
  const KSFUZZ_IMPL *impl = KsfuzzImplFind(Name);
  if (impl != NULL || Err == NULL) return impl;
  fprintf(Err, "ksfuzz: unknown implementation '%s' (from %s); known:", Name, From);
  for (ULONG i = 0; i < g_count; ++i) fprintf(Err, "%s %s", i ? "," : "", Sorted()[i]->Name);
  fprintf(Err, "%s\n", g_count == 0 ? " none (this binary was linked without ksfuzz_link_impls)" : "");
  return NULL;
}

const KSFUZZ_IMPL *KsfuzzImplSelect(PCSTR Name, FILE *Err) {
  if (Name != NULL) return Resolve(Name, KSFUZZ_IMPL_FLAG, Err);
  PCSTR env = getenv(KSFUZZ_IMPL_ENV);
  if (env != NULL && env[0] != '\0') return Resolve(env, "$" KSFUZZ_IMPL_ENV, Err);
  return Resolve(KSFUZZ_IMPL_DEFAULT, "the default", Err);
}

const KSFUZZ_IMPL *KsfuzzImplSelectFromArgs(int *Argc, char **Argv, FILE *Err) {
  static const char kFlag[] = KSFUZZ_IMPL_FLAG;
  const size_t flag_length = sizeof(kFlag) - 1;
  PCSTR name = NULL;
  int kept = 0;
  for (int i = 0; i < *Argc; ++i) {
    PCSTR arg = Argv[i];
    if (i > 0 && strncmp(arg, kFlag, flag_length) == 0 && arg[flag_length] == '=') {
      name = arg + flag_length + 1;
      continue;
    }
    if (i > 0 && strcmp(arg, kFlag) == 0) {
      if (i + 1 >= *Argc) {
        if (Err != NULL) fprintf(Err, "ksfuzz: %s needs an implementation name\n", kFlag);
        return NULL;
      }
      name = Argv[++i];
      continue;
    }
    Argv[kept++] = Argv[i];
  }
  for (int i = kept; i < *Argc; ++i) Argv[i] = NULL;
  *Argc = kept;
  return KsfuzzImplSelect(name, Err);
}
