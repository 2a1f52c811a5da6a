/* registry_select.h — what the implementation and driver registries share: choosing a name for a
 * run from a flag, an environment variable or a default. */
#ifndef KSFUZZ_REGISTRY_SELECT_H
#define KSFUZZ_REGISTRY_SELECT_H

#include <stdio.h>

#include <ntdef.h>

KSFUZZ_EXTERN_C_BEGIN

typedef struct _KSFUZZP_SELECTION {
  PCSTR Flag;     ///< "--impl"
  PCSTR Env;      ///< "KSFUZZ_IMPL"
  PCSTR Default;  ///< "reference"
  PCSTR What;     ///< "an implementation name", for the missing-value error
} KSFUZZP_SELECTION;

/// The name a run asked for: Name, else $Env when set and not empty, else the default; *From says
/// where it came from, for the unknown-name error ("--impl", "$KSFUZZ_IMPL", "the default").
PCSTR KsfuzzpChosenName(_In_ const KSFUZZP_SELECTION *Selection, _In_opt_z_ PCSTR Name, _Out_ PCSTR *From);

/// Removes `Flag NAME` and `Flag=NAME` from Argv (after Argv[0]; keeping Argv[*Argc] NULL) and
/// sets *Value to the last NAME, or NULL when there is none. FALSE, after printing why to Err
/// (when not NULL), when the last argument is Flag without a value.
BOOLEAN KsfuzzpTakeFlag(_In_ const KSFUZZP_SELECTION *Selection, _Inout_ int *Argc, _Inout_ char **Argv,
                        _Out_ PCSTR *Value, _In_opt_ FILE *Err);

KSFUZZ_EXTERN_C_END

#endif /* KSFUZZ_REGISTRY_SELECT_H */
