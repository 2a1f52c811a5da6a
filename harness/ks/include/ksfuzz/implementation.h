/* ksfuzz/implementation.h — NOT WDK: registering a SetSecurity/QuerySecurity implementation under
 * test, and the registry runners pick one from. A driver file includes it for the macros only.
 *
 * One file registers one implementation:
 *
 *     KSFUZZ_IMPLEMENTATION(my_routine, "what it is", MySetSecurity, KsDispatchQuerySecurity)
 *
 * How registration survives static linking: every implementation source (the built-in reference
 * and mutants, KSFUZZ_EXTRA_IMPLS, a binary's own EXTRA files) is compiled into an OBJECT library
 * or straight into the binary by ksfuzz_link_impls() (harness/ks/CMakeLists.txt), never into a
 * static archive, so the linker cannot drop an object nothing refers to. Each macro then adds its
 * record to a list from a constructor: no linker-section tricks, which AddressSanitizer's global
 * redzones and --gc-sections would both break. The record is an external symbol named after the
 * implementation, so two implementations with one name fail to link. */
#ifndef KSFUZZ_IMPLEMENTATION_H
#define KSFUZZ_IMPLEMENTATION_H

#include <stdio.h>

#include <ks.h>

KSFUZZ_EXTERN_C_BEGIN

typedef enum _KSFUZZ_IMPL_KIND {
  KsfuzzImplReference = 0,  ///< ks.sys's own routines (harness/ks/dispatch_security.c)
  KsfuzzImplMutant = 1,     ///< deliberately broken: every run against the model must catch it
  KsfuzzImplExtra = 2       ///< someone's own routine (KSFUZZ_EXTRA_IMPLS, a test's EXTRA file)
} KSFUZZ_IMPL_KIND;

/// One registered implementation. The registry owns Next; everything else is the macro's.
typedef struct _KSFUZZ_IMPL {
  PCSTR Name;         ///< an identifier, unique in the binary; findings start with it
  PCSTR Description;  ///< one line
  /// Mutants: the finding kind (harness/scenario/finding_kind.h) their bug shows as; NULL for
  /// the others. A race's first symptom depends on the interleaving, so a racing mutant may name
  /// the kinds of its one bug joined by '|' ("double-free|use-after-free").
  PCSTR BugClass;
  KSFUZZ_IMPL_KIND Kind;
  PDRIVER_DISPATCH SetSecurity;    ///< the KSDISPATCH_TABLE.SetSecurity entry
  PDRIVER_DISPATCH QuerySecurity;  ///< the QuerySecurity entry (registered NULL: the reference's)
  PCSTR SourceFile;
  struct _KSFUZZ_IMPL *Next;
} KSFUZZ_IMPL;

/* ---- Registration ---- */

/// Registers the implementation `name` (an identifier). Kind: extra, or reference in the built-in
/// set (compiled with KSFUZZ_BUILTIN_IMPLS, which holds exactly one). query_security may be NULL.
#define KSFUZZ_IMPLEMENTATION(name, description, set_security, query_security)          \
  KSFUZZ_IMPL_REGISTER_(name, KSFUZZ_IMPL_KIND_OF_IMPLEMENTATION_, NULL, description, \
                        set_security, query_security)

/// Registers a mutant: an implementation every run must catch. Its findings carry its name as the
/// bug class; KSFUZZ_MUTANT_OF_CLASS names a class shared by several mutants.
#define KSFUZZ_MUTANT(name, description, set_security, query_security) \
  KSFUZZ_MUTANT_OF_CLASS(name, #name, description, set_security, query_security)

/// As KSFUZZ_MUTANT, with bug_class (a string such as "use-after-free") for its findings.
#define KSFUZZ_MUTANT_OF_CLASS(name, bug_class, description, set_security, query_security) \
  KSFUZZ_IMPL_REGISTER_(name, KsfuzzImplMutant, bug_class, description, set_security,       \
                        query_security)

/* ---- The registry ---- */

/// How many implementations this binary holds.
ULONG KsfuzzImplCount(VOID);
/// The Index-th, in listing order: the reference, then mutants, then extras, each by name.
const KSFUZZ_IMPL *KsfuzzImplAt(_In_ ULONG Index);
/// The implementation called Name, or NULL.
const KSFUZZ_IMPL *KsfuzzImplFind(_In_z_ PCSTR Name);
/// "reference", "mutant" or "extra".
PCSTR KsfuzzImplKindName(_In_ KSFUZZ_IMPL_KIND Kind);

/* ---- Selecting one for a run ---- */

#define KSFUZZ_IMPL_DEFAULT "reference"
#define KSFUZZ_IMPL_ENV "KSFUZZ_IMPL"
#define KSFUZZ_IMPL_FLAG "--impl"

/// The implementation a run uses: Name, else $KSFUZZ_IMPL when set and not empty, else
/// "reference". An unknown name prints `ksfuzz: unknown implementation 'x' (from ...); known: ...`
/// to Err (when not NULL) and returns NULL.
const KSFUZZ_IMPL *KsfuzzImplSelect(_In_opt_z_ PCSTR Name, _In_opt_ FILE *Err);
/// As KsfuzzImplSelect with the value of `--impl NAME` or `--impl=NAME` in Argv (the last one
/// wins), which it removes from Argv (keeping Argv[*Argc] NULL) so that libFuzzer never takes
/// NAME for a corpus directory. A trailing `--impl` without a value is an error (NULL).
const KSFUZZ_IMPL *KsfuzzImplSelectFromArgs(_Inout_ int *Argc, _Inout_ char **Argv,
                                            _In_opt_ FILE *Err);

/* ---- Machinery of the macros ---- */

/// Adds Impl to the registry (constructors only); a second reference aborts with both names.
VOID KsfuzzImplRegister(_Inout_ KSFUZZ_IMPL *Impl);

#ifdef KSFUZZ_BUILTIN_IMPLS
#define KSFUZZ_IMPL_KIND_OF_IMPLEMENTATION_ KsfuzzImplReference
#else
#define KSFUZZ_IMPL_KIND_OF_IMPLEMENTATION_ KsfuzzImplExtra
#endif

#ifdef __cplusplus
#define KSFUZZ_IMPL_LINKAGE_ extern "C"
#else
#define KSFUZZ_IMPL_LINKAGE_
#endif

#define KSFUZZ_IMPL_REGISTER_(name, kind, bug_class, description, set_security, query_security) \
  KSFUZZ_IMPL_LINKAGE_ KSFUZZ_IMPL ksfuzz_impl_##name = {                                       \
      #name, description, bug_class, kind, set_security, query_security, __FILE__, NULL};      \
  __attribute__((constructor)) static void ksfuzz_impl_register_##name(void) {                 \
    KsfuzzImplRegister(&ksfuzz_impl_##name);                                                    \
  }

KSFUZZ_EXTERN_C_END

#endif /* KSFUZZ_IMPLEMENTATION_H */
