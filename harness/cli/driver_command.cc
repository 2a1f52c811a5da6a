// harness/cli/driver_command.cc — `ksfuzz driver NAME`: a driver's create items, read from what its
// setup built, checked against KsDispatchSetSecurity's contract, each violation with a reproducer
// replayed under the ledger and under AddressSanitizer.
#include <cstdio>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include <ksfuzz/driver.h>
#include <ksfuzz/implementation.h>
#include <ksfuzz/kernel_harness.h>

#include "harness/cli/child.h"
#include "harness/cli/command.h"
#include "harness/cli/options.h"
#include "harness/scenario/file.h"
#include "harness/scenario/runner.h"
#include "harness/scenario/text.h"
#include "model/sd/codec.h"
#include "model/sd/sddl.h"

namespace ksfuzz::cli {

extern const Command kDriverCommand;

namespace {

struct Settings {
  std::string impl;
  std::string out;
};

std::vector<Option> options(Settings& s) {
  return {
      {"--impl", "NAME", "the SetSecurity routine the reproducers run (default: $KSFUZZ_IMPL, else reference)",
       set_text(s.impl)},
      {"--out", "DIR", "also write each reproducer there, as <driver>-<n>.txt (created if missing)", set_text(s.out)},
  };
}

constexpr const char* kHead =
    "usage: ksfuzz driver [--impl NAME] [--out DIR] NAME\n"
    "\n"
    "Runs the driver's Setup (its AddDevice: the device header and its create items), and prints\n"
    "each create item as the harness reads it back: ObjectClass, Flags, how it holds its\n"
    "descriptor (its own pool block, the same block as another item, a static, a default from\n"
    "KsCreateDefaultSecurity, none), the block, who allocated it (file:line) and its holders.\n"
    "Then, lint-style, every break of KsDispatchSetSecurity's contract (the descriptor an item\n"
    "holds must be its own pool block: the routine frees it when it replaces it): a descriptor\n"
    "shared by several items (freed-while-shared), one in memory the pool never handed out\n"
    "(free-not-pool). Each comes with a reproducer — files on the items and one SetSecurity — and\n"
    "the proof: its replay under the pool ledger (the report names the allocation site and every\n"
    "holder left pointing at the freed block) and under AddressSanitizer, in a child process.\n"
    "Last, Setup then Teardown with no IRPs: a double free or a leak in the driver's teardown.\n";
constexpr const char* kTail =
    "Exit status: 0 when the driver keeps the contract, 1 when it breaks it (or its setup or\n"
    "teardown fails), 2 for a bad invocation or an unknown driver.\n";

std::string help() { return format_help(kHead, options, kTail); }

std::string base_name(const char* path) { return std::filesystem::path(path ? path : "?").filename().string(); }

std::string narrow(const UNICODE_STRING& s) {
  std::string out;
  for (USHORT i = 0; i < s.Length / sizeof(WCHAR); ++i) out += s.Buffer[i] < 0x80 ? static_cast<char>(s.Buffer[i]) : '?';
  return out;
}

std::string slot_text(const model::World& w, std::size_t i) {
  const model::Item& it = w.items[i];
  if (it.kind == model::SlotKind::kShared) return "shared with item " + std::to_string(it.shares_with);
  return std::string(model::slot_kind_name(it.kind));
}

// One break of the contract and the scenario that shows it.
struct Violation {
  std::string where;     // file:line of the allocation, or the driver's source
  FindingKind expected;  // what KsDispatchSetSecurity's free of it is
  std::string what;
  Scenario reproducer;
};

// Files on `items` (the one replaced through first), a SetSecurity of the DACL through the first,
// and a query through the last, which reads the freed descriptor when it is another item's.
Scenario reproducer_for(const model::World& world, const std::vector<std::size_t>& items) {
  Scenario s;
  s.world = world;
  s.world.files.clear();
  std::vector<std::size_t> order(items.rbegin(), items.rend());  // the copy first: it replaces
  for (std::size_t i : order) s.world.files.push_back(model::File{static_cast<std::uint8_t>(i)});
  model::SetSecurity set;
  set.file = 0;
  set.info = 0x4;  // DACL_SECURITY_INFORMATION
  const auto input = model::encode(model::parse_sddl("D:(A;;GA;;;WD)").value());
  set.input.assign(input.begin(), input.end());
  s.ops.emplace_back(std::move(set));
  if (s.world.files.size() > 1) s.ops.emplace_back(model::QuerySecurity{static_cast<std::uint8_t>(s.world.files.size() - 1), 0x4, 256});
  return s;
}

std::vector<Violation> violations_of(const model::World& w, const Session& session, const KSFUZZ_DRIVER* driver) {
  std::vector<Violation> out;
  for (std::size_t r = 0; r < w.items.size(); ++r) {
    const model::Item& root = w.items[r];
    if (root.kind == model::SlotKind::kShared || root.kind == model::SlotKind::kNone) continue;
    std::vector<std::size_t> holders{r};
    for (std::size_t j = r + 1; j < w.items.size(); ++j)
      if (w.items[j].kind == model::SlotKind::kShared && w.items[j].shares_with == r) holders.push_back(j);
    std::string names;
    for (std::size_t h : holders) names += (names.empty() ? "" : (h == holders.back() ? " and " : ", ")) + std::to_string(h);
    Violation v;
    if (root.kind == model::SlotKind::kStatic) {
      v.where = base_name(driver->SourceFile);
      v.expected = FindingKind::kFreeNotPool;
      v.what = (holders.size() > 1 ? "create items " + names + " hold" : "create item " + names + " holds") +
               " a descriptor in memory the pool never handed out; KsDispatchSetSecurity frees it with "
               "ExFreePool when it replaces it";
    } else if (holders.size() > 1) {
      KSFUZZ_POOL_BLOCK_INFO info{};
      std::uint32_t block = session.setup().items[r].block;
      KsfuzzPoolBlockInfo(block, &info);
      v.where = info.AllocOrigin ? info.AllocOrigin : base_name(driver->SourceFile);
      v.expected = FindingKind::kFreedWhileShared;
      v.what = "create items " + names + " share one descriptor, pool block #" + std::to_string(block) +
               " allocated here; KsDispatchSetSecurity frees it through one and leaves the other dangling";
    } else {
      continue;
    }
    v.reproducer = reproducer_for(w, holders);
    out.push_back(std::move(v));
  }
  return out;
}

// The lines of a sanitizer run worth quoting: AddressSanitizer's verdict, the ledger's (its bug check,
// and where a poisoned address lies among the pool blocks), the summary.
std::string proof_lines(const std::string& text) {
  std::istringstream in(text);
  std::string line, out;
  while (std::getline(in, line)) {
    bool keep = line.find("ERROR: AddressSanitizer") != std::string::npos ||
                line.find("DRIVER_VERIFIER") != std::string::npos || line.find("DRIVER VERIFIER: ") != std::string::npos ||
                line.ends_with(", freed: a use after free") || line.ends_with(": an overflow") ||
                line.ends_with(": an underflow") || line.rfind("SUMMARY: ", 0) == 0;
    if (!keep) continue;
    // Pids, addresses, paths and build ids differ run to run: of AddressSanitizer's lines keep
    // its verdict ("heap-use-after-free") and the function it names.
    if (auto asan = line.find("AddressSanitizer: "); asan != std::string::npos) {
      std::string rest = line.substr(asan + 18);
      std::string verdict = rest.substr(0, rest.find(' '));
      if (verdict == "attempting") verdict = rest.substr(11, rest.find(' ', 11) - 11);
      std::string in_function;
      if (auto in = rest.rfind(" in "); in != std::string::npos && rest.find(' ', in + 4) == std::string::npos)
        in_function = rest.substr(in);
      line = std::string(line.rfind("SUMMARY", 0) == 0 ? "SUMMARY" : "ERROR") + ": AddressSanitizer: " + verdict +
             in_function;
    }
    out += "    " + line + "\n";
  }
  return out.empty() ? "    (the child printed no sanitizer report)\n" : out;
}

std::string indent(const std::string& text) {
  std::istringstream in(text);
  std::string line, out;
  while (std::getline(in, line)) out += "    " + line + "\n";
  return out;
}

int run(std::span<const std::string_view> args) {
  Settings settings;
  auto operands = parse_options(kDriverCommand, options, settings, args);
  if (!operands) return kExitUsage;
  if (operands->size() != 1) return usage_error(kDriverCommand, operands->empty() ? "no driver NAME given" : "want exactly one NAME");
  std::string wanted((*operands)[0]);
  RunOptions o;
  o.contract = true;
  o.driver = KsfuzzDriverSelect(wanted.c_str(), stderr);
  o.impl = KsfuzzImplSelect(settings.impl.empty() ? nullptr : settings.impl.c_str(), stderr);
  if (!o.driver || !o.impl) return kExitUsage;
  if (!settings.out.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(settings.out, ec);
    if (ec) return command_error(kDriverCommand, settings.out + ": " + ec.message());
  }
  const std::string source = base_name(o.driver->SourceFile);
  std::printf("driver %s (%s): %s\n\n", o.driver->Name, source.c_str(), o.driver->Description);

  std::vector<Violation> found;
  int problems = 0;
  {
    Session session(model::World{}, o);
    if (auto f = session.setup_error()) {
      std::printf("%s: error: %s: %s\n", source.c_str(), name(f->kind).data(), f->what.c_str());
      Finding copy = *f;
      session.stop(copy, "Setup", 0);
      return kExitFinding;
    }
    const model::World& w = session.built_world();
    std::printf("create items after Setup (%zu):\n", w.items.size());
    for (std::size_t i = 0; i < w.items.size(); ++i) {
      const KSOBJECT_CREATE_ITEM* ci = session.create_item(i);
      const ItemObservation& seen = session.setup().items[i];
      std::printf("  item %zu  \"%s\"  Flags 0x%x  %s  %s", i, narrow(ci->ObjectClass).c_str(), static_cast<unsigned>(ci->Flags),
                  slot_text(w, i).c_str(), seen.describe().c_str());
      KSFUZZ_POOL_BLOCK_INFO info{};
      if (seen.block && KsfuzzPoolBlockInfo(seen.block, &info)) {
        char tag[5];
        KsfuzzPoolFormatTag(info.Tag, tag);
        std::printf(" (%zu bytes, tag '%s')\n", static_cast<std::size_t>(info.Size), tag);
        std::printf("          allocated by \"%s\"%s%s\n", info.Site, info.AllocOrigin ? " at " : "",
                    info.AllocOrigin ? info.AllocOrigin : "");
        std::string holders;
        for (std::size_t j = 0; j < w.items.size(); ++j)
          if (session.setup().items[j].block == seen.block) holders += (holders.empty() ? "item " : ", item ") + std::to_string(j);
        std::printf("          held by %s\n", holders.c_str());
      } else {
        std::printf("\n");
      }
    }
    std::printf("\n");
    found = violations_of(w, session, o.driver);
    session.finish();
  }

  for (std::size_t n = 0; n < found.size(); ++n) {
    Violation& v = found[n];
    ++problems;
    std::printf("%s: error: %s: %s\n", v.where.c_str(), name(v.expected).data(), v.what.c_str());
    std::string path;
    if (!settings.out.empty()) {
      path = settings.out + "/" + o.driver->Name + "-" + std::to_string(n + 1) + ".txt";
      auto ok = write_file(path, print_scenario(v.reproducer));
      if (!ok) return command_error(kDriverCommand, ok.error().rule);
    }
    std::printf("  reproducer%s%s:\n%s", path.empty() ? "" : " (", path.empty() ? "" : (path + ")").c_str(),
                indent(print_scenario(v.reproducer)).c_str());
    auto f = run_scenario(v.reproducer, o);
    if (!f) {
      std::printf("  replayed: no finding — the implementation did not free the descriptor\n\n");
      continue;
    }
    std::printf("  replayed under the ledger: %s%s\n%s", f->signature().c_str(),
                f->kind == v.expected ? "" : " (not the expected kind)", indent(finding_report(*f, report_context(v.reproducer, o, path))).c_str());
    // Then on past the ledger's finding, to what the driver's own teardown makes of it (the free
    // of a block already freed), or else to the read through the item left dangling.
    RunOptions asan = o;
    asan.let_sanitizers_report = true;
    Scenario set_only = v.reproducer;
    set_only.ops.resize(1);
    auto child = run_in_child(set_only, asan, /*keep_stderr=*/true);
    const char* how = "the SetSecurity alone, then the driver's Teardown";
    if (child.signature.empty() && v.reproducer.ops.size() > 1) {
      child = run_in_child(v.reproducer, asan, /*keep_stderr=*/true);
      how = "the whole reproducer";
    }
    std::printf("  replayed on under AddressSanitizer (%s): %s\n%s\n", how,
                child.signature.empty() ? "no finding" : child.signature.c_str(), proof_lines(child.stderr_text).c_str());
  }

  // Setup, then the driver's own Teardown, with no IRP in between.
  Scenario empty;
  if (auto f = run_scenario(empty, o)) {
    ++problems;
    std::printf("%s: error: %s: Setup then Teardown, with no IRP: %s\n%s\n", source.c_str(), name(f->kind).data(),
                f->what.c_str(), indent(finding_report(*f, report_context(empty, o))).c_str());
  } else {
    std::printf("teardown: Setup then Teardown with no IRP frees every pool block exactly once\n");
  }
  std::printf("\n%s: %d problem%s\n", o.driver->Name, problems, problems == 1 ? "" : "s");
  return problems ? kExitFinding : kExitOk;
}

}  // namespace

const Command kDriverCommand = {"driver", "check a driver's create items against KsDispatchSetSecurity's contract", help, run};

}  // namespace ksfuzz::cli
