// harness/cli/command.h — a ksfuzz subcommand and the helpers every subcommand shares.
#pragma once

#include <cstdio>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace ksfuzz::cli {

/// Exit statuses shared by every subcommand.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFinding = 1;  ///< a finding, or (sd) nothing: see the command's help
inline constexpr int kExitUsage = 2;    ///< bad invocation, unreadable or unparsable input

/// One subcommand: its name, a one-line summary for `ksfuzz --help`, its full help text (made
/// from its option table, harness/cli/options.h; the first line is the usage line), and the
/// function that runs it on the arguments after its name.
struct Command {
  const char* name;
  const char* summary;
  std::string (*help)();
  int (*run)(std::span<const std::string_view> args);
};

/// Prints "ksfuzz <name>: <message>" and the command's usage line to stderr; returns kExitUsage.
int usage_error(const Command& cmd, const std::string& message);

/// Prints "ksfuzz <name>: <message>" to stderr (a file that cannot be read or written, ...);
/// returns kExitUsage.
int command_error(const Command& cmd, const std::string& message);

/// True if args hold -h or --help; then the help has been printed to stdout.
bool wants_help(const Command& cmd, std::span<const std::string_view> args);

/// Looks a command up by name; nullptr if there is none.
const Command* find_command(std::string_view name);

}  // namespace ksfuzz::cli
