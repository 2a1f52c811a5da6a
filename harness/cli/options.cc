// harness/cli/options.cc — parsing arguments and printing help from a command's option table.
#include "harness/cli/options.h"

#include <algorithm>

#include "harness/cli/command.h"
#include "harness/scenario/number.h"

namespace ksfuzz::cli {

OptionSetter set_flag(bool& to) {
  return [&to](std::string_view) -> std::optional<std::string> {
    to = true;
    return std::nullopt;
  };
}

OptionSetter set_text(std::string& to) {
  return [&to](std::string_view value) -> std::optional<std::string> {
    to = value;
    return std::nullopt;
  };
}

OptionSetter set_number(std::uint64_t& to, std::uint64_t min, std::uint64_t max) {
  return [&to, min, max](std::string_view value) -> std::optional<std::string> {
    auto n = parse_unsigned(value, max);
    if (n && *n >= min) {
      to = *n;
      return std::nullopt;
    }
    std::string range = min == 0 && max == UINT64_MAX
                            ? "a number (decimal, or hex after 0x)"
                            : "a number from " + std::to_string(min) + " to " + std::to_string(max);
    return "wants " + range + ", got '" + std::string(value) + "'";
  };
}

std::optional<std::vector<std::string_view>> parse_options(const Command& cmd, std::span<const Option> options,
                                                           std::span<const std::string_view> args) {
  auto refuse = [&](const std::string& why) {
    usage_error(cmd, why);
    return std::optional<std::vector<std::string_view>>();
  };
  std::vector<std::string_view> operands;
  for (std::size_t i = 0; i < args.size(); ++i) {
    std::string_view arg = args[i];
    if (arg == "--") {
      operands.insert(operands.end(), args.begin() + static_cast<std::ptrdiff_t>(i) + 1, args.end());
      break;
    }
    if (arg.size() < 2 || arg[0] != '-') {
      operands.push_back(arg);
      continue;
    }
    std::string_view name = arg;
    std::optional<std::string_view> value;
    if (auto eq = arg.find('='); arg.starts_with("--") && eq != std::string_view::npos) {
      name = arg.substr(0, eq);
      value = arg.substr(eq + 1);
    }
    auto row = std::find_if(options.begin(), options.end(), [&](const Option& o) { return name == o.name; });
    std::string quoted = "'" + std::string(name) + "'";
    if (row == options.end()) return refuse("unknown option " + quoted);
    if (!row->metavar && value) return refuse("option " + quoted + " takes no value");
    if (row->metavar && !value) {
      if (i + 1 >= args.size()) return refuse("option " + quoted + " needs a value (" + row->metavar + ")");
      value = args[++i];
    }
    if (auto wrong = row->set(value.value_or(""))) return refuse(std::string(name) + " " + *wrong);
  }
  return operands;
}

std::string format_help(std::string_view head, std::span<const Option> options, std::string_view tail) {
  auto spelled = [](const Option& o) { return std::string(o.name) + (o.metavar ? " " + std::string(o.metavar) : ""); };
  std::size_t width = 0;
  for (const Option& o : options) width = std::max(width, spelled(o).size());
  std::string out(head);
  if (!options.empty()) out += '\n';
  for (const Option& o : options) {
    std::string left = "  " + spelled(o);
    left.resize(width + 4, ' ');
    out += left;
    for (char c : o.help) out += c == '\n' ? "\n" + std::string(width + 4, ' ') : std::string(1, c);
    out += '\n';
  }
  out += '\n';
  out += tail;
  return out;
}

}  // namespace ksfuzz::cli
