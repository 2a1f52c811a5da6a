// harness/cli/show_command.cc — `ksfuzz show` and `ksfuzz pack`: between the two forms of a scenario.
#include <cstdio>
#include <string>

#include "harness/cli/command.h"
#include "harness/cli/input.h"
#include "harness/cli/options.h"
#include "harness/scenario/codec.h"
#include "harness/scenario/file.h"
#include "harness/scenario/text.h"

namespace ksfuzz::cli {

extern const Command kShowCommand;
extern const Command kPackCommand;

namespace {

// `show` has no options: its table is empty, and still refuses an unknown one.
constexpr const char* kShowHead =
    "usage: ksfuzz show FILE\n"
    "\n"
    "Prints the scenario in FILE (binary or text) in its text form: the world (items and their\n"
    "descriptor slots, files), the ops, descriptors in SDDL (hex where SDDL cannot express them).\n";
constexpr const char* kShowTail = "Exit status: 0, or 2 for a bad invocation or an unreadable or unparsable file.\n";

std::string show_help() { return format_help(kShowHead, {}, kShowTail); }

int show(std::span<const std::string_view> args) {
  auto operands = parse_options(kShowCommand, {}, args);
  if (!operands) return kExitUsage;
  if (operands->size() != 1) return usage_error(kShowCommand, "want exactly one FILE");
  auto s = load_input(kShowCommand, std::string((*operands)[0]));
  if (!s) return kExitUsage;
  std::fputs(print_scenario(*s).c_str(), stdout);
  return kExitOk;
}

std::vector<Option> pack_options(std::string& out) {
  return {{"-o", "OUT", "where the binary form goes, written atomically (required)", set_text(out)}};
}

constexpr const char* kPackHead =
    "usage: ksfuzz pack FILE -o OUT\n"
    "\n"
    "Reads the scenario in FILE (text or binary) and writes its canonical binary form to OUT, the\n"
    "form the fuzz targets read: a hand-written text scenario becomes a seed or a regression input.\n";
constexpr const char* kPackTail =
    "Exit status: 0, or 2 for a bad invocation or an unreadable, unparsable or unwritable file.\n";

std::string pack_help() { return format_help(kPackHead, pack_options, kPackTail); }

int pack(std::span<const std::string_view> args) {
  std::string out;
  auto operands = parse_options(kPackCommand, pack_options, out, args);
  if (!operands) return kExitUsage;
  if (operands->empty()) return usage_error(kPackCommand, "no FILE given");
  if (operands->size() > 1) return usage_error(kPackCommand, "want exactly one FILE");
  if (out.empty()) return usage_error(kPackCommand, "no -o OUT given");
  auto s = load_input(kPackCommand, std::string((*operands)[0]));
  if (!s) return kExitUsage;
  auto bytes = encode_scenario(*s);
  auto ok = write_file(out, std::string(bytes.begin(), bytes.end()));
  if (!ok) return command_error(kPackCommand, ok.error().rule);
  std::printf("%s: %zu bytes\n", out.c_str(), bytes.size());
  return kExitOk;
}

}  // namespace

const Command kShowCommand = {"show", "print a scenario file in text form", show_help, show};
const Command kPackCommand = {"pack", "write the binary form of a scenario", pack_help, pack};

}  // namespace ksfuzz::cli
