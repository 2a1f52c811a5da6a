// harness/scenario/finding.h — ksfuzz::Finding, the one shape every report takes, and the frame
// (`==ksfuzz== ERROR` ... `SUMMARY`) around it.
#pragma once

#include <cstdint>
#include <cstdio>
#include <span>
#include <string>
#include <vector>

#include "harness/scenario/finding_kind.h"

namespace ksfuzz {

struct Scenario;

/// Where model and implementation parted, in words and as a stable signature.
struct Finding {
  FindingKind kind = FindingKind::kSetupFailed;
  std::string what;  ///< one sentence: what went wrong
  /// Rows of the expected-beside-observed table: {field, expected, observed}.
  std::vector<std::vector<std::string>> rows;
  std::vector<std::uint32_t> blocks;  ///< ledger block ids whose history the report prints
  std::string impl;          ///< implementation name
  std::string op;            ///< the op kind's name, "Setup" or "Teardown"
  std::size_t op_index = 0;  ///< index into Scenario::ops (ops.size() for teardown)
  /// Their history, rendered by the runner while the ledger still held it.
  std::string pool_history;
  /// For ops in flight at the same time: the interleaving, one column an IRP.
  std::string timeline;

  /// "<impl>/<op>/<kind>": what CI and ClusterFuzz deduplicate on.
  std::string signature() const;
};

struct ReportContext {
  const Scenario* scenario = nullptr;
  bool contract = false;
  std::string reproducer;  ///< the input's path, when known
  const char* driver = nullptr;  ///< the driver's name, when not the built-in "scenario"
};

/// The report, in the frame of ksfuzz/report_frame.h: the scenario, the op, expected beside observed, pool history, a
/// regression file draft, the reproducer. Deterministic: no addresses, no pids.
void print_finding(std::FILE* out, const Finding& f, const ReportContext& ctx);
/// The same report as text.
std::string finding_report(const Finding& f, const ReportContext& ctx);

/// File name a regression for this finding gets under corpus/regressions/.
std::string regression_file_name(const Finding& f);

/// A descriptor's bytes in words: SDDL when they decode and print, else hex.
std::string describe_descriptor(std::span<const std::uint8_t> bytes);

/// An NTSTATUS for a finding's rows: its name ("STATUS_SUCCESS"), or "NTSTATUS 0x........".
std::string status_text(std::uint32_t status);

}  // namespace ksfuzz
