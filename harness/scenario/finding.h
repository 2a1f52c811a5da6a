// harness/scenario/finding.h — ksfuzz::Finding, the one shape every report takes.
#pragma once

#include <cstdint>
#include <cstdio>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "harness/scenario/scenario.h"

namespace ksfuzz {

/// Where model and implementation parted, in words and as a stable signature.
struct Finding {
  std::string impl;  ///< implementation name
  std::string op;    ///< "SetSecurity", "QuerySecurity", "Close" or "Teardown"
  std::string kind;  ///< "double-free", "wrong-status", "freed-while-shared", ...
  std::size_t op_index = 0;  ///< index into Scenario::ops (ops.size() for teardown)
  std::string what;          ///< one sentence: what went wrong
  /// Rows of the expected-beside-observed table: {field, expected, observed}.
  std::vector<std::vector<std::string>> rows;
  std::vector<std::uint32_t> blocks;  ///< ledger block ids whose history the report prints
  /// Their history, rendered by the runner while the ledger still held it.
  std::string pool_history;

  /// "<impl>/<op>/<kind>": what CI and ClusterFuzz deduplicate on.
  std::string signature() const { return impl + "/" + op + "/" + kind; }
};

struct ReportContext {
  const Scenario* scenario = nullptr;
  bool contract = false;
  std::string reproducer;  ///< the input's path, when known
};

/// The report: `==ksfuzz== ERROR: ksfuzz: finding: SIG`, the scenario, the op, expected beside
/// observed, pool history, a regression file draft, the reproducer, `SUMMARY: ksfuzz: SIG`.
/// Deterministic: the same finding prints the same text (no addresses, no pids).
void print_finding(std::FILE* out, const Finding& f, const ReportContext& ctx);

/// File name a regression for this finding gets under corpus/regressions/.
std::string regression_file_name(const Finding& f);

}  // namespace ksfuzz
