// harness/cli/replay_command.cc — `ksfuzz replay`: run saved inputs and report in plain words.
#include <cstdio>
#include <string>
#include <vector>


#include "harness/cli/command.h"
#include "harness/cli/run_flags.h"
#include "harness/scenario/file.h"
#include "harness/scenario/runner.h"

namespace ksfuzz::cli {

extern const Command kReplayCommand;

namespace {

int run(std::span<const std::string_view> args) {
  RunFlags flags;
  std::string error;
  std::vector<std::string> inputs;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (flags.take(args, i, error)) {
      if (!error.empty()) return usage_error(kReplayCommand, error);
    } else if (args[i].size() > 1 && args[i][0] == '-') {
      return usage_error(kReplayCommand, "unknown option '" + std::string(args[i]) + "'");
    } else {
      inputs.emplace_back(args[i]);
    }
  }
  if (inputs.empty()) return usage_error(kReplayCommand, "no input given");
  RunOptions options = flags.options();
  if (!options.impl) return kExitUsage;
  auto files = expand_inputs(inputs);
  if (!files) {
    std::fprintf(stderr, "ksfuzz replay: %s\n", files.error().rule.c_str());
    return kExitUsage;
  }
  // Load everything first: a bad file is a bad invocation, found before any run.
  std::vector<Scenario> scenarios;
  for (const auto& f : *files) {
    auto s = load_scenario_file(f);
    if (!s) {
      std::fprintf(stderr, "ksfuzz replay: %s\n", s.error().rule.c_str());
      return kExitUsage;
    }
    scenarios.push_back(std::move(s).value());
  }
  int status = kExitOk;
  for (std::size_t i = 0; i < scenarios.size(); ++i) {
    auto finding = run_scenario(scenarios[i], options);
    if (!finding) {
      std::printf("PASS %s\n", (*files)[i].c_str());
      continue;
    }
    std::fflush(stdout);
    print_finding(stdout, *finding, ReportContext{&scenarios[i], options.contract, (*files)[i]});
    status = kExitFinding;
  }
  return status;
}

}  // namespace

const Command kReplayCommand = {
    "replay", "run saved inputs (binary or text) and report what happened",
    "usage: ksfuzz replay [--impl NAME] [--contract] FILE|DIR...\n"
    "\n"
    "Runs each input through the reference model and the implementation side by side and prints\n"
    "`PASS <file>` or the finding's report: the scenario in text form, the op where model and\n"
    "implementation parted, expected beside observed, the pool history of the blocks involved, a\n"
    "regression file draft and a last `SUMMARY: ksfuzz: <impl>/<op>/<kind>` line.\n"
    "A directory stands for its files, in name order. Inputs are binary scenarios (what the fuzz\n"
    "targets save) or text scenarios (recognised by their `ksfuzz-scenario 1` header line).\n"
    "\n"
    "  --impl NAME   the implementation to run (default: $KSFUZZ_IMPL, else reference);\n"
    "                `ksfuzz impls` lists them\n"
    "  --contract    keep shared and static descriptor slots (contract mode): replacing such a\n"
    "                descriptor is then reported where it happens (also KSFUZZ_CONTRACT=1)\n"
    "\n"
    "Exit status: 0 when every input passes, 1 when any finding, 2 for a bad invocation or an\n"
    "unreadable or unparsable file.\n",
    run,
};

}  // namespace ksfuzz::cli
