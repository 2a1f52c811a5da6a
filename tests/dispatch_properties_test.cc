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

#include <ksfuzz/driver.h>
#include <ksfuzz/implementation.h>
#include <ksfuzz/ks_harness.h>

#include "harness/gen/scenario_gen.h"
#include "harness/scenario/oracle.h"
#include "harness/scenario/runner.h"
#include "harness/scenario/text.h"

namespace {

using ksfuzz::Finding;
using ksfuzz::RunOptions;
using ksfuzz::Scenario;

const KSFUZZ_IMPL* reference() { return KsfuzzImplFind("reference"); }

std::string report(const Finding& f, const Scenario& s, bool contract) {
  return ksfuzz::finding_report(f, ksfuzz::ReportContext{&s, contract, {}});
}

RC_GTEST_PROP(DispatchProperties, ReferenceMatchesTheModel, ()) {
  auto s = *ksfuzz::gen::scenario({});
  auto f = ksfuzz::run_scenario(s, RunOptions{reference()});
  if (f) RC_FAIL(report(*f, s, false));
}

// ---- The stateful test: one command an op, the model a plain value, the session the system. ----
//
// rc::state steps the model (apply); run() sends the op to the session and has the oracle compare
// what the session observed with the model's outcome. The session never sees the model.

struct System {
  ksfuzz::Session session;
  ksfuzz::Oracle oracle;
  System(const model::World& w, const RunOptions& o) : session(w, o), oracle(session.built_world(), session.setup()) {}
};

struct OpCommand : rc::state::Command<model::World, System> {
  ksfuzz::Op op;
  explicit OpCommand(const model::World& w) : op(*ksfuzz::gen::op(w)) {}
  void apply(model::World& world) const override { ksfuzz::step(world, op); }
  void run(const model::World& before, System& system) const override {
    model::World after = before;
    model::Outcome want = ksfuzz::step(after, op);
    const ksfuzz::Observation& seen = system.session.send(op);
    if (auto f = system.oracle.compare(op, want, after, seen)) {
      system.session.stop(*f, ksfuzz::op_name(op), 0);
      RC_FAIL(report(*f, Scenario{before, {op}}, false));
    }
  }
  void show(std::ostream& os) const override { os << ksfuzz::print_op(op); }
};

// The stateful property against `impl`: a world, then ops one at a time, then teardown.
void stateful_property(const KSFUZZ_IMPL* impl) {
  model::World world = *ksfuzz::gen::world({});
  ksfuzz::make_within_contract(world);
  model::World initial = world;
  model::assign_initial_blocks(initial);
  System system(world, RunOptions{impl});
  RC_ASSERT(!system.session.setup_error());
  rc::state::check(initial, system, rc::state::gen::execOneOfWithArgs<OpCommand>());
  if (auto f = system.oracle.check_teardown(system.session.finish())) RC_FAIL(f->signature() + ": " + f->what);
}

RC_GTEST_PROP(DispatchProperties, StatefulReferenceAgainstTheModel, ()) { stateful_property(reference()); }

// The stateful property can fail: a mutant that only a sequence reaches (the old descriptor is
// freed on a failed merge, which the next op's read or the teardown's free then trips over).
TEST(DispatchProperties, StatefulPropertyCatchesASequenceMutant) {
  rc::detail::TestParams params;
  params.maxSuccess = 500;
  params.seed = 11;
  const KSFUZZ_IMPL* mutant = KsfuzzImplFind("free_on_failure");
  ASSERT_NE(mutant, nullptr);
  auto result = rc::detail::checkTestable([mutant] { stateful_property(mutant); }, rc::detail::TestMetadata{}, params);
  rc::detail::FailureResult failure;
  ASSERT_TRUE(result.match(failure)) << "the stateful property passed against free_on_failure";
  EXPECT_NE(failure.description.find("free_on_failure/"), std::string::npos) << failure.description;
}

// The oracle reports an observation the model does not predict, whoever stepped the model.
TEST(DispatchProperties, OracleReportsAWrongObservation) {
  auto s = ksfuzz::parse_scenario(
      "ksfuzz-scenario 1\n"
      "item 0 owned pool=NonPagedPool tag=0x2064734b flags=0x0 sd=O:BAG:BAD:(A;;GA;;;WD)\n"
      "file 0 item=0\n"
      "query file=0 info=DACL length=4\n");
  ASSERT_TRUE(s.ok()) << s.error();
  System system(s->world, RunOptions{reference()});
  model::World after = system.oracle.world();
  model::Outcome want = ksfuzz::step(after, s->ops[0]);
  ksfuzz::Observation seen = system.session.send(s->ops[0]);
  EXPECT_FALSE(system.oracle.compare(s->ops[0], want, after, seen)) << "the reference's own observation";
  seen.information += 1;
  auto f = system.oracle.compare(s->ops[0], want, after, seen);
  ASSERT_TRUE(f.has_value());
  EXPECT_EQ(f->kind, ksfuzz::FindingKind::kWrongInformation);
  system.session.stop(*f, "QuerySecurity", 0);
}

// ---- Contract mode ----

// The ledger's name for what the model predicts at the first contract-breaking op.
std::optional<ksfuzz::FindingKind> predicted_violation(const Scenario& s) {
  model::World w = s.world;
  model::assign_initial_blocks(w);
  for (const auto& op : s.ops) {
    auto o = ksfuzz::step(w, op);
    if (o.violation == model::Violation::kFreedWhileShared) return ksfuzz::FindingKind::kFreedWhileShared;
    if (o.violation == model::Violation::kBadFree) return ksfuzz::FindingKind::kFreeNotPool;
  }
  return std::nullopt;
}

RC_GTEST_PROP(DispatchProperties, ContractModeReportsSharedAndStaticReplacements, ()) {
  auto s = *ksfuzz::gen::scenario({.contract = true});
  // One op at a time: in a group, the IRP after the replacement reads the freed block before the
  // oracle looks, and AddressSanitizer ends the process (SharedDescriptorRacedInFlight below).
  s.groups.clear();
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

// ---- Drivers: the world is read back from what Setup built (docs/SEMANTICS.md W1-W6) ----

// The built-in driver builds the scenario's world, and reading it back gives that world: the same
// slots, sharing, descriptors and flags (an owned slot in paged pool with the kernel's SD tag reads
// as the default slot it cannot be told from), and the same files.
RC_GTEST_PROP(DispatchProperties, TheScenarioDriversWorldReadsBackAsTheScenario, ()) {
  auto s = *ksfuzz::gen::scenario({.contract = true});
  ksfuzz::Session session(s.world, RunOptions{.impl = reference(), .contract = true});
  RC_ASSERT(!session.setup_error());
  const model::World& got = session.built_world();
  RC_ASSERT(got.items.size() == s.world.items.size());
  for (std::size_t i = 0; i < got.items.size(); ++i) {
    model::Item want = s.world.items[i];
    if (want.kind == model::SlotKind::kOwned && want.pool == model::PoolKind::kPaged && want.tag == KSFUZZ_SE_SD_TAG)
      want.kind = model::SlotKind::kDefault;
    if (want.kind != model::SlotKind::kOwned) want.pool = model::PoolKind::kNonPaged, want.tag = 0;
    RC_ASSERT(got.items[i] == want);
  }
  RC_ASSERT(got.files == s.world.files);
  RC_ASSERT(got.hostile == s.world.hostile);
  RC_ASSERT(got.fail_allocation == s.world.fail_allocation);
  session.finish();
}

// A driver that keeps the contract (docs/examples/driver_own_copies.c) passes every scenario on its
// items, its own teardown included.
RC_GTEST_PROP(DispatchProperties, ADriverThatKeepsTheContractMatchesTheModel, ()) {
  auto s = *ksfuzz::gen::scenario({});
  RunOptions o{.impl = reference(), .driver = KsfuzzDriverFind("own_copies")};
  RC_ASSERT(o.driver != nullptr);
  auto f = ksfuzz::run_scenario(s, o);
  if (f) RC_FAIL(report(*f, s, false));
}

// One that shares a descriptor between two items (docs/examples/driver_shared_copy.c) is caught
// whenever a SetSecurity succeeds on either, as the model predicts: freed-while-shared.
RC_GTEST_PROP(DispatchProperties, ADriverThatSharesADescriptorIsCaughtAsTheModelPredicts, ()) {
  auto s = *ksfuzz::gen::scenario({});
  s.groups.clear();
  RunOptions o{.impl = reference(), .driver = KsfuzzDriverFind("shared_copy")};
  std::vector<model::Item> items;
  RC_ASSERT(!ksfuzz::read_driver_items(o, items));
  Scenario on_driver = s;
  ksfuzz::put_on_driver_items(on_driver, items);
  auto want = predicted_violation(on_driver);
  RC_CLASSIFY(want.has_value(), "replaces the shared descriptor");
  auto f = ksfuzz::run_scenario(s, o);
  if (!want) {
    if (f) RC_FAIL(report(*f, s, false));
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

struct Verdict {
  std::string line;       // what scripts/mutants.sh reads
  std::string signature;  // the first finding's, as the runner wrote it; empty if none
};

// Runs the property against `impl` in a child process (a mutant may be caught by
// AddressSanitizer, which ends the process). The runner writes each finding's signature to a
// pipe of its own, sanitizer findings included.
Verdict check_in_child(const KSFUZZ_IMPL* impl) {
  int fds[2], sig[2];
  EXPECT_EQ(pipe(fds), 0);
  EXPECT_EQ(pipe(sig), 0);
  void* shared = mmap(nullptr, sizeof(MutantProgress), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  EXPECT_NE(shared, MAP_FAILED);
  auto* progress = new (shared) MutantProgress;
  std::fflush(nullptr);
  pid_t pid = fork();
  if (pid == 0) {
    close(fds[0]);
    close(sig[0]);
    dup2(fds[1], STDERR_FILENO);
    rc::detail::TestParams params;
    params.maxSuccess = kMutantCases;
    params.seed = mutant_seed();
    auto start = std::chrono::steady_clock::now();
    auto result = rc::detail::checkTestable(
        [impl, progress, start, fd = sig[1]] {
          progress->case_started = seconds_since(start);
          ++progress->cases;
          auto s = *ksfuzz::gen::scenario({});
          RunOptions o{impl};
          o.signature_fd = fd;
          auto f = ksfuzz::run_scenario(s, o);
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
        ops += line.find(" file=") != std::string::npos;
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
  close(sig[1]);
  auto drain = [](int fd) {
    std::string out;
    char buf[4096];
    for (ssize_t n; (n = read(fd, buf, sizeof buf)) > 0;) out.append(buf, static_cast<std::size_t>(n));
    close(fd);
    return out;
  };
  std::string out = drain(fds[0]);
  std::string signatures = drain(sig[0]);
  std::string first = signatures.substr(0, signatures.find('\n'));
  int status = 0;
  waitpid(pid, &status, 0);
  MutantProgress seen = *progress;
  munmap(shared, sizeof(MutantProgress));
  constexpr std::string_view kVerdict = "\nverdict: ";
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0 && out.rfind(kVerdict) != std::string::npos)
    return {out.substr(out.rfind(kVerdict) + kVerdict.size()), first};
  // Killed by a sanitizer: during its first failing case, or while shrinking a failure.
  int passing = seen.passing >= 0 ? seen.passing : seen.cases - 1;
  double seconds = seen.first_failure >= 0 ? seen.first_failure : seen.case_started;
  if (first.empty()) return {"died without a ksfuzz signature\n", first};
  char when[96];
  std::snprintf(when, sizeof when, "after %d passing cases in %.3f s", passing, seconds);
  return {"caught by a sanitizer " + std::string(when) + ": SUMMARY: ksfuzz: " + first + "\n", first};
}

// KSFUZZ_MUTANTS, split at commas; empty when unset: every mutant.
std::set<std::string> mutants_wanted() {
  std::set<std::string> names;
  std::istringstream list(std::getenv("KSFUZZ_MUTANTS") ? std::getenv("KSFUZZ_MUTANTS") : "");
  for (std::string name; std::getline(list, name, ',');)
    if (!name.empty()) names.insert(name);
  return names;
}

// Every built-in mutant is caught, including those whose bug only IRPs in flight together can show
// (scenarios have groups in flight: the executor and scheduler in harness/scenario/).
TEST(DispatchProperties, EveryBuiltInMutantIsCaught) {
  const std::set<std::string> wanted = mutants_wanted();
  std::size_t mutants = 0;
  for (ULONG i = 0; i < KsfuzzImplCount(); ++i) {
    const KSFUZZ_IMPL* impl = KsfuzzImplAt(i);
    if (impl->Kind != KsfuzzImplMutant) continue;
    if (!wanted.empty() && !wanted.count(impl->Name)) continue;
    ++mutants;
    Verdict verdict = check_in_child(impl);
    std::cout << "mutant " << impl->Name << ": " << verdict.line << std::flush;
    EXPECT_EQ(verdict.line.find("caught"), 0u) << impl->Name << " survived the properties: " << verdict.line;
    // Caught for its own bug class: the first finding's kind is the one the mutant declares.
    std::string kind = verdict.signature.substr(verdict.signature.rfind('/') + 1);
    EXPECT_TRUE(ksfuzz::is_bug_class(kind, impl->BugClass))
        << impl->Name << " was caught as " << verdict.signature << ", not as " << impl->BugClass;
  }
  if (wanted.empty()) EXPECT_GE(mutants, 17u);
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
  EXPECT_DEATH(ksfuzz::run_scenario(s, o),
               "use-after-poison(.|\n)*bytes into pool block #1, freed: a use after free(.|\n)*"
               "SUMMARY: ksfuzz: reference/QuerySecurity/freed-while-shared");
}

TEST(DispatchPropertiesDeathTest, SharedDescriptorFreedAgainAtTeardownIsADoubleFree) {
  Scenario s = shared_world("");
  RunOptions o{reference(), true, true};
  EXPECT_DEATH(ksfuzz::run_scenario(s, o),
               "BAD_POOL_CALLER \\(0xC2\\) 0x07(.|\n)*freed AGAIN by \"teardown\"(.|\n)*"
               "SUMMARY: ksfuzz: reference/Teardown/double-free");
}

TEST(DispatchPropertiesDeathTest, SharedDescriptorRacedInFlightIsFreedWhileShared) {
  Scenario s = shared_world("query file=1 info=DACL length=256\nin-flight first=0 count=2 schedule=-\n");
  RunOptions o{reference(), true};
  EXPECT_DEATH(ksfuzz::run_scenario(s, o),
               "use-after-poison(.|\n)*freed: a use after free(.|\n)*SUMMARY: ksfuzz: reference/QuerySecurity/freed-while-shared");
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
