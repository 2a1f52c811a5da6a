// harness/cli/minimize_command.cc — `ksfuzz minimize`: shrink a finding's input, keeping its
// signature.
//
// Each candidate runs in a forked child (child.h), so a finding that AddressSanitizer reports (and
// dies on) can be minimized like any other.
#include <cstdio>
#include <cstring>
#include <string>


#include <ksfuzz/driver.h>
#include <ksfuzz/implementation.h>

#include "harness/cli/child.h"
#include "harness/cli/command.h"
#include "harness/cli/input.h"
#include "harness/cli/options.h"
#include "harness/cli/run_flags.h"
#include "harness/scenario/codec.h"
#include "harness/scenario/file.h"
#include "harness/scenario/runner.h"
#include "harness/scenario/shrink.h"

namespace ksfuzz::cli {

extern const Command kMinimizeCommand;

namespace {

struct Settings {
  std::string out;
  RunFlags run;
};

std::vector<Option> options(Settings& s) {
  std::vector<Option> table = {
      {"-o", "OUT", "where the minimized scenario goes, in binary form (required)", set_text(s.out)},
  };
  s.run.add_options(table);
  return table;
}

constexpr const char* kHead =
    "usage: ksfuzz minimize FILE -o OUT [--impl NAME] [--driver NAME] [--contract]\n"
    "\n"
    "Shrinks the scenario in FILE structurally — drops ops, files, items and ACEs, simplifies SIDs,\n"
    "masks, SecurityInformation and buffer lengths — keeping only changes after which the input\n"
    "still gives the same `SUMMARY: ksfuzz: <impl>/<op>/<kind>` signature, and writes the result to\n"
    "OUT in binary form (`ksfuzz show OUT` prints it). Each candidate runs in a child process, so\n"
    "findings that AddressSanitizer reports shrink too. Prints the sizes before and after. Give\n"
    "--impl, --driver and --contract as the finding was found.\n";
constexpr const char* kTail =
    "Exit status: 0 when OUT is written, 2 for a bad invocation, an unreadable file, or an input\n"
    "that gives no finding.\n";

std::string help() { return format_help(kHead, options, kTail); }

int run(std::span<const std::string_view> args) {
  Settings settings;
  auto operands = parse_options(kMinimizeCommand, options, settings, args);
  if (!operands) return kExitUsage;
  if (operands->empty()) return usage_error(kMinimizeCommand, "no FILE given");
  if (operands->size() > 1) return usage_error(kMinimizeCommand, "want exactly one FILE");
  if (settings.out.empty()) return usage_error(kMinimizeCommand, "no -o OUT given");
  std::string in((*operands)[0]), out = settings.out;
  RunOptions options = settings.run.options();
  if (!options.impl) return kExitUsage;
  auto loaded = load_input(kMinimizeCommand, in);
  if (!loaded) return kExitUsage;
  // The canonical form first: what the fuzz target saved may carry trailing bytes.
  Scenario s = decode_scenario(encode_scenario(*loaded));
  std::string target = run_in_child(s, options).signature;
  if (target.empty()) {
    std::fprintf(stderr, "ksfuzz minimize: %s: no finding with --impl %s%s: nothing to keep\n", in.c_str(),
                 options.impl->Name, options.contract ? " --contract" : "");
    return kExitUsage;
  }
  std::fprintf(stderr, "ksfuzz minimize: keeping %s\n", target.c_str());
  std::size_t tries = 0;
  Scenario small = shrink(s, [&](const Scenario& c) {
    if (++tries % 50 == 0) std::fprintf(stderr, "ksfuzz minimize: %zu candidates tried\n", tries);
    return run_in_child(c, options).signature == target;
  });
  // With a driver, the scenario's own items only count in the files' mapping: give the result
  // the driver's items instead, the same run, so that its text shows what the run had.
  if (options.driver && std::string_view(options.driver->Name) != KSFUZZ_DRIVER_DEFAULT) {
    std::vector<model::Item> items;
    Scenario on_driver = small;
    if (!read_driver_items(options, items)) put_on_driver_items(on_driver, items);
    on_driver = decode_scenario(encode_scenario(on_driver));
    if (run_in_child(on_driver, options).signature == target) small = std::move(on_driver);
  }
  auto bytes = encode_scenario(small);
  auto ok = write_file(out, std::string(bytes.begin(), bytes.end()));
  if (!ok) return command_error(kMinimizeCommand, ok.error().rule);
  std::printf("minimized %s -> %s: %zu -> %zu bytes, %zu -> %zu ops, %zu -> %zu items (%zu candidates)\n",
              in.c_str(), out.c_str(), encode_scenario(s).size(), bytes.size(), s.ops.size(),
              small.ops.size(), s.world.items.size(), small.world.items.size(), tries);
  std::printf("signature kept: %s\n", target.c_str());
  return kExitOk;
}

}  // namespace

const Command kMinimizeCommand = {"minimize", "shrink a finding's input, keeping its signature", help, run};

}  // namespace ksfuzz::cli
