// harness/cli/sd_command.cc — `ksfuzz sd`: SDDL to self-relative hex and back, from the shell.
#include <cstdio>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>

#include "harness/cli/command.h"
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

int run(std::span<const std::string_view> args) {
  if (args.empty()) return usage_error(kSdCommand, "missing direction: to-hex, to-sddl or tokens");
  if (args[0] == "tokens") {
    if (args.size() > 1) return usage_error(kSdCommand, "tokens takes no arguments");
    return print_tokens();
  }
  Options opt;
  if (args[0] == "to-hex") opt.to_hex = true;
  else if (args[0] == "to-sddl") opt.to_hex = false;
  else return usage_error(kSdCommand, "unknown direction '" + std::string(args[0]) + "'");

  std::vector<std::string_view> inputs;
  for (std::size_t i = 1; i < args.size(); ++i) {
    if (args[i] == "--domain-sid") {
      if (i + 1 >= args.size()) return usage_error(kSdCommand, "--domain-sid needs a SID");
      auto sid = model::parse_sddl_sid(args[++i]);
      if (!sid || sid->count < 1 || sid->authority != 5 || sid->sub[0] != 21)
        return usage_error(kSdCommand, "--domain-sid wants S-1-5-21-..., got '" +
                                           std::string(args[i]) + "'");
      opt.ctx.domain = sid.value();
    } else if (args[i] == "--exact") {
      if (opt.to_hex)
        return usage_error(kSdCommand, "--exact is for to-sddl (to-hex is always exact)");
      opt.exact = true;
    } else if (args[i].size() > 1 && args[i][0] == '-' && args[i] != "-") {
      return usage_error(kSdCommand, "unknown option '" + std::string(args[i]) + "'");
    } else {
      inputs.push_back(args[i]);
    }
  }
  if (inputs.empty()) return usage_error(kSdCommand, "nothing to convert");
  bool failed = false;
  if (inputs.size() == 1 && inputs[0] == "-") {
    std::string line;
    for (std::size_t n = 1; std::getline(std::cin, line); ++n) {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      std::cout << convert(opt, line, "line " + std::to_string(n), failed) << '\n';
    }
  } else {
    for (std::size_t n = 0; n < inputs.size(); ++n)
      std::cout << convert(opt, inputs[n], "input " + std::to_string(n + 1), failed) << '\n';
  }
  std::cout.flush();
  return failed ? kExitUsage : kExitOk;
}

}  // namespace

const Command kSdCommand = {
    "sd", "convert security descriptors between SDDL and self-relative hex",
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
    "  --domain-sid SID  resolve domain-relative aliases (LA, DA, DU, ...) against SID\n"
    "                    (S-1-5-21-x-y-z); without it those aliases are rejected.\n"
    "  --exact           to-sddl only: print text only when it gives back exactly these bytes;\n"
    "                    otherwise the line is `error: <why>`.\n"
    "  -                 read one input a line from standard input, write one line per line.\n"
    "\n"
    "An input that cannot be converted gives the line `error: <reason>` in place of its output.\n"
    "Exit status: 0 when every input converted, 2 when any was rejected or on a bad invocation.\n",
    run,
};

}  // namespace ksfuzz::cli
