/* registry_select.h — what the implementation and driver registries share: choosing one entry by
 * a flag, an environment variable or a default, and saying what is known when the name is not. */
#ifndef KSFUZZ_REGISTRY_SELECT_H
#define KSFUZZ_REGISTRY_SELECT_H

#include <stdio.h>

#include <ntdef.h>

KSFUZZ_EXTERN_C_BEGIN

typedef struct _KSFUZZP_SELECTION {
  PCSTR Flag;      ///< "--impl"
  PCSTR Env;       ///< "KSFUZZ_IMPL"
  PCSTR Default;   ///< "reference"
  PCSTR Noun;      ///< "implementation", as in "unknown implementation 'x'"
  PCSTR What;      ///< "an implementation name", as in "--impl needs an implementation name"
  PCSTR WhenNone;  ///< said after "known:" when the registry is empty
  /* The registry: an entry by name (NULL when none), how many, the Index-th's name in listing order. */
  const void *(*Find)(PCSTR Name);
  ULONG (*Count)(VOID);
  PCSTR (*NameAt)(ULONG Index);
} KSFUZZP_SELECTION;

/// The entry a run uses: Name, else $Env when set and not empty, else the default. An unknown name
/// prints `ksfuzz: unknown <noun> 'x' (from <flag>|$<env>|the default); known: a, b` to Err (when
/// not NULL) and returns NULL.
const void *KsfuzzpSelect(_In_ const KSFUZZP_SELECTION *Selection, _In_opt_z_ PCSTR Name, _In_opt_ FILE *Err);

/// As KsfuzzpSelect with the value of `Flag NAME` or `Flag=NAME` in Argv (the last one wins), which
/// it removes from Argv (after Argv[0], keeping Argv[*Argc] NULL). A trailing Flag without a value
/// is an error (NULL, after `ksfuzz: <flag> needs <what>` to Err).
const void *KsfuzzpSelectFromArgs(_In_ const KSFUZZP_SELECTION *Selection, _Inout_ int *Argc,
                                  _Inout_ char **Argv, _In_opt_ FILE *Err);

KSFUZZ_EXTERN_C_END

#endif /* KSFUZZ_REGISTRY_SELECT_H */
