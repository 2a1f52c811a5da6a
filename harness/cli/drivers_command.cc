// harness/cli/drivers_command.cc — `ksfuzz drivers`: the drivers whose setup this binary can run.
#include <cstdio>
#include <string>

#include <ksfuzz/driver.h>

#include "harness/cli/command.h"
#include "harness/cli/options.h"

namespace ksfuzz::cli {

extern const Command kDriversCommand;

namespace {

struct Settings {
  bool names_only = false;
};

std::vector<Option> options(Settings& s) {
  return {{"--names", nullptr, "names only, one a line (for scripts)", set_flag(s.names_only)}};
}

constexpr const char* kHead =
    "usage: ksfuzz drivers [--names]\n"
    "\n"
    "Lists every driver built into ksfuzz whose setup (the AddDevice code that builds the device\n"
    "header and its create items) and teardown the harness can run, one a line: its name, its kind\n"
    "and its description. The built-in `scenario` comes first: it builds the create items each\n"
    "scenario describes. Others are registered with KSFUZZ_DRIVER (ksfuzz/driver.h) in files\n"
    "compiled in with -DKSFUZZ_EXTRA_IMPLS.\n";
constexpr const char* kTail =
    "`ksfuzz driver NAME` checks one driver's create items; commands that run scenarios take\n"
    "--driver NAME (or $KSFUZZ_DRIVER); the default is scenario.\n";

std::string help() { return format_help(kHead, options, kTail); }

int run(std::span<const std::string_view> args) {
  Settings s;
  auto operands = parse_options(kDriversCommand, options, s, args);
  if (!operands) return kExitUsage;
  if (!operands->empty()) return usage_error(kDriversCommand, "unexpected argument '" + std::string((*operands)[0]) + "'");
  for (ULONG i = 0; i < KsfuzzDriverCount(); ++i) {
    const KSFUZZ_DRIVER* d = KsfuzzDriverAt(i);
    if (s.names_only) std::printf("%s\n", d->Name);
    else std::printf("%-20s %-9s %s\n", d->Name, KsfuzzDriverKindName(d->Kind), d->Description);
  }
  return kExitOk;
}

}  // namespace

const Command kDriversCommand = {"drivers", "list the drivers whose create-item setup this build can run", help, run};

}  // namespace ksfuzz::cli
