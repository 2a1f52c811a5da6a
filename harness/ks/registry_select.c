/* registry_select.c — choosing an implementation or a driver by flag, environment or default. */
#include <stdlib.h>
#include <string.h>

#include "registry_select.h"

PCSTR KsfuzzpChosenName(const KSFUZZP_SELECTION *Selection, PCSTR Name, PCSTR *From) {
  if (Name != NULL) {
    *From = Selection->Flag;
    return Name;
  }
  PCSTR env = getenv(Selection->Env);
  if (env != NULL && env[0] != '\0') {
    static char from[64];
    snprintf(from, sizeof from, "$%s", Selection->Env);
    *From = from;
    return env;
  }
  *From = "the default";
  return Selection->Default;
}

BOOLEAN KsfuzzpTakeFlag(const KSFUZZP_SELECTION *Selection, int *Argc, char **Argv, PCSTR *Value, FILE *Err) {
  const size_t flag_length = strlen(Selection->Flag);
  *Value = NULL;
  int kept = 0;
  for (int i = 0; i < *Argc; ++i) {
    PCSTR arg = Argv[i];
    if (i > 0 && strncmp(arg, Selection->Flag, flag_length) == 0 && arg[flag_length] == '=') {
      *Value = arg + flag_length + 1;
      continue;
    }
    if (i > 0 && strcmp(arg, Selection->Flag) == 0) {
      if (i + 1 >= *Argc) {
        if (Err != NULL) fprintf(Err, "ksfuzz: %s needs %s\n", Selection->Flag, Selection->What);
        return FALSE;
      }
      *Value = Argv[++i];
      continue;
    }
    Argv[kept++] = Argv[i];
  }
  for (int i = kept; i < *Argc; ++i) Argv[i] = NULL;
  *Argc = kept;
  return TRUE;
}
