/* registry_select.c — choosing an implementation or a driver by flag, environment or default. */
#include <stdlib.h>
#include <string.h>

#include "registry_select.h"

const void *KsfuzzpSelect(const KSFUZZP_SELECTION *Selection, PCSTR Name, FILE *Err) {
  char from[64];
  PCSTR env = getenv(Selection->Env);
  if (Name != NULL) {
    snprintf(from, sizeof from, "%s", Selection->Flag);
  } else if (env != NULL && env[0] != '\0') {
    Name = env;
    snprintf(from, sizeof from, "$%s", Selection->Env);
  } else {
    Name = Selection->Default;
    snprintf(from, sizeof from, "the default");
  }
  const void *found = Selection->Find(Name);
  if (found != NULL || Err == NULL) return found;
  fprintf(Err, "ksfuzz: unknown %s '%s' (from %s); known:", Selection->Noun, Name, from);
  ULONG count = Selection->Count();
  for (ULONG i = 0; i < count; ++i) fprintf(Err, "%s %s", i ? "," : "", Selection->NameAt(i));
  fprintf(Err, "%s\n", count == 0 ? Selection->WhenNone : "");
  return NULL;
}

const void *KsfuzzpSelectFromArgs(const KSFUZZP_SELECTION *Selection, int *Argc, char **Argv, FILE *Err) {
  const size_t flag_length = strlen(Selection->Flag);
  PCSTR name = NULL;
  int kept = 0;
  for (int i = 0; i < *Argc; ++i) {
    PCSTR arg = Argv[i];
    if (i > 0 && strncmp(arg, Selection->Flag, flag_length) == 0 && arg[flag_length] == '=') {
      name = arg + flag_length + 1;
      continue;
    }
    if (i > 0 && strcmp(arg, Selection->Flag) == 0) {
      if (i + 1 >= *Argc) {
        if (Err != NULL) fprintf(Err, "ksfuzz: %s needs %s\n", Selection->Flag, Selection->What);
        return NULL;
      }
      name = Argv[++i];
      continue;
    }
    Argv[kept++] = Argv[i];
  }
  for (int i = kept; i < *Argc; ++i) Argv[i] = NULL;
  *Argc = kept;
  return KsfuzzpSelect(Selection, name, Err);
}
