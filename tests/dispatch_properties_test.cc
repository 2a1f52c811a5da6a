// tests/dispatch_properties_test.cc — the implementation against the model on generated scenarios:
// the reference passes, every built-in mutant is caught, contract mode reports shared and static
// replacements, and AddressSanitizer itself catches what a shared descriptor leads to.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>
#include <rapidcheck/state.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <new>
#include <set>
#include <sstream>
#include <string_view>

#include <ksfuzz/implementation.h>

#include "harness/gen/scenario_gen.h"
#include "harness/scenario/runner.h"
#include "harness/scenario/text.h"

namespace {

using ksfuzz::Finding;
using ksfuzz::RunOptions;
using ksfuzz::Scenario;

const KSFUZZ_IMPL* reference() { return KsfuzzImplFind("reference"); }

std::string report(const Finding& f, const Scenario& s, bool contract) {
  char* text = nullptr;
  std::size_t size = 0;
  std::FILE* out = open_memstream(&text, &size);
  ksfuzz::print_finding(out, f, ksfuzz::ReportContext{&s, contract, {}});
  std::fclose(out);
  std::string r(text, size);
  std::free(text);
  return r;
}

RC_GTEST_PROP(DispatchProperties, ReferenceMatchesTheModel, ()) {
  auto s = *ksfuzz::gen::scenario({});
  auto f = ksfuzz::run_scenario(s, RunOptions{reference()});
  if (f) RC_FAIL(report(*f, s, false));
}

// ---- The stateful test: one command an op, the model a plain value, the session the system. ----

struct OpCommand : rc::state::Command<model::World, ksfuzz::Session> {
  model::Op op;
  explicit OpCommand(const model::World& w) : op(*ksfuzz::gen::op(w)) {}
  void apply(model::World& world) const override { model::step(world, op); }
  void run(const model::World& before, ksfuzz::Session& session) const override {
    auto f = session.send(op);
    if (f) {
      Scenario s{before, {op}};
      RC_FAIL(report(*f, s, false));
    }
    RC_ASSERT(session.world() == [&] {
      model::World after = before;
      model::step(after, op);
      return after;
    }());
  }
  void show(std::ostream& os) const override {
    Scenario s;
    s.world.items.resize(1);
    s.world.files.resize(model::op_file(op) + 1u);
    s.ops = {op};
    auto text = ksfuzz::print_scenario(s);
    os << text.substr(text.rfind('\n', text.size() - 2) + 1);
  }
};

RC_GTEST_PROP(DispatchProperties, StatefulReferenceAgainstTheModel, ()) {
  model::World world = *ksfuzz::gen::world({});
  model::World initial = world;
  ksfuzz::make_within_contract(initial);
  model::assign_initial_blocks(initial);
  ksfuzz::Session session(world, RunOptions{reference()});
  rc::state::check(initial, session, rc::state::gen::execOneOfWithArgs<OpCommand>());
  auto f = session.finish();
  if (f) RC_FAIL(f->signature() + ": " + f->what);
}

// ---- Contract mode ----

// The ledger's name for what the model predicts at the first contract-breaking op.
std::optional<std::string> predicted_violation(const Scenario& s) {
  model::World w = s.world;
  model::assign_initial_blocks(w);
  for (const auto& op : s.ops) {
    auto o = model::step(w, op);
    if (o.violation == model::Violation::kFreedWhileShared) return "freed-while-shared";
    if (o.violation == model::Violation::kBadFree) return "free-not-pool";
  }
  return std::nullopt;
}

RC_GTEST_PROP(DispatchProperties, ContractModeReportsSharedAndStaticReplacements, ()) {
  auto s = *ksfuzz::gen::scenario({.contract = true});
  auto want = predicted_violation(s);
  RC_CLASSIFY(want.has_value(), "breaks the contract");
  RC_CLASSIFY(ksfuzz::breaks_contract(s), "has a shared or static slot");
  auto f = ksfuzz::run_scenario(s, RunOptions{reference(), true});
  if (!want) {
    if (f) RC_FAIL(report(*f, s, true));
    return;
  }
  RC_ASSERT(f.has_value());
  RC_ASSERT(f->kind == *want);
}

// ---- Every built-in mutant is caught by the properties ----
//
// scripts/mutants.sh runs this test once a trial: KSFUZZ_MUTANTS=a,b,... checks only the mutants
// named, and a seed in RC_PARAMS ("seed=N") replaces the fixed seed 7 (nothing else of RC_PARAMS
// applies: each mutant gets kMutantCases cases). Each verdict says how many cases passed before
// the first failure and how long the child took to reach it, shrinking not included.

constexpr int kMutantCases = 2000;

// What the child reports as it goes, in memory shared with the parent, so that it outlives an
// AddressSanitizer abort.
struct MutantProgress {
  int cases = 0;              // property runs started, shrinking included
  int passing = -1;           // cases that passed before the first failure; -1: none failed yet
  double case_started = 0;    // seconds from the child's start to the start of its latest case
  double first_failure = -1;  // seconds from the child's start to its first failure; -1: none yet
};

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

std::uint64_t mutant_seed() {
  const char* params = std::getenv("RC_PARAMS");
  return params && std::strstr(params, "seed=") ? rc::detail::configuration().testParams.seed : 7;
}

// Runs the property against `impl` in a child process (a mutant may be caught by
// AddressSanitizer, which ends the process). Returns the verdict line.
std::string check_in_child(const KSFUZZ_IMPL* impl) {
  int fds[2];
  EXPECT_EQ(pipe(fds), 0);
  void* shared = mmap(nullptr, sizeof(MutantProgress), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  EXPECT_NE(shared, MAP_FAILED);
  auto* progress = new (shared) MutantProgress;
  std::fflush(nullptr);
  pid_t pid = fork();
  if (pid == 0) {
    close(fds[0]);
    dup2(fds[1], STDERR_FILENO);
    rc::detail::TestParams params;
    params.maxSuccess = kMutantCases;
    params.seed = mutant_seed();
    auto start = std::chrono::steady_clock::now();
    auto result = rc::detail::checkTestable(
        [impl, progress, start] {
          progress->case_started = seconds_since(start);
          ++progress->cases;
          auto s = *ksfuzz::gen::scenario({});
          auto f = ksfuzz::run_scenario(s, RunOptions{impl});
          if (!f) return;
          if (progress->first_failure < 0) {
            progress->first_failure = seconds_since(start);
            progress->passing = progress->cases - 1;
          }
          RC_FAIL(f->signature());
        },
        rc::detail::TestMetadata{}, params);
    rc::detail::FailureResult failure;
    if (result.match(failure)) {
      std::size_t ops = 0;
      std::string example = failure.counterExample.empty() ? "" : failure.counterExample.back().second;
      std::istringstream lines(example);
      for (std::string line; std::getline(lines, line);)
        ops += line.rfind("set ", 0) == 0 || line.rfind("query ", 0) == 0 || line.rfind("close ", 0) == 0;
      // The description ends with the RC_FAIL message: the finding's signature.
      std::string d = failure.description;
      while (!d.empty() && d.back() == '\n') d.pop_back();
      std::string signature = d.substr(d.rfind('\n') + 1);
      std::fprintf(stderr, "\nverdict: caught after %d passing cases in %.3f s as %s; shrunk counterexample: %zu ops\n",
                   failure.numSuccess, progress->first_failure, signature.c_str(), ops);
    } else {
      std::fprintf(stderr, "\nverdict: survived %d cases in %.3f s\n", progress->cases, seconds_since(start));
    }
    std::fflush(stderr);
    _exit(0);
  }
  close(fds[1]);
  std::string out;
  char buf[4096];
  for (ssize_t n; (n = read(fds[0], buf, sizeof buf)) > 0;) out.append(buf, static_cast<std::size_t>(n));
  close(fds[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  MutantProgress seen = *progress;
  munmap(shared, sizeof(MutantProgress));
  constexpr std::string_view kVerdict = "\nverdict: ";
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0 && out.rfind(kVerdict) != std::string::npos)
    return out.substr(out.rfind(kVerdict) + kVerdict.size());
  // Killed by a sanitizer: during its first failing case, or while shrinking a failure.
  int passing = seen.passing >= 0 ? seen.passing : seen.cases - 1;
  double seconds = seen.first_failure >= 0 ? seen.first_failure : seen.case_started;
  auto at = out.rfind("SUMMARY: ksfuzz: ");
  if (at == std::string::npos) return "died without a ksfuzz summary\n";
  char when[96];
  std::snprintf(when, sizeof when, "after %d passing cases in %.3f s", passing, seconds);
  return "caught by a sanitizer " + std::string(when) + ": " + out.substr(at, out.find('\n', at) - at) + "\n";
}

// KSFUZZ_MUTANTS, split at commas; empty when unset: every mutant.
std::set<std::string> mutants_wanted() {
  std::set<std::string> names;
  std::istringstream list(std::getenv("KSFUZZ_MUTANTS") ? std::getenv("KSFUZZ_MUTANTS") : "");
  for (std::string name; std::getline(list, name, ',');)
    if (!name.empty()) names.insert(name);
  return names;
}

TEST(DispatchProperties, EveryBuiltInMutantIsCaught) {
  const std::set<std::string> wanted = mutants_wanted();
  std::size_t mutants = 0;
  for (ULONG i = 0; i < KsfuzzImplCount(); ++i) {
    const KSFUZZ_IMPL* impl = KsfuzzImplAt(i);
    if (impl->Kind != KsfuzzImplMutant) continue;
    if (!wanted.empty() && !wanted.count(impl->Name)) continue;
    ++mutants;
    std::string verdict = check_in_child(impl);
    std::cout << "mutant " << impl->Name << ": " << verdict << std::flush;
    EXPECT_EQ(verdict.find("caught"), 0u) << impl->Name << " survived the properties: " << verdict;
  }
  if (wanted.empty()) EXPECT_GE(mutants, 14u);
  else EXPECT_EQ(mutants, wanted.size()) << "KSFUZZ_MUTANTS names something that is not a mutant";
}

// ---- AddressSanitizer catches what replacing a shared descriptor leads to ----

// Item 1 is a copy of item 0, sharing its descriptor. A SetSecurity through item 1 frees the block
// item 0 still points at.
Scenario shared_world(const char* then) {
  std::string text = std::string("ksfuzz-scenario 1\n") +
                     "item 0 owned pool=NonPagedPool tag=0x2064734b flags=0x0 sd=O:BAG:BAD:(A;;GA;;;WD)\n"
                     "item 1 shared-with=0 flags=0x0\n"
                     "file 0 item=1\n"
                     "file 1 item=0\n"
                     "set file=0 info=DACL sd=D:(A;;GR;;;WD)\n" + then;
  auto s = ksfuzz::parse_scenario(text);
  EXPECT_TRUE(s.ok()) << s.error();
  return s.value();
}

TEST(DispatchPropertiesDeathTest, SharedDescriptorReadThroughTheOtherHolderIsAUseAfterFree) {
  Scenario s = shared_world("query file=1 info=DACL length=256\n");
  RunOptions o{reference(), true, true};
  EXPECT_DEATH(ksfuzz::run_scenario(s, o), "heap-use-after-free");
}

TEST(DispatchPropertiesDeathTest, SharedDescriptorFreedAgainAtTeardownIsADoubleFree) {
  Scenario s = shared_world("");
  RunOptions o{reference(), true, true};
  EXPECT_DEATH(ksfuzz::run_scenario(s, o), "BAD_POOL_CALLER \\(0xC2\\) 0x07(.|\n)*attempting double-free");
}

TEST(DispatchProperties, TheSameScenarioWithOwnedDescriptorsRunsClean) {
  Scenario s = shared_world("query file=1 info=DACL length=256\n");
  s.world.items[1].kind = model::SlotKind::kOwned;
  s.world.items[1].tag = 0x2064734b;
  auto f = ksfuzz::run_scenario(s, RunOptions{reference(), true, true});
  EXPECT_FALSE(f.has_value()) << (f ? report(*f, s, true) : "");
}

TEST(DispatchProperties, ContractModeReportsTheSharedReplacementWhereItHappens) {
  Scenario s = shared_world("");
  auto f = ksfuzz::run_scenario(s, RunOptions{reference(), true});
  ASSERT_TRUE(f.has_value());
  EXPECT_EQ(f->signature(), "reference/SetSecurity/freed-while-shared");
  std::string r = report(*f, s, true);
  EXPECT_NE(r.find("\"create item 0\""), std::string::npos) << r;
}

}  // namespace
