// harness/cli/sd_command.cc — `ksfuzz sd`: SDDL to self-relative hex and back, from the shell.
#include <cstdio>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>

#include "harness/cli/command.h"
#include "harness/cli/options.h"
#include "model/sd/codec.h"
#include "model/sd/sddl.h"
#include "model/sd/sddl_table.h"

namespace ksfuzz::cli {

extern const Command kSdCommand;

namespace {

struct Options {
  bool to_hex = false;
  bool exact = false;  ///< to-sddl: refuse bytes whose text would not give them back
  model::SddlContext ctx;
};

// Converts one input; returns the output line, or "error: ..." and sets failed. A to-sddl line
// whose text would not give back the same bytes is still printed, and stderr says why, naming
// the input by `where`.
std::string convert(const Options& opt, std::string_view in, const std::string& where,
                    bool& failed) {
  std::ostringstream out;
  if (opt.to_hex) {
    auto sd = model::parse_sddl(in, opt.ctx);
    if (!sd) {
      failed = true;
      out << "error: " << sd.error().rule << " at column " << sd.error().offset;
      return out.str();
    }
    return model::to_hex(model::encode(*sd));
  }
  auto bytes = model::from_hex(in, /*allow_blanks=*/true);
  if (!bytes) {
    failed = true;
    out << "error: " << bytes.error().rule;
    if (bytes.error().rule.rfind("not hex", 0) == 0) out << " at column " << bytes.error().offset;
    return out.str();
  }
  auto sd = model::decode(*bytes);
  if (!sd) {
    failed = true;
    out << "error: " << sd.error().rule << " at byte " << sd.error().offset;
    return out.str();
  }
  if (opt.exact) {
    auto text = model::print_sddl(*sd, opt.ctx);
    if (!text) {
      failed = true;
      return "error: " + text.error().rule;
    }
    return text.value();
  }
  auto printed = model::print_sddl_as_windows(*sd, opt.ctx);
  if (!printed) {
    failed = true;
    return "error: " + printed.error().rule;
  }
  if (!printed->lossy.empty()) {
    std::cerr << "ksfuzz sd: " << where << ": the text does not give back these bytes:";
    for (std::size_t i = 0; i < printed->lossy.size(); ++i)
      std::cerr << (i ? "; " : " ") << printed->lossy[i];
    std::cerr << '\n';
  }
  return std::move(printed->text);
}

// Every spelling of the SDDL table, one a line: for dictionaries and for people.
int print_tokens() {
  auto all = [](const auto& table) {
    for (const auto& t : table) std::cout << t.text << '\n';
  };
  all(model::sddl::kAceTypes);
  all(model::sddl::kAceFlags);
  all(model::sddl::kRights);
  all(model::sddl::kSidAliases);
  all(model::sddl::kAclFlags);
  all(model::sddl::kConditionOps);
  for (const auto& a : model::sddl::kAttributes) std::cout << a.prefix << '\n';
  all(model::sddl::kClaimTypes);
  return kExitOk;
}

std::vector<Option> options(Options& s) {
  return {
      {"--domain-sid", "SID",
       "resolve domain-relative aliases (LA, DA, DU, ...) against SID\n"
       "(S-1-5-21-x-y-z); without it those aliases are rejected.",
       [&s](std::string_view value) -> std::optional<std::string> {
         auto sid = model::parse_sddl_sid(value);
         if (!sid || sid->count < 1 || sid->authority != 5 || sid->sub[0] != 21)
           return "wants S-1-5-21-..., got '" + std::string(value) + "'";
         s.ctx.domain = sid.value();
         return std::nullopt;
       }},
      {"--exact", nullptr,
       "to-sddl only: print text only when it gives back exactly these bytes;\n"
       "otherwise the line is `error: <why>`.",
       set_flag(s.exact)},
  };
}

constexpr const char* kHead =
    "usage: ksfuzz sd to-hex|to-sddl [--domain-sid SID] [--exact] INPUT... | -\n"
    "       ksfuzz sd tokens\n"
    "\n"
    "  to-hex   each INPUT is SDDL; prints the self-relative bytes Windows would produce, as one\n"
    "           lowercase hex line.\n"
    "  to-sddl  each INPUT is hex of a self-relative descriptor; prints the SDDL Windows prints\n"
    "           for it. Where that text would not give back the same bytes (ACL slack, an ACL\n"
    "           revision Windows would not choose, control bits or Sbz fields SDDL cannot\n"
    "           express), the line is printed all the same and stderr says why.\n"
    "  tokens   prints every spelling SDDL knows (ACE types and flags, rights, SID aliases, ...),\n"
    "           one a line.\n"
    "\n"
    "With `-` for INPUT, reads one input a line from standard input and writes one line per line.\n";
constexpr const char* kTail =
    "An input that cannot be converted gives the line `error: <reason>` in place of its output.\n"
    "Exit status: 0 when every input converted, 2 when any was rejected or on a bad invocation.\n";

std::string help() { return format_help(kHead, options, kTail); }

int run(std::span<const std::string_view> args) {
  Options s;
  auto operands = parse_options(kSdCommand, options, s, args);
  if (!operands) return kExitUsage;
  if (operands->empty()) return usage_error(kSdCommand, "missing direction: to-hex, to-sddl or tokens");
  std::string_view direction = operands->front();
  std::vector<std::string_view> inputs(operands->begin() + 1, operands->end());
  if (direction == "tokens") {
    if (!inputs.empty() || s.ctx.domain || s.exact) return usage_error(kSdCommand, "tokens takes no arguments");
    return print_tokens();
  }
  if (direction == "to-hex") s.to_hex = true;
  else if (direction == "to-sddl") s.to_hex = false;
  else return usage_error(kSdCommand, "unknown direction '" + std::string(direction) + "'");
  if (s.exact && s.to_hex) return usage_error(kSdCommand, "--exact is for to-sddl (to-hex is always exact)");
  if (inputs.empty()) return usage_error(kSdCommand, "nothing to convert");
  bool failed = false;
  if (inputs.size() == 1 && inputs[0] == "-") {
    std::string line;
    for (std::size_t n = 1; std::getline(std::cin, line); ++n) {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      std::cout << convert(s, line, "line " + std::to_string(n), failed) << '\n';
    }
  } else {
    for (std::size_t n = 0; n < inputs.size(); ++n)
      std::cout << convert(s, inputs[n], "input " + std::to_string(n + 1), failed) << '\n';
  }
  std::cout.flush();
  return failed ? kExitUsage : kExitOk;
}

}  // namespace

const Command kSdCommand = {"sd", "convert security descriptors between SDDL and self-relative hex", help, run};

}  // namespace ksfuzz::cli
