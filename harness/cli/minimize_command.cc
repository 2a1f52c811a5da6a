// harness/cli/minimize_command.cc — `ksfuzz minimize`: shrink a finding's input, keeping its
// signature.
//
// Each candidate runs in a forked child, so a finding that AddressSanitizer reports (and dies on)
// can be minimized like any other: the child's stderr is searched for the SUMMARY line.
#include <sys/wait.h>
#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <string>


#include <ksfuzz/implementation.h>

#include "harness/cli/command.h"
#include "harness/cli/run_flags.h"
#include "harness/scenario/codec.h"
#include "harness/scenario/file.h"
#include "harness/scenario/runner.h"
#include "harness/scenario/shrink.h"

namespace ksfuzz::cli {

extern const Command kMinimizeCommand;

namespace {

constexpr const char* kSummary = "SUMMARY: ksfuzz: ";

// Runs s in a child; returns the signature of its finding ("" when it passes).
std::string signature_of(const Scenario& s, const RunOptions& options) {
  int fds[2];
  if (pipe(fds) != 0) return "";
  std::fflush(stdout);
  std::fflush(stderr);
  pid_t pid = fork();
  if (pid == 0) {
    close(fds[0]);
    dup2(fds[1], STDERR_FILENO);
    int devnull = open("/dev/null", O_WRONLY);
    if (devnull >= 0) dup2(devnull, STDOUT_FILENO);
    if (auto f = run_scenario(s, options)) {
      std::fprintf(stderr, "%s%s\n", kSummary, f->signature().c_str());
      std::fflush(stderr);
    }
    _exit(0);
  }
  close(fds[1]);
  std::string out;
  char buf[4096];
  ssize_t n;
  while ((n = read(fds[0], buf, sizeof buf)) > 0) out.append(buf, static_cast<std::size_t>(n));
  close(fds[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  // The ksfuzz SUMMARY line is the last word, whether the oracle or a sanitizer spoke.
  std::size_t at = out.rfind(kSummary);
  if (at == std::string::npos) return "";
  std::size_t end = out.find('\n', at);
  return out.substr(at + std::strlen(kSummary), end - at - std::strlen(kSummary));
}

int run(std::span<const std::string_view> args) {
  std::string in, out, error;
  RunFlags flags;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "-o") {
      if (i + 1 >= args.size()) return usage_error(kMinimizeCommand, "-o needs a file");
      out = args[++i];
    } else if (flags.take(args, i, error)) {
      if (!error.empty()) return usage_error(kMinimizeCommand, error);
    } else if (args[i].size() > 1 && args[i][0] == '-') {
      return usage_error(kMinimizeCommand, "unknown option '" + std::string(args[i]) + "'");
    } else if (in.empty()) {
      in = args[i];
    } else {
      return usage_error(kMinimizeCommand, "want exactly one FILE");
    }
  }
  if (in.empty()) return usage_error(kMinimizeCommand, "no FILE given");
  if (out.empty()) return usage_error(kMinimizeCommand, "no -o OUT given");
  RunOptions options = flags.options();
  if (!options.impl) return kExitUsage;
  auto loaded = load_scenario_file(in);
  if (!loaded) {
    std::fprintf(stderr, "ksfuzz minimize: %s\n", loaded.error().rule.c_str());
    return kExitUsage;
  }
  // The canonical form first: what the fuzz target saved may carry trailing bytes.
  Scenario s = decode_scenario(encode_scenario(*loaded));
  std::string target = signature_of(s, options);
  if (target.empty()) {
    std::fprintf(stderr, "ksfuzz minimize: %s: no finding with --impl %s%s: nothing to keep\n", in.c_str(),
                 options.impl->Name, options.contract ? " --contract" : "");
    return kExitUsage;
  }
  std::fprintf(stderr, "ksfuzz minimize: keeping %s\n", target.c_str());
  std::size_t tries = 0;
  Scenario small = shrink(s, [&](const Scenario& c) {
    if (++tries % 50 == 0) std::fprintf(stderr, "ksfuzz minimize: %zu candidates tried\n", tries);
    return signature_of(c, options) == target;
  });
  auto bytes = encode_scenario(small);
  auto ok = write_file(out, std::string(bytes.begin(), bytes.end()));
  if (!ok) {
    std::fprintf(stderr, "ksfuzz minimize: %s\n", ok.error().rule.c_str());
    return kExitUsage;
  }
  std::printf("minimized %s -> %s: %zu -> %zu bytes, %zu -> %zu ops, %zu -> %zu items (%zu candidates)\n",
              in.c_str(), out.c_str(), encode_scenario(s).size(), bytes.size(), s.ops.size(),
              small.ops.size(), s.world.items.size(), small.world.items.size(), tries);
  std::printf("signature kept: %s\n", target.c_str());
  return kExitOk;
}

}  // namespace

const Command kMinimizeCommand = {
    "minimize", "shrink a finding's input, keeping its signature",
    "usage: ksfuzz minimize FILE -o OUT [--impl NAME] [--contract]\n"
    "\n"
    "Shrinks the scenario in FILE structurally — drops ops, files, items and ACEs, simplifies SIDs,\n"
    "masks, SecurityInformation and buffer lengths — keeping only changes after which the input\n"
    "still gives the same `SUMMARY: ksfuzz: <impl>/<op>/<kind>` signature, and writes the result to\n"
    "OUT in binary form (`ksfuzz show OUT` prints it). Each candidate runs in a child process, so\n"
    "findings that AddressSanitizer reports shrink too. Prints the sizes before and after.\n"
    "\n"
    "  --impl NAME   the implementation the finding is against (default: $KSFUZZ_IMPL, else reference)\n"
    "  --contract    contract mode, as the finding was found (also KSFUZZ_CONTRACT=1)\n"
    "\n"
    "Exit status: 0 when OUT is written, 2 for a bad invocation, an unreadable file, or an input\n"
    "that gives no finding.\n",
    run,
};

}  // namespace ksfuzz::cli
