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

// Converts one input; returns the output line, or "error: ..." and sets failed.
std::string convert(bool to_hex, std::string_view in, const model::SddlContext& ctx, bool& failed) {
  std::ostringstream out;
  if (to_hex) {
    auto sd = model::parse_sddl(in, ctx);
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
  auto text = model::print_sddl(*sd, ctx);
  if (!text) {
    failed = true;
    return "error: " + text.error().rule;
  }
  return text.value();
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

struct Settings {
  model::SddlContext ctx;
};

std::vector<Option> options(Settings& s) {
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
  };
}

constexpr const char* kHead =
    "usage: ksfuzz sd to-hex|to-sddl [--domain-sid SID] INPUT... | -\n"
    "       ksfuzz sd tokens\n"
    "\n"
    "  to-hex   each INPUT is SDDL; prints the self-relative bytes Windows would produce, as one\n"
    "           lowercase hex line.\n"
    "  to-sddl  each INPUT is hex of a self-relative descriptor; prints Windows' canonical SDDL.\n"
    "  tokens   prints every spelling SDDL knows (ACE types and flags, rights, SID aliases, ...),\n"
    "           one a line.\n"
    "\n"
    "With `-` for INPUT, reads one input a line from standard input and writes one line per line.\n";
constexpr const char* kTail =
    "An input that cannot be converted gives the line `error: <reason>` in place of its output.\n"
    "Exit status: 0 when every input converted, 2 when any was rejected or on a bad invocation.\n";

std::string help() { return format_help(kHead, options, kTail); }

int run(std::span<const std::string_view> args) {
  Settings s;
  auto operands = parse_options(kSdCommand, options, s, args);
  if (!operands) return kExitUsage;
  if (operands->empty()) return usage_error(kSdCommand, "missing direction: to-hex, to-sddl or tokens");
  std::string_view direction = operands->front();
  std::vector<std::string_view> inputs(operands->begin() + 1, operands->end());
  if (direction == "tokens") {
    if (!inputs.empty() || s.ctx.domain) return usage_error(kSdCommand, "tokens takes no arguments");
    return print_tokens();
  }
  bool to_hex;
  if (direction == "to-hex") to_hex = true;
  else if (direction == "to-sddl") to_hex = false;
  else return usage_error(kSdCommand, "unknown direction '" + std::string(direction) + "'");
  if (inputs.empty()) return usage_error(kSdCommand, "nothing to convert");
  bool failed = false;
  if (inputs.size() == 1 && inputs[0] == "-") {
    std::string line;
    while (std::getline(std::cin, line)) {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      std::cout << convert(to_hex, line, s.ctx, failed) << '\n';
    }
  } else {
    for (auto in : inputs) std::cout << convert(to_hex, in, s.ctx, failed) << '\n';
  }
  std::cout.flush();
  return failed ? kExitUsage : kExitOk;
}

}  // namespace

const Command kSdCommand = {"sd", "convert security descriptors between SDDL and self-relative hex", help, run};

}  // namespace ksfuzz::cli
