// tests/sddl_properties_test.cc — RapidCheck properties of SDDL printing and parsing.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "harness/gen/sd_gen.h"
#include "harness/gen/sddl_gen.h"
#include "model/sd/codec.h"
#include "model/sd/sddl.h"

namespace {

RC_GTEST_PROP(SddlProperties, ExpressibleDescriptorsPrintAndParseBack, ()) {
  auto sd = *ksfuzz::gen::sddl_expressible_descriptor();
  auto text = model::print_sddl(sd);
  RC_ASSERT(text.ok());
  auto back = model::parse_sddl(*text);
  RC_ASSERT(back.ok());
  RC_ASSERT(back.value() == sd);
}

// For every descriptor: either text that parses back to exactly it, or an error that says why.
RC_GTEST_PROP(SddlProperties, PrintingIsExactOrAnError, (const model::SecurityDescriptor& sd)) {
  auto text = model::print_sddl(sd);
  if (!text) {
    RC_ASSERT(!text.error().rule.empty());
    return;
  }
  auto back = model::parse_sddl(*text);
  RC_ASSERT(back.ok());
  RC_ASSERT(back.value() == sd);
}

RC_GTEST_PROP(SddlProperties, PrintingIsAFixedPoint, ()) {
  // Any descriptor that prints; most arbitrary ones do not, so half come from the expressible set.
  auto sd = *rc::gen::oneOf(ksfuzz::gen::descriptor(), ksfuzz::gen::sddl_expressible_descriptor());
  auto text = model::print_sddl(sd);
  RC_PRE(text.ok());
  auto again = model::print_sddl(model::parse_sddl(*text).value());
  RC_ASSERT(again.ok());
  RC_ASSERT(*again == *text);
}

RC_GTEST_PROP(SddlProperties, ParsedSddlEncodesToBytesThatDecode, ()) {
  auto sd = *ksfuzz::gen::sddl_expressible_descriptor();
  auto parsed = model::parse_sddl(model::print_sddl(sd).value());
  RC_ASSERT(parsed.ok());
  auto decoded = model::decode(model::encode(*parsed));
  RC_ASSERT(decoded.ok());
  RC_ASSERT(decoded.value() == parsed.value());
}

// docs/SDDL.md, "Rights fields": a field mixing two-letter rights and numbers, in any order,
// stands for the bitwise OR of what each part stands for. The expected mask is folded here from
// the generated parts, not read back through the parser.
RC_GTEST_PROP(SddlProperties, MixedRightsFieldIsTheOrOfItsParts, ()) {
  const auto field = *ksfuzz::gen::sddl_rights_field();
  std::uint32_t expected = 0;
  for (const auto& part : field.parts) expected |= part.mask;
  auto sd = model::parse_sddl("D:(A;;" + field.text + ";;;WD)");
  RC_ASSERT(sd.ok());
  RC_ASSERT(sd->dacl->aces.at(0).mask == expected);
}

// print_sddl is print_sddl_as_windows that refuses whenever the text would lose something.
RC_GTEST_PROP(SddlProperties, ExactPrintingIsWindowsPrintingWithNothingLost,
              (const model::SecurityDescriptor& sd)) {
  auto exact = model::print_sddl(sd);
  auto windows = model::print_sddl_as_windows(sd);
  RC_ASSERT(exact.ok() == (windows.ok() && windows->lossy.empty()));
  if (exact) RC_ASSERT(*exact == windows->text);
}

// What Windows prints, lossy or not, is text that prints back as itself.
RC_GTEST_PROP(SddlProperties, WindowsPrintingIsAFixedPoint, (const model::SecurityDescriptor& sd)) {
  auto windows = model::print_sddl_as_windows(sd);
  RC_PRE(windows.ok());
  auto parsed = model::parse_sddl(windows->text);
  RC_ASSERT(parsed.ok());
  auto again = model::print_sddl(*parsed);
  RC_ASSERT(again.ok());
  RC_ASSERT(*again == windows->text);
}

TEST(SddlProperties, WhatSddlCannotSayIsAnErrorNotText) {
  model::SecurityDescriptor sd;
  sd.control |= model::control::kDaclPresent;
  sd.dacl = model::Acl{};
  model::Ace opaque;
  opaque.type = 0x42;
  opaque.data = {1, 2, 3, 4};
  sd.dacl->aces.push_back(opaque);
  auto text = model::print_sddl(sd);
  ASSERT_FALSE(text.ok()) << *text;
  EXPECT_FALSE(text.error().rule.empty());
  sd.dacl->aces.clear();
  sd.dacl->slack = {0, 0, 0, 0};
  EXPECT_FALSE(model::print_sddl(sd).ok());
}

}  // namespace
