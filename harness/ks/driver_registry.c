/* driver_registry.c — the drivers this binary holds, and choosing one for a run. */
#include <stdlib.h>
#include <string.h>

#include <ksfuzz/driver.h>

#include "registry_select.h"

/// Most drivers one binary may hold.
#define MAX_DRIVERS 64

/* Registered by constructors before main; listed sorted (built-in first, then by name). */
static KSFUZZ_DRIVER *g_drivers[MAX_DRIVERS];
static ULONG g_count;

static PCSTR const kKindNames[] = {"built-in", "extra"};

static int Before(const KSFUZZ_DRIVER *A, const KSFUZZ_DRIVER *B) {
  if (A->Kind != B->Kind) return A->Kind < B->Kind;
  return strcmp(A->Name, B->Name) < 0;
}

VOID KsfuzzDriverRegister(KSFUZZ_DRIVER *Driver) {
  if (g_count >= MAX_DRIVERS) {
    fprintf(stderr, "ksfuzz: more than %d drivers registered ('%s', %s)\n", MAX_DRIVERS, Driver->Name,
            Driver->SourceFile);
    abort();
  }
  if (Driver->Setup == NULL || Driver->Teardown == NULL) {
    fprintf(stderr, "ksfuzz: driver '%s' (%s) registered without %s\n", Driver->Name, Driver->SourceFile,
            Driver->Setup == NULL ? "a Setup routine" : "a Teardown routine");
    abort();
  }
  for (ULONG i = 0; i < g_count; ++i) {
    if (Driver->Kind != KsfuzzDriverBuiltIn || g_drivers[i]->Kind != KsfuzzDriverBuiltIn) continue;
    fprintf(stderr, "ksfuzz: two built-in drivers, '%s' (%s) and '%s' (%s)\n", g_drivers[i]->Name,
            g_drivers[i]->SourceFile, Driver->Name, Driver->SourceFile);
    abort();
  }
  /* Insertion keeps the listing order without sorting later (constructors run in link order). */
  ULONG at = g_count++;
  for (; at > 0 && Before(Driver, g_drivers[at - 1]); --at) g_drivers[at] = g_drivers[at - 1];
  g_drivers[at] = Driver;
}

ULONG KsfuzzDriverCount(VOID) { return g_count; }

const KSFUZZ_DRIVER *KsfuzzDriverAt(ULONG Index) { return Index < g_count ? g_drivers[Index] : NULL; }

const KSFUZZ_DRIVER *KsfuzzDriverFind(PCSTR Name) {
  for (ULONG i = 0; i < g_count; ++i)
    if (strcmp(g_drivers[i]->Name, Name) == 0) return g_drivers[i];
  return NULL;
}

PCSTR KsfuzzDriverKindName(KSFUZZ_DRIVER_KIND Kind) {
  return (ULONG)Kind < ARRAYSIZE(kKindNames) ? kKindNames[Kind] : "unknown";
}

static const void *FindDriver(PCSTR Name) { return KsfuzzDriverFind(Name); }
static PCSTR DriverNameAt(ULONG Index) { return g_drivers[Index]->Name; }

static const KSFUZZP_SELECTION kSelection = {KSFUZZ_DRIVER_FLAG, KSFUZZ_DRIVER_ENV, KSFUZZ_DRIVER_DEFAULT, "driver",
                                             "a driver name", " none", FindDriver, KsfuzzDriverCount, DriverNameAt};

const KSFUZZ_DRIVER *KsfuzzDriverSelect(PCSTR Name, FILE *Err) { return KsfuzzpSelect(&kSelection, Name, Err); }

const KSFUZZ_DRIVER *KsfuzzDriverSelectFromArgs(int *Argc, char **Argv, FILE *Err) {
  return KsfuzzpSelectFromArgs(&kSelection, Argc, Argv, Err);
}
