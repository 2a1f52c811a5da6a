// harness/cli/impls_command.cc — `ksfuzz impls`: the implementations this binary can run.
#include <cstdio>
#include <optional>
#include <string>

#include "harness/cli/command.h"

#include <ksfuzz/implementation.h>

namespace ksfuzz::cli {

extern const Command kImplsCommand;

namespace {

std::optional<KSFUZZ_IMPL_KIND> parse_kind(std::string_view name) {
  for (KSFUZZ_IMPL_KIND k : {KsfuzzImplReference, KsfuzzImplMutant, KsfuzzImplExtra})
    if (name == KsfuzzImplKindName(k)) return k;
  return std::nullopt;
}

int run(std::span<const std::string_view> args) {
  std::optional<KSFUZZ_IMPL_KIND> only;
  bool names_only = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--names") {
      names_only = true;
    } else if (args[i] == "--kind") {
      if (i + 1 >= args.size()) return usage_error(kImplsCommand, "--kind needs reference, mutant or extra");
      only = parse_kind(args[++i]);
      if (!only) return usage_error(kImplsCommand, "unknown kind '" + std::string(args[i]) + "'");
    } else {
      return usage_error(kImplsCommand, "unexpected argument '" + std::string(args[i]) + "'");
    }
  }
  for (ULONG i = 0; i < KsfuzzImplCount(); ++i) {
    const KSFUZZ_IMPL* impl = KsfuzzImplAt(i);
    if (only && impl->Kind != *only) continue;
    if (names_only) {
      std::printf("%s\n", impl->Name);
      continue;
    }
    std::string what = impl->BugClass ? "[" + std::string(impl->BugClass) + "] " : "";
    std::printf("%-20s %-9s %s%s\n", impl->Name, KsfuzzImplKindName(impl->Kind), what.c_str(),
                impl->Description);
  }
  return kExitOk;
}

}  // namespace

const Command kImplsCommand = {
    "impls", "list the dispatch implementations this build can test",
    "usage: ksfuzz impls [--kind reference|mutant|extra] [--names]\n"
    "\n"
    "Lists every SetSecurity/QuerySecurity implementation built into ksfuzz, one a line: its\n"
    "name, its kind and its description; a mutant's bug class stands in brackets before the\n"
    "description. The reference comes first, then the mutants, then extra implementations\n"
    "(-DKSFUZZ_EXTRA_IMPLS), each sorted by name.\n"
    "\n"
    "  --kind KIND  only implementations of that kind\n"
    "  --names      names only, one a line (for scripts)\n"
    "\n"
    "Commands that run an implementation take --impl NAME (or $KSFUZZ_IMPL); the default is\n"
    "reference.\n",
    run,
};

}  // namespace ksfuzz::cli
