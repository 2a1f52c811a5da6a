// ks_registry_test.cc — the implementation and driver registries, --impl / $KSFUZZ_IMPL and
// --driver / $KSFUZZ_DRIVER selection.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include <ksfuzz/driver.h>
#include <ksfuzz/implementation.h>

#include "harness/scenario/scenario_driver.h"

namespace {

/// What a selection printed to its error stream.
class Captured {
 public:
  Captured() : file_(std::tmpfile()) {}
  ~Captured() { std::fclose(file_); }
  FILE* file() { return file_; }
  std::string text() {
    std::fflush(file_);
    std::rewind(file_);
    std::string out;
    for (int c; (c = std::fgetc(file_)) != EOF;) out.push_back(static_cast<char>(c));
    return out;
  }

 private:
  FILE* file_;
};

class SelectTest : public ::testing::Test {
 protected:
  void SetUp() override { unsetenv(KSFUZZ_IMPL_ENV); }
  void TearDown() override { unsetenv(KSFUZZ_IMPL_ENV); }
};

TEST(RegistryTest, ReferenceComesFirstThenMutantsThenExtrasEachByName) {
  ASSERT_GE(KsfuzzImplCount(), 1u);
  const KSFUZZ_IMPL* first = KsfuzzImplAt(0);
  EXPECT_STREQ(first->Name, "reference");
  EXPECT_EQ(first->Kind, KsfuzzImplReference);
  EXPECT_EQ(first->SetSecurity, KsDispatchSetSecurity);
  EXPECT_EQ(first->QuerySecurity, KsDispatchQuerySecurity);
  EXPECT_EQ(first->BugClass, nullptr);
  for (ULONG i = 1; i < KsfuzzImplCount(); ++i) {
    const KSFUZZ_IMPL* before = KsfuzzImplAt(i - 1);
    const KSFUZZ_IMPL* impl = KsfuzzImplAt(i);
    EXPECT_NE(impl->Kind, KsfuzzImplReference) << impl->Name;
    EXPECT_TRUE(before->Kind < impl->Kind ||
                (before->Kind == impl->Kind && std::string(before->Name) < impl->Name))
        << before->Name << " before " << impl->Name;
  }
  EXPECT_EQ(KsfuzzImplAt(KsfuzzImplCount()), nullptr);
}

TEST(RegistryTest, EveryImplementationCanBeCalled) {
  for (ULONG i = 0; i < KsfuzzImplCount(); ++i) {
    const KSFUZZ_IMPL* impl = KsfuzzImplAt(i);
    SCOPED_TRACE(impl->Name);
    EXPECT_NE(impl->SetSecurity, nullptr);
    EXPECT_NE(impl->QuerySecurity, nullptr);  // a NULL query routine was made the reference's
    EXPECT_NE(impl->Description, nullptr);
    EXPECT_EQ(impl->BugClass != nullptr, impl->Kind == KsfuzzImplMutant);
    EXPECT_EQ(KsfuzzImplFind(impl->Name), impl);
  }
}

TEST(RegistryTest, MutantsCarryTheirBugClass) {
  const KSFUZZ_IMPL* free_new = KsfuzzImplFind("free_new");
  ASSERT_NE(free_new, nullptr);
  EXPECT_EQ(free_new->Kind, KsfuzzImplMutant);
  EXPECT_STREQ(free_new->BugClass, "freed-while-held");
  EXPECT_EQ(free_new->QuerySecurity, KsDispatchQuerySecurity);
  EXPECT_STREQ(KsfuzzImplFind("query_overflow")->BugClass, "buffer-overflow|bad-access");
}

TEST(RegistryTest, KindsHaveNames) {
  EXPECT_STREQ(KsfuzzImplKindName(KsfuzzImplReference), "reference");
  EXPECT_STREQ(KsfuzzImplKindName(KsfuzzImplMutant), "mutant");
  EXPECT_STREQ(KsfuzzImplKindName(KsfuzzImplExtra), "extra");
  EXPECT_EQ(KsfuzzImplFind("no_such_implementation"), nullptr);
}

TEST_F(SelectTest, DefaultIsTheReference) {
  EXPECT_EQ(KsfuzzImplSelect(nullptr, stderr), KsfuzzImplFind("reference"));
  setenv(KSFUZZ_IMPL_ENV, "", 1);
  EXPECT_EQ(KsfuzzImplSelect(nullptr, stderr), KsfuzzImplFind("reference"));
}

TEST_F(SelectTest, EnvironmentChoosesAndANameOverridesIt) {
  setenv(KSFUZZ_IMPL_ENV, "leak_old", 1);
  EXPECT_EQ(KsfuzzImplSelect(nullptr, stderr), KsfuzzImplFind("leak_old"));
  EXPECT_EQ(KsfuzzImplSelect("free_new", stderr), KsfuzzImplFind("free_new"));
}

TEST_F(SelectTest, UnknownNameIsAnErrorListingTheKnownOnes) {
  Captured err;
  EXPECT_EQ(KsfuzzImplSelect("nope", err.file()), nullptr);
  std::string text = err.text();
  EXPECT_NE(text.find("unknown implementation 'nope' (from --impl); known: reference, "),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("free_new"), std::string::npos) << text;

  Captured from_env;
  setenv(KSFUZZ_IMPL_ENV, "nope", 1);
  EXPECT_EQ(KsfuzzImplSelect(nullptr, from_env.file()), nullptr);
  EXPECT_NE(from_env.text().find("(from $KSFUZZ_IMPL)"), std::string::npos);
}

TEST_F(SelectTest, ArgumentsAreTakenOutOfArgv) {
  std::vector<std::string> words = {"fuzz_set", "-runs=10", "--impl", "leak_old", "corpus"};
  std::vector<char*> argv;
  for (auto& w : words) argv.push_back(w.data());
  argv.push_back(nullptr);
  int argc = static_cast<int>(words.size());
  EXPECT_EQ(KsfuzzImplSelectFromArgs(&argc, argv.data(), stderr), KsfuzzImplFind("leak_old"));
  ASSERT_EQ(argc, 3);
  EXPECT_STREQ(argv[0], "fuzz_set");
  EXPECT_STREQ(argv[1], "-runs=10");
  EXPECT_STREQ(argv[2], "corpus");
  EXPECT_EQ(argv[3], nullptr);
}

TEST_F(SelectTest, EqualsFormAndLastOneWins) {
  std::vector<std::string> words = {"ksfuzz", "--impl=leak_old", "--impl=free_new"};
  std::vector<char*> argv;
  for (auto& w : words) argv.push_back(w.data());
  argv.push_back(nullptr);
  int argc = static_cast<int>(words.size());
  EXPECT_EQ(KsfuzzImplSelectFromArgs(&argc, argv.data(), stderr), KsfuzzImplFind("free_new"));
  EXPECT_EQ(argc, 1);
}

TEST_F(SelectTest, WithoutTheFlagTheEnvironmentDecides) {
  setenv(KSFUZZ_IMPL_ENV, "free_new", 1);
  std::vector<std::string> words = {"ksfuzz", "corpus"};
  std::vector<char*> argv = {words[0].data(), words[1].data(), nullptr};
  int argc = 2;
  EXPECT_EQ(KsfuzzImplSelectFromArgs(&argc, argv.data(), stderr), KsfuzzImplFind("free_new"));
  EXPECT_EQ(argc, 2);
}

TEST_F(SelectTest, FlagWithoutValueIsAnError) {
  std::vector<std::string> words = {"ksfuzz", "--impl"};
  std::vector<char*> argv = {words[0].data(), words[1].data(), nullptr};
  int argc = 2;
  Captured err;
  EXPECT_EQ(KsfuzzImplSelectFromArgs(&argc, argv.data(), err.file()), nullptr);
  EXPECT_NE(err.text().find("--impl needs an implementation name"), std::string::npos);
}

class DriverSelectTest : public ::testing::Test {
 protected:
  void SetUp() override { unsetenv(KSFUZZ_DRIVER_ENV); }
  void TearDown() override { unsetenv(KSFUZZ_DRIVER_ENV); }
};

// This binary holds the built-in driver and two examples (tests/CMakeLists.txt).
TEST_F(DriverSelectTest, TheBuiltInDriverComesFirstThenTheOthersByName) {
  ASSERT_EQ(KsfuzzDriverCount(), 3u);
  EXPECT_EQ(KsfuzzDriverAt(0), &ksfuzz_driver_scenario);
  EXPECT_STREQ(KsfuzzDriverAt(1)->Name, "own_copies");
  EXPECT_STREQ(KsfuzzDriverAt(2)->Name, "shared_copy");
  EXPECT_EQ(KsfuzzDriverAt(3), nullptr);
  EXPECT_STREQ(KsfuzzDriverKindName(KsfuzzDriverAt(0)->Kind), "built-in");
  EXPECT_STREQ(KsfuzzDriverKindName(KsfuzzDriverAt(1)->Kind), "extra");
  EXPECT_NE(std::string(KsfuzzDriverAt(1)->SourceFile).find("driver_own_copies.c"), std::string::npos);
}

TEST_F(DriverSelectTest, DefaultIsScenarioTheEnvironmentChoosesAndANameOverridesIt) {
  EXPECT_EQ(KsfuzzDriverSelect(nullptr, stderr), &ksfuzz_driver_scenario);
  setenv(KSFUZZ_DRIVER_ENV, "own_copies", 1);
  EXPECT_EQ(KsfuzzDriverSelect(nullptr, stderr), KsfuzzDriverFind("own_copies"));
  EXPECT_EQ(KsfuzzDriverSelect("shared_copy", stderr), KsfuzzDriverFind("shared_copy"));
}

TEST_F(DriverSelectTest, UnknownNameIsAnErrorListingTheKnownOnes) {
  Captured err;
  EXPECT_EQ(KsfuzzDriverSelect("nope", err.file()), nullptr);
  EXPECT_NE(err.text().find("unknown driver 'nope' (from --driver); known: scenario, own_copies, shared_copy"),
            std::string::npos)
      << err.text();
  Captured from_env;
  setenv(KSFUZZ_DRIVER_ENV, "nope", 1);
  EXPECT_EQ(KsfuzzDriverSelect(nullptr, from_env.file()), nullptr);
  EXPECT_NE(from_env.text().find("(from $KSFUZZ_DRIVER)"), std::string::npos);
}

TEST_F(DriverSelectTest, TheFlagIsTakenOutOfArgvBesideImpl) {
  std::vector<std::string> words = {"fuzz_dispatch", "--driver", "own_copies", "--impl=leak_old", "corpus"};
  std::vector<char*> argv;
  for (auto& w : words) argv.push_back(w.data());
  argv.push_back(nullptr);
  int argc = static_cast<int>(words.size());
  EXPECT_EQ(KsfuzzDriverSelectFromArgs(&argc, argv.data(), stderr), KsfuzzDriverFind("own_copies"));
  EXPECT_EQ(KsfuzzImplSelectFromArgs(&argc, argv.data(), stderr), KsfuzzImplFind("leak_old"));
  ASSERT_EQ(argc, 2);
  EXPECT_STREQ(argv[1], "corpus");
  EXPECT_EQ(argv[2], nullptr);
}

TEST_F(DriverSelectTest, FlagWithoutValueIsAnError) {
  std::vector<std::string> words = {"ksfuzz", "--driver"};
  std::vector<char*> argv = {words[0].data(), words[1].data(), nullptr};
  int argc = 2;
  Captured err;
  EXPECT_EQ(KsfuzzDriverSelectFromArgs(&argc, argv.data(), err.file()), nullptr);
  EXPECT_NE(err.text().find("--driver needs a driver name"), std::string::npos);
}

}  // namespace
