// harness/cli/main.cc — `ksfuzz`: the table of subcommands and the dispatcher.
#include <cstdio>
#include <string>
#include <vector>

#include "harness/cli/command.h"

namespace ksfuzz::cli {

extern const Command kSdCommand;
extern const Command kImplsCommand;
extern const Command kReplayCommand;
extern const Command kShowCommand;
extern const Command kPackCommand;
extern const Command kGenCommand;
extern const Command kMinimizeCommand;
extern const Command kDriverCommand;
extern const Command kDriversCommand;

namespace {

// Adding a command: one file that defines its Command, and one line here.
const Command* const kCommands[] = {
    &kReplayCommand, &kMinimizeCommand, &kShowCommand, &kPackCommand,   &kGenCommand,
    &kSdCommand,     &kImplsCommand,    &kDriverCommand, &kDriversCommand,
};

void print_overview(std::FILE* to) {
  std::fprintf(to,
               "usage: ksfuzz <command> [args]\n\n"
               "ksfuzz checks kernel-streaming security-descriptor replacement against a reference\n"
               "model. Commands:\n");
  for (const Command* c : kCommands) std::fprintf(to, "  %-10s %s\n", c->name, c->summary);
  std::fprintf(to, "\n`ksfuzz <command> --help` describes one command.\n");
}

}  // namespace

const Command* find_command(std::string_view name) {
  for (const Command* c : kCommands)
    if (name == c->name) return c;
  return nullptr;
}

int usage_error(const Command& cmd, const std::string& message) {
  command_error(cmd, message);
  // The first line of the help is the usage line.
  std::string help = cmd.help();
  std::fprintf(stderr, "%s\n(see `ksfuzz %s --help`)\n", help.substr(0, help.find('\n')).c_str(), cmd.name);
  return kExitUsage;
}

int command_error(const Command& cmd, const std::string& message) {
  std::fprintf(stderr, "ksfuzz %s: %s\n", cmd.name, message.c_str());
  return kExitUsage;
}

bool wants_help(const Command& cmd, std::span<const std::string_view> args) {
  for (auto a : args) {
    if (a == "--") break;
    if (a == "-h" || a == "--help") {
      std::fputs(cmd.help().c_str(), stdout);
      return true;
    }
  }
  return false;
}

}  // namespace ksfuzz::cli

int main(int argc, char** argv) {
  using namespace ksfuzz::cli;
  std::vector<std::string_view> args(argv + 1, argv + argc);
  if (args.empty()) {
    print_overview(stderr);
    return kExitUsage;
  }
  if (args[0] == "-h" || args[0] == "--help" || args[0] == "help") {
    print_overview(stdout);
    return kExitOk;
  }
  const Command* cmd = find_command(args[0]);
  if (!cmd) {
    std::fprintf(stderr, "ksfuzz: unknown command '%.*s'\n", static_cast<int>(args[0].size()),
                 args[0].data());
    print_overview(stderr);
    return kExitUsage;
  }
  std::span<const std::string_view> rest(args.data() + 1, args.size() - 1);
  if (wants_help(*cmd, rest)) return kExitOk;
  return cmd->run(rest);
}
