// harness/cli/impls_command.cc — `ksfuzz impls`: the implementations this binary can run.
#include <cstdio>
#include <optional>
#include <string>

#include "harness/cli/command.h"
#include "harness/cli/options.h"

#include <ksfuzz/implementation.h>

namespace ksfuzz::cli {

extern const Command kImplsCommand;

namespace {

std::optional<KSFUZZ_IMPL_KIND> parse_kind(std::string_view name) {
  for (KSFUZZ_IMPL_KIND k : {KsfuzzImplReference, KsfuzzImplMutant, KsfuzzImplExtra})
    if (name == KsfuzzImplKindName(k)) return k;
  return std::nullopt;
}

struct Settings {
  std::optional<KSFUZZ_IMPL_KIND> only;
  bool names_only = false;
};

std::vector<Option> options(Settings& s) {
  return {
      {"--kind", "KIND", "only implementations of that kind: reference, mutant or extra",
       [&s](std::string_view value) -> std::optional<std::string> {
         if ((s.only = parse_kind(value))) return std::nullopt;
         return "wants reference, mutant or extra, got '" + std::string(value) + "'";
       }},
      {"--names", nullptr, "names only, one a line (for scripts)", set_flag(s.names_only)},
  };
}

constexpr const char* kHead =
    "usage: ksfuzz impls [--kind reference|mutant|extra] [--names]\n"
    "\n"
    "Lists every SetSecurity/QuerySecurity implementation built into ksfuzz, one a line: its\n"
    "name, its kind and its description; a mutant's bug class stands in brackets before the\n"
    "description. The reference comes first, then the mutants, then extra implementations\n"
    "(-DKSFUZZ_EXTRA_IMPLS), each sorted by name.\n";
constexpr const char* kTail =
    "Commands that run an implementation take --impl NAME (or $KSFUZZ_IMPL); the default is\n"
    "reference.\n";

std::string help() { return format_help(kHead, options, kTail); }

int run(std::span<const std::string_view> args) {
  Settings s;
  auto operands = parse_options(kImplsCommand, options, s, args);
  if (!operands) return kExitUsage;
  if (!operands->empty()) return usage_error(kImplsCommand, "unexpected argument '" + std::string((*operands)[0]) + "'");
  for (ULONG i = 0; i < KsfuzzImplCount(); ++i) {
    const KSFUZZ_IMPL* impl = KsfuzzImplAt(i);
    if (s.only && impl->Kind != *s.only) continue;
    if (s.names_only) {
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

const Command kImplsCommand = {"impls", "list the dispatch implementations this build can test", help, run};

}  // namespace ksfuzz::cli
