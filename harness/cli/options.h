// harness/cli/options.h — a command's option table: one list of rows that both parses its
// arguments and prints the option list of its --help.
//
// Example usage:
//   struct Settings { std::uint64_t count = 0; bool contract = false; };
//   std::vector<Option> options(Settings& s) {
//     return {{"--count", "N", "how many, 1 to 10", set_number(s.count, 1, 10)},
//             {"--contract", nullptr, "contract mode", set_flag(s.contract)}};
//   }
//   std::string help() { return format_help(kHead, options, kTail); }
//   int run(std::span<const std::string_view> args) {
//     Settings s;
//     auto operands = parse_options(kCommand, options, s, args);  // nullopt: said why, exit 2
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace ksfuzz::cli {

struct Command;

/// What an option does with its value (a flag's is ""): nullopt when it took it, else what is
/// wrong with the value, in words that follow the option's name ("wants a number from 1 to 10,
/// got 'x'").
using OptionSetter = std::function<std::optional<std::string>(std::string_view value)>;

/// One row of a command's option table.
struct Option {
  const char* name;     ///< as typed: "--count", "-o"
  const char* metavar;  ///< its value's name in the help ("N"); nullptr for a flag, which takes none
  std::string help;     ///< one line; a '\n' starts a continuation line, indented to match
  OptionSetter set;
};

/// Sets `to` to true.
OptionSetter set_flag(bool& to);
/// Keeps the value as it is.
OptionSetter set_text(std::string& to);
/// A number as parse_unsigned reads it (decimal, or hex after 0x), from min to max.
OptionSetter set_number(std::uint64_t& to, std::uint64_t min, std::uint64_t max);

/// Hands each option in args to its row's setter and returns the operands, in order. Options may
/// come anywhere, as `NAME VALUE` or (long ones) `NAME=VALUE`; `-` alone is an operand, and so is
/// everything after `--`. An unknown option, a missing value, a value given to a flag, or a value
/// the setter refuses: prints one line that names the option, and the usage line (usage_error),
/// and returns nullopt.
std::optional<std::vector<std::string_view>> parse_options(const Command& cmd, std::span<const Option> options,
                                                           std::span<const std::string_view> args);

/// A command's help: `head` (its usage line or lines, and what it does), the option table as an
/// aligned list (left out when empty), then `tail`, a blank line between each.
std::string format_help(std::string_view head, std::span<const Option> options, std::string_view tail);

/// The same two for a command whose table is a function of the settings it fills: parsing builds
/// the table over `settings`; the help builds it over settings of its own that nothing reads.
template <class Settings>
std::optional<std::vector<std::string_view>> parse_options(const Command& cmd,
                                                           std::vector<Option> (*options)(Settings&),
                                                           Settings& settings, std::span<const std::string_view> args) {
  std::vector<Option> table = options(settings);
  return parse_options(cmd, table, args);
}
template <class Settings>
std::string format_help(std::string_view head, std::vector<Option> (*options)(Settings&), std::string_view tail) {
  Settings unused;
  return format_help(head, options(unused), tail);
}

}  // namespace ksfuzz::cli
