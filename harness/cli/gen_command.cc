// harness/cli/gen_command.cc — `ksfuzz gen`: binary scenarios from the RapidCheck generators.
#include <rapidcheck.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <optional>
#include <string>

#include <ksfuzz/driver.h>
#include <ksfuzz/implementation.h>

#include "harness/cli/command.h"
#include "harness/cli/options.h"
#include "harness/gen/scenario_gen.h"
#include "harness/scenario/codec.h"
#include "harness/scenario/file.h"
#include "harness/scenario/runner.h"

namespace ksfuzz::cli {

extern const Command kGenCommand;

namespace {

// A million files is already more than a corpus wants; a larger count is far more likely a typo
// than a wish, and would fill the disk before anyone noticed.
constexpr std::uint64_t kMaxCount = 1'000'000;
constexpr std::uint64_t kProgressEvery = 1000;

struct Settings {
  std::uint64_t count = 0;
  std::uint64_t seed = 1;
  bool contract = false;
  bool progress = false;
  std::string out;
  std::string driver;
};

std::vector<Option> options(Settings& s) {
  return {
      {"--count", "N", "how many scenarios to write: 1 to " + std::to_string(kMaxCount) + " (required)",
       set_number(s.count, 1, kMaxCount)},
      {"--seed", "S", "the random seed (default 1); the same seed gives the same files", set_number(s.seed, 0, UINT64_MAX)},
      {"--contract", nullptr, "also generate shared and static descriptor slots (contract mode)", set_flag(s.contract)},
      {"--progress", nullptr,
       "print `ksfuzz gen: I of N scenarios written` to stderr every " + std::to_string(kProgressEvery) +
           " files\n(the default when stderr is a terminal)",
       set_flag(s.progress)},
      {"--out", "DIR", "the directory to write to, created if missing (required)", set_text(s.out)},
      {"--driver", "NAME",
       "give every scenario the create items that driver's Setup builds (`ksfuzz drivers`\nlists them), "
       "and files on those items",
       set_text(s.driver)},
  };
}

constexpr const char* kHead =
    "usage: ksfuzz gen --count N [--seed S] [--contract] [--progress] [--driver NAME] --out DIR\n"
    "\n"
    "Writes N binary scenarios, DIR/scenario-000000 onwards, drawn from the same generators the\n"
    "properties use.\n";
constexpr const char* kTail = "Exit status: 0, or 2 for a bad invocation or an unwritable directory.\n";

std::string help() { return format_help(kHead, options, kTail); }

int run(std::span<const std::string_view> args) {
  Settings s;
  auto operands = parse_options(kGenCommand, options, s, args);
  if (!operands) return kExitUsage;
  if (!operands->empty()) return usage_error(kGenCommand, "unexpected argument '" + std::string((*operands)[0]) + "'");
  if (s.count == 0) return usage_error(kGenCommand, "--count N is required");
  if (s.out.empty()) return usage_error(kGenCommand, "--out DIR is required");
  std::error_code ec;
  std::filesystem::create_directories(s.out, ec);
  if (ec) return command_error(kGenCommand, s.out + ": " + ec.message());
  // On a terminal the progress line rewrites itself; into a file or pipe, one line each time.
  bool tty = isatty(STDERR_FILENO);
  bool progress = s.progress || tty;
  // With a driver: the items its Setup builds, read back as every run reads them.
  std::optional<std::vector<model::Item>> driver_items;
  if (!s.driver.empty()) {
    RunOptions o;
    o.driver = KsfuzzDriverSelect(s.driver.c_str(), stderr);
    o.impl = KsfuzzImplSelect(nullptr, stderr);
    if (!o.driver || !o.impl) return kExitUsage;
    driver_items.emplace();
    if (auto f = read_driver_items(o, *driver_items)) return command_error(kGenCommand, "driver " + s.driver + ": " + f->what);
  }
  auto gen = gen::scenario({.contract = s.contract || driver_items});
  rc::Random random(s.seed);
  for (std::uint64_t i = 0; i < s.count; ++i) {
    // Sizes sweep 0..100 as RapidCheck's own runs do, so small and large scenarios both appear.
    auto scenario = gen(random.split(), static_cast<int>(i % 101)).value();
    if (driver_items) {
      put_on_driver_items(scenario, *driver_items);
      scenario = decode_scenario(encode_scenario(scenario));
    }
    auto bytes = encode_scenario(scenario);
    char name[64];
    std::snprintf(name, sizeof name, "/scenario-%06llu", static_cast<unsigned long long>(i));
    auto ok = write_file(s.out + name, std::string(bytes.begin(), bytes.end()));
    if (!ok) return command_error(kGenCommand, ok.error().rule);
    if (progress && (i + 1) % kProgressEvery == 0 && i + 1 < s.count)
      std::fprintf(stderr, "ksfuzz gen: %llu of %llu scenarios written%s", static_cast<unsigned long long>(i + 1),
                   static_cast<unsigned long long>(s.count), tty ? "\r" : "\n");
  }
  if (progress && tty && s.count > kProgressEvery) std::fprintf(stderr, "\n");
  std::printf("ksfuzz gen: wrote %llu scenarios to %s (seed %llu%s)\n", static_cast<unsigned long long>(s.count),
              s.out.c_str(), static_cast<unsigned long long>(s.seed), s.contract ? ", contract mode" : "");
  return kExitOk;
}

}  // namespace

const Command kGenCommand = {"gen", "write scenarios drawn from the RapidCheck generators", help, run};

}  // namespace ksfuzz::cli
