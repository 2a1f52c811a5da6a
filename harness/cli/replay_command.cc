// harness/cli/replay_command.cc — `ksfuzz replay`: run saved inputs and report in plain words.
#include <cstdio>
#include <string>
#include <vector>

#include "harness/cli/command.h"
#include "harness/cli/input.h"
#include "harness/cli/options.h"
#include "harness/cli/run_flags.h"
#include "harness/scenario/file.h"
#include "harness/scenario/runner.h"

namespace ksfuzz::cli {

extern const Command kReplayCommand;

namespace {

std::vector<Option> options(RunFlags& flags) {
  std::vector<Option> table;
  flags.add_options(table);
  return table;
}

constexpr const char* kHead =
    "usage: ksfuzz replay [--impl NAME] [--driver NAME] [--contract] FILE|DIR...\n"
    "\n"
    "Runs each input through the reference model and the implementation side by side and prints\n"
    "`PASS <file>` or the finding's report: the scenario in text form, the op where model and\n"
    "implementation parted, expected beside observed, the pool history of the blocks involved, a\n"
    "regression file draft and a last `SUMMARY: ksfuzz: <impl>/<op>/<kind>` line.\n"
    "A directory stands for its regular files, in name order. Inputs are binary scenarios (what the\n"
    "fuzz targets save) or text scenarios (recognised by their `ksfuzz-scenario 1` header line); an\n"
    "empty file is the empty scenario.\n";
constexpr const char* kTail =
    "Exit status: 0 when every input passes, 1 when any finding, 2 for a bad invocation or an\n"
    "unreadable or unparsable file, or an argument that is neither a file nor a directory.\n";

std::string help() { return format_help(kHead, options, kTail); }

int run(std::span<const std::string_view> args) {
  RunFlags flags;
  auto operands = parse_options(kReplayCommand, options, flags, args);
  if (!operands) return kExitUsage;
  if (operands->empty()) return usage_error(kReplayCommand, "no input given");
  std::vector<std::string> inputs(operands->begin(), operands->end());
  for (const auto& in : inputs)
    if (auto why = unusable_input(in, /*directory_ok=*/true)) return command_error(kReplayCommand, *why);
  RunOptions options = flags.options();
  if (!options.impl) return kExitUsage;
  auto files = expand_inputs(inputs);
  if (!files) return command_error(kReplayCommand, files.error().rule);
  // Load everything first: a bad file is a bad invocation, found before any run.
  std::vector<Scenario> scenarios;
  for (const auto& f : *files) {
    auto s = load_input(kReplayCommand, f);
    if (!s) return kExitUsage;
    scenarios.push_back(std::move(*s));
  }
  int status = kExitOk;
  for (std::size_t i = 0; i < scenarios.size(); ++i) {
    auto finding = run_scenario(scenarios[i], options);
    if (!finding) {
      std::printf("PASS %s\n", (*files)[i].c_str());
      continue;
    }
    std::fflush(stdout);
    print_finding(stdout, *finding, report_context(scenarios[i], options, (*files)[i]));
    status = kExitFinding;
  }
  return status;
}

}  // namespace

const Command kReplayCommand = {"replay", "run saved inputs (binary or text) and report what happened", help, run};

}  // namespace ksfuzz::cli
