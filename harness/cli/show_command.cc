// harness/cli/show_command.cc — `ksfuzz show` and `ksfuzz pack`: between the two forms of a scenario.
#include <cstdio>
#include <string>

#include "harness/cli/command.h"
#include "harness/scenario/codec.h"
#include "harness/scenario/file.h"
#include "harness/scenario/text.h"

namespace ksfuzz::cli {

extern const Command kShowCommand;
extern const Command kPackCommand;

namespace {

int show(std::span<const std::string_view> args) {
  if (args.size() != 1) return usage_error(kShowCommand, "want exactly one FILE");
  if (args[0].size() > 1 && args[0][0] == '-')
    return usage_error(kShowCommand, "unknown option '" + std::string(args[0]) + "'");
  auto s = load_scenario_file(std::string(args[0]));
  if (!s) {
    std::fprintf(stderr, "ksfuzz show: %s\n", s.error().rule.c_str());
    return kExitUsage;
  }
  std::fputs(print_scenario(*s).c_str(), stdout);
  return kExitOk;
}

int pack(std::span<const std::string_view> args) {
  std::string in, out;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "-o") {
      if (i + 1 >= args.size()) return usage_error(kPackCommand, "-o needs a file");
      out = args[++i];
    } else if (args[i].size() > 1 && args[i][0] == '-') {
      return usage_error(kPackCommand, "unknown option '" + std::string(args[i]) + "'");
    } else if (in.empty()) {
      in = args[i];
    } else {
      return usage_error(kPackCommand, "want exactly one FILE");
    }
  }
  if (in.empty()) return usage_error(kPackCommand, "no FILE given");
  if (out.empty()) return usage_error(kPackCommand, "no -o OUT given");
  auto s = load_scenario_file(in);
  if (!s) {
    std::fprintf(stderr, "ksfuzz pack: %s\n", s.error().rule.c_str());
    return kExitUsage;
  }
  auto bytes = encode_scenario(*s);
  auto ok = write_file(out, std::string(bytes.begin(), bytes.end()));
  if (!ok) {
    std::fprintf(stderr, "ksfuzz pack: %s\n", ok.error().rule.c_str());
    return kExitUsage;
  }
  std::printf("%s: %zu bytes\n", out.c_str(), bytes.size());
  return kExitOk;
}

}  // namespace

const Command kShowCommand = {
    "show", "print a scenario file in text form",
    "usage: ksfuzz show FILE\n"
    "\n"
    "Prints the scenario in FILE (binary or text) in its text form: the world (items and their\n"
    "descriptor slots, files), the ops, descriptors in SDDL (hex where SDDL cannot express them).\n"
    "Exit status: 0, or 2 for a bad invocation or an unreadable or unparsable file.\n",
    show,
};

const Command kPackCommand = {
    "pack", "write the binary form of a scenario",
    "usage: ksfuzz pack FILE -o OUT\n"
    "\n"
    "Reads the scenario in FILE (text or binary) and writes its canonical binary form to OUT, the\n"
    "form the fuzz targets read: a hand-written text scenario becomes a seed or a regression input.\n"
    "Exit status: 0, or 2 for a bad invocation or an unreadable, unparsable or unwritable file.\n",
    pack,
};

}  // namespace ksfuzz::cli
