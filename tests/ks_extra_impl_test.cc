// ks_extra_impl_test.cc — extra implementations given as EXTRA files (as KSFUZZ_EXTRA_IMPLS gives
// them to every binary) are listed, selectable and run: tests/data/extra_impl.c,
// tests/data/extra_impl_cxx.cc and the README's docs/examples/own_routine.c.
#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

#include "harness/scenario/runner.h"
#include "harness/scenario/text.h"
#include "tests/support/ks_fixture.h"

extern "C" LONG KsfuzzTestExtraCalls(void);

namespace {

using ksfuzz::test::KsFixture;
using ksfuzz::test::sd_sddl;

TEST(ExtraImplTest, ExtrasAreListedAfterTheBuiltInOnes) {
  for (const char* name : {"extra_counting", "extra_cxx", "my_routine"}) {
    const KSFUZZ_IMPL* impl = KsfuzzImplFind(name);
    ASSERT_NE(impl, nullptr) << name;
    EXPECT_EQ(impl->Kind, KsfuzzImplExtra) << name;
    EXPECT_EQ(impl->BugClass, nullptr) << name;
    EXPECT_EQ(impl->QuerySecurity, KsDispatchQuerySecurity) << name;
  }
  const KSFUZZ_IMPL* last = KsfuzzImplAt(KsfuzzImplCount() - 1);
  EXPECT_STREQ(last->Name, "my_routine");
  EXPECT_STREQ(KsfuzzImplFind("my_routine")->Description,
               "MySetSecurity from docs/examples/own_routine.c");
}

TEST(ExtraImplTest, FourArgumentMutantCarriesItsNameAsBugClass) {
  const KSFUZZ_IMPL* impl = KsfuzzImplFind("extra_denies_everything");
  ASSERT_NE(impl, nullptr);
  EXPECT_EQ(impl->Kind, KsfuzzImplMutant);
  EXPECT_STREQ(impl->BugClass, "extra_denies_everything");
}

TEST(ExtraImplTest, ExtrasAreSelectableByFlagAndEnvironment) {
  EXPECT_EQ(KsfuzzImplSelect("extra_cxx", stderr), KsfuzzImplFind("extra_cxx"));
  setenv(KSFUZZ_IMPL_ENV, "my_routine", 1);
  EXPECT_EQ(KsfuzzImplSelect(nullptr, stderr), KsfuzzImplFind("my_routine"));
  unsetenv(KSFUZZ_IMPL_ENV);
}

// The I/O manager's capture of a caller's descriptor lives in the emulated kernel's arena, as pool
// blocks do: a routine that reads it after the IRP is done stops AddressSanitizer at the read,
// and the harness names it a use after free (of no pool block: KsfuzzArenaWhereIs).
TEST(ExtraImplDeathTest, AReadOfAFreedCaptureIsAUseAfterFree) {
  auto s = ksfuzz::parse_scenario(
      "ksfuzz-scenario 1\n"
      "item 0 owned pool=NonPagedPool tag=0x2064734b flags=0x0 sd=O:BAG:BAD:(A;;GA;;;WD)\n"
      "file 0 item=0\n"
      "set file=0 info=DACL sd=D:(A;;GR;;;WD)\n"
      "set file=0 info=DACL sd=D:(A;;GA;;;WD)\n");
  ASSERT_TRUE(s.ok()) << s.error();
  ksfuzz::RunOptions options;
  options.impl = KsfuzzImplFind("extra_keeps_capture");
  ASSERT_NE(options.impl, nullptr);
  EXPECT_DEATH(ksfuzz::run_scenario(s.value(), options),
               "use-after-poison(.|\n)*SUMMARY: ksfuzz: extra_keeps_capture/SetSecurity/use-after-free");
}

class ExtraImplRunTest : public KsFixture {};

TEST_F(ExtraImplRunTest, TheSelectedExtraIsTheRoutineKsDispatchIrpCalls) {
  Own(0, "O:BAG:SYD:(A;;FA;;;SY)");
  Use(KsfuzzImplSelect("extra_counting", stderr));
  LONG before = KsfuzzTestExtraCalls();
  auto sent = Set(0, DACL_SECURITY_INFORMATION, "D:(A;;GR;;;WD)");
  EXPECT_EQ(KsfuzzTestExtraCalls(), before + 1);
  EXPECT_EQ(sent.returned, STATUS_SUCCESS);
  EXPECT_EQ(sd_sddl(items_[0].SecurityDescriptor), "O:BAG:SYD:(A;;GR;;;WD)");
}

TEST_F(ExtraImplRunTest, TheReadmeExampleBehavesAsTheReference) {
  for (const char* name : {"reference", "my_routine"}) {
    SCOPED_TRACE(name);
    items_[0].Flags = 0;
    PSECURITY_DESCRIPTOR old = Own(0, "O:BAG:SYD:(A;;FA;;;SY)");
    Use(KsfuzzImplFind(name));
    auto failed = Set(0, OWNER_SECURITY_INFORMATION, "D:(A;;GA;;;WD)");
    EXPECT_EQ(failed.returned, STATUS_INVALID_OWNER);
    EXPECT_EQ(failed.completion.Count, 1u);
    EXPECT_EQ(items_[0].SecurityDescriptor, old);
    auto changed = Set(0, GROUP_SECURITY_INFORMATION, "G:WD");
    EXPECT_EQ(changed.returned, STATUS_SUCCESS);
    EXPECT_EQ(changed.completion.Status, STATUS_SUCCESS);
    EXPECT_FALSE(Live(old));
    EXPECT_EQ(sd_sddl(items_[0].SecurityDescriptor), "O:BAG:WDD:(A;;FA;;;SY)");
    EXPECT_EQ(items_[0].Flags, static_cast<ULONG>(KSCREATE_ITEM_SECURITYCHANGED));
    auto none = Set(kNoItemFile, DACL_SECURITY_INFORMATION, "D:(A;;GA;;;WD)");
    EXPECT_EQ(none.returned, STATUS_NO_SECURITY_ON_OBJECT);
    EXPECT_EQ(none.completion.Count, 1u);
  }
  EXPECT_EQ(KsfuzzVerifierViolationCount(), 0u);
}

}  // namespace
