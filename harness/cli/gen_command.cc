// harness/cli/gen_command.cc — `ksfuzz gen`: binary scenarios from the RapidCheck generators.
#include <rapidcheck.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "harness/cli/command.h"
#include "harness/gen/scenario_gen.h"
#include "harness/scenario/codec.h"
#include "harness/scenario/file.h"

namespace ksfuzz::cli {

extern const Command kGenCommand;

namespace {

std::optional<std::uint64_t> number(std::string_view s) {
  std::string d(s);
  char* end = nullptr;
  if (d.empty() || d[0] == '-') return std::nullopt;
  errno = 0;
  auto v = std::strtoull(d.c_str(), &end, 10);
  if (*end || errno) return std::nullopt;
  return v;
}

int run(std::span<const std::string_view> args) {
  std::optional<std::uint64_t> count, seed = 1;
  std::string out;
  bool contract = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    auto value = [&](const char* what) -> std::optional<std::string_view> {
      if (i + 1 >= args.size()) return std::nullopt;
      (void)what;
      return args[++i];
    };
    if (args[i] == "--count") {
      auto v = value("--count");
      if (!v || !(count = number(*v)) || *count == 0) return usage_error(kGenCommand, "--count wants a positive number");
    } else if (args[i] == "--seed") {
      auto v = value("--seed");
      if (!v || !(seed = number(*v))) return usage_error(kGenCommand, "--seed wants a number");
    } else if (args[i] == "--out") {
      auto v = value("--out");
      if (!v) return usage_error(kGenCommand, "--out needs a directory");
      out = *v;
    } else if (args[i] == "--contract") {
      contract = true;
    } else {
      return usage_error(kGenCommand, "unexpected argument '" + std::string(args[i]) + "'");
    }
  }
  if (!count) return usage_error(kGenCommand, "--count N is required");
  if (out.empty()) return usage_error(kGenCommand, "--out DIR is required");
  std::error_code ec;
  std::filesystem::create_directories(out, ec);
  if (ec) {
    std::fprintf(stderr, "ksfuzz gen: %s: %s\n", out.c_str(), ec.message().c_str());
    return kExitUsage;
  }
  auto gen = gen::scenario({.contract = contract});
  rc::Random random(*seed);
  for (std::uint64_t i = 0; i < *count; ++i) {
    // Sizes sweep 0..100 as RapidCheck's own runs do, so small and large scenarios both appear.
    auto s = gen(random.split(), static_cast<int>(i % 101)).value();
    auto bytes = encode_scenario(s);
    char name[64];
    std::snprintf(name, sizeof name, "/scenario-%06llu", static_cast<unsigned long long>(i));
    auto ok = write_file(out + name, std::string(bytes.begin(), bytes.end()));
    if (!ok) {
      std::fprintf(stderr, "ksfuzz gen: %s\n", ok.error().rule.c_str());
      return kExitUsage;
    }
  }
  std::printf("ksfuzz gen: wrote %llu scenarios to %s (seed %llu%s)\n",
              static_cast<unsigned long long>(*count), out.c_str(),
              static_cast<unsigned long long>(*seed), contract ? ", contract mode" : "");
  return kExitOk;
}

}  // namespace

const Command kGenCommand = {
    "gen", "write scenarios drawn from the RapidCheck generators",
    "usage: ksfuzz gen --count N [--seed S] [--contract] --out DIR\n"
    "\n"
    "Writes N binary scenarios, DIR/scenario-000000 onwards, drawn from the same generators the\n"
    "properties use. The same seed (default 1) gives the same files.\n"
    "\n"
    "  --contract  also generate shared and static descriptor slots (contract mode)\n"
    "\n"
    "Exit status: 0, or 2 for a bad invocation or an unwritable directory.\n",
    run,
};

}  // namespace ksfuzz::cli
