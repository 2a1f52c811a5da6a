// tests/sddl_text_test.cc — SDDL text to text: Windows' normalisation and rejections.
//
// Each file under tests/data/windows-vectors/sddl-text holds `input -> expected` lines (a line
// without " -> " must print back unchanged; '#' starts a comment). Files of accepted input must
// parse and print as expected; files of rejected input must fail to parse.
#include <gtest/gtest.h>

#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "model/sd/sddl.h"
#include "model/sd/sddl_table.h"
#include "tests/support/windows_vectors.h"

namespace {

struct Case {
  std::size_t line;
  std::string input, expected;
};

std::vector<Case> read_cases(const std::string& name) {
  const std::string text = ksfuzz::test::read_data_file(
      std::string(KSFUZZ_TEST_DATA) + "/windows-vectors/sddl-text/" + name);
  std::vector<Case> cases;
  std::istringstream in(text);
  std::string line;
  for (std::size_t n = 1; std::getline(in, line); ++n) {
    if (line.empty() || line[0] == '#') continue;
    const std::size_t arrow = line.find(" -> ");
    if (arrow == std::string::npos) cases.push_back({n, line, line});
    else cases.push_back({n, line.substr(0, arrow), line.substr(arrow + 4)});
  }
  if (cases.empty()) ADD_FAILURE() << name << ": no cases";
  return cases;
}

// The vectors' domain; the text files use it for LA, LG, DA, ...
const model::SddlContext& context() {
  static const model::SddlContext ctx{model::parse_sddl_sid(ksfuzz::test::kVectorDomainSid).value()};
  return ctx;
}

std::string shorten(const std::string& s) { return s.size() > 300 ? s.substr(0, 300) + "..." : s; }

void expect_round_trips(const std::string& file) {
  std::size_t ok = 0, total = 0;
  std::vector<std::string> failures;
  for (const Case& c : read_cases(file)) {
    ++total;
    auto sd = model::parse_sddl(c.input, context());
    std::ostringstream why;
    if (!sd) {
      why << "parse failed: " << sd.error();
    } else if (auto text = model::print_sddl(*sd, context()); !text) {
      why << "print failed: " << text.error();
    } else if (*text != c.expected) {
      why << "printed  " << shorten(*text) << "\n    expected " << shorten(c.expected);
    } else {
      ++ok;
      continue;
    }
    failures.push_back(file + ":" + std::to_string(c.line) + ": " + shorten(c.input) + "\n    " +
                       why.str());
  }
  std::cout << "sddl-text: " << file << " parse+print " << ok << "/" << total << "\n";
  for (std::size_t i = 0; i < failures.size() && i < 10; ++i) ADD_FAILURE() << failures[i];
  EXPECT_EQ(ok, total);
}

void expect_rejected(const std::string& file) {
  std::size_t ok = 0, total = 0;
  std::vector<std::string> failures;
  for (const Case& c : read_cases(file)) {
    ++total;
    auto sd = model::parse_sddl(c.input, context());
    if (!sd) {
      ++ok;
      continue;
    }
    auto text = model::print_sddl(*sd, context());
    failures.push_back(file + ":" + std::to_string(c.line) + ": accepted " + shorten(c.input) +
                       "\n    as " + (text ? shorten(*text) : std::string("(unprintable)")));
  }
  std::cout << "sddl-text: " << file << " rejected " << ok << "/" << total << "\n";
  for (std::size_t i = 0; i < failures.size() && i < 10; ++i) ADD_FAILURE() << failures[i];
  EXPECT_EQ(ok, total);
}

TEST(SddlText, Canonical) { expect_round_trips("canonical.txt"); }
TEST(SddlText, NonCanonical) { expect_round_trips("non_canonical.txt"); }
TEST(SddlText, WindowsIsLessFussy) { expect_round_trips("windows_is_less_fussy.txt"); }
TEST(SddlText, WindowsIsWeird) { expect_round_trips("windows_is_weird.txt"); }
TEST(SddlText, ShouldFail) { expect_rejected("should_fail.txt"); }
TEST(SddlText, WindowsIsFussy) { expect_rejected("windows_is_fussy.txt"); }

TEST(SddlText, ConditionalAces) { expect_round_trips("conditional_aces.txt"); }
TEST(SddlText, ConditionalAcesWindowsOnly) { expect_round_trips("conditional_aces_windows_only.txt"); }
TEST(SddlText, ConditionalAcesCaseInsensitive) {
  expect_round_trips("conditional_aces_case_insensitive.txt");
}
TEST(SddlText, ConditionalAcesShouldFail) { expect_rejected("conditional_aces_should_fail.txt"); }

// Errors name a column inside the text, at the offending token.
TEST(SddlText, ErrorsCarryTheColumn) {
  struct {
    const char* text;
    std::size_t column;
  } const cases[] = {
      {"D:(Antlers;;GA;;;SY)", 3},
      {"D:(A;;GA;;;S-1-3-4 )", 18},
      {"D:(A;;GA ;;;LG)", 8},
      {"Q:(A;;GA;;;RU)", 0},
      {"D:(A;;GA;;;XX)", 11},
      {"O:SYG:SYX", 8},
      {"O:S-1-5-x", 8},
  };
  for (const auto& c : cases) {
    auto sd = model::parse_sddl(c.text, context());
    ASSERT_FALSE(sd) << c.text;
    EXPECT_EQ(sd.error().offset, c.column) << c.text << ": " << sd.error();
  }
}

TEST(SddlText, DomainRelativeAliasesNeedADomain) {
  EXPECT_FALSE(model::parse_sddl("O:DA"));
  EXPECT_TRUE(model::parse_sddl("O:BA"));
  auto sd = model::parse_sddl("O:DAG:LG", context());
  ASSERT_TRUE(sd);
  // Without the domain the same SIDs print in full.
  auto text = model::print_sddl(*sd);
  ASSERT_TRUE(text);
  EXPECT_EQ(*text,
            "O:S-1-5-21-2457507606-2709100691-398136650-512"
            "G:S-1-5-21-2457507606-2709100691-398136650-501");
}

TEST(SddlText, LabelAcesPrintLabelRights) {
  auto sd = model::parse_sddl("S:(ML;;NWNR;;;LW)");
  ASSERT_TRUE(sd) << sd.error();
  EXPECT_EQ(sd->sacl->aces[0].mask, 3u);
  EXPECT_EQ(model::print_sddl(*sd).value(), "S:(ML;;NWNR;;;LW)");
}

TEST(SddlText, NullAcls) {
  auto sd = model::parse_sddl("D:PNO_ACCESS_CONTROLS:NO_ACCESS_CONTROL");
  ASSERT_TRUE(sd) << sd.error();
  EXPECT_TRUE(sd->null_dacl());
  EXPECT_TRUE(sd->null_sacl());
  EXPECT_EQ(model::print_sddl(*sd).value(), "D:PNO_ACCESS_CONTROLS:NO_ACCESS_CONTROL");
}

// An object ACE naming no GUID becomes the plain type in an ACL sized for the object form: what
// the 17 slack-carrying Windows vectors show (docs/SDDL.md). SDDL cannot print that ACL.
TEST(SddlText, ObjectAceWithoutGuidsBecomesPlainWithSlack) {
  auto sd = model::parse_sddl("D:(OA;;CR;;;WD)");
  ASSERT_TRUE(sd) << sd.error();
  EXPECT_EQ(sd->dacl->aces[0].type, 0x00);
  EXPECT_EQ(sd->dacl->revision, 4);
  EXPECT_EQ(sd->dacl->slack.size(), 4u);
  EXPECT_FALSE(model::print_sddl(*sd));
  // Windows prints it as the plain ACE it became, which parses to other bytes, and says why.
  auto windows = model::print_sddl_as_windows(*sd);
  ASSERT_TRUE(windows) << windows.error();
  EXPECT_EQ(windows->text, "D:(A;;CR;;;WD)");
  EXPECT_EQ(windows->lossy.size(), 2u);  // the slack, the revision
}

// Each rights field, in the one ACE of "<prefix><rights>;;;WD)", parses to its mask.
struct RightsCase {
  const char* rights;
  std::uint32_t mask;
};
void expect_masks(const std::string& prefix, std::initializer_list<RightsCase> cases) {
  for (const RightsCase& c : cases) {
    const std::string text = prefix + c.rights + ";;;WD)";
    auto sd = model::parse_sddl(text);
    ASSERT_TRUE(sd) << text << ": " << sd.error();
    const auto& acl = sd->dacl ? sd->dacl : sd->sacl;
    EXPECT_EQ(acl->aces.at(0).mask, c.mask) << text;
  }
}

// Rights fields Windows accepts, from Wine's conformance test that runs on Windows
// (dlls/advapi32/tests/security.c, test_ConvertStringSecurityDescriptor): the masks it checks
// there, and for the mixed fields it only shows accepted, the mask docs/SDDL.md's rule gives.
TEST(SddlText, RightsFieldsWindowsAccepts) {
  expect_masks("S:(AU;;", {
                              {"1", 1},
                              {"020000000000", 0x80000000},  // octal
                              {"0X40000000", 0x40000000},
                              {"0xDeAdBeEf", 0xdeadbeef},
                              {"GR0xFFFFFFFF", 0xffffffff},
                              {"0xFFFFFFFFGR", 0xffffffff},
                              {"0xFFFFFGR", 0x800fffff},  // the hex digits stop at G
                          });
}

// The choices docs/SDDL.md makes where no source decides.
TEST(SddlText, RightsFieldsWhereNoSourceDecides) {
  expect_masks("D:(A;;", {
                             {"GA0x1GR", 0x90000001},       // a number between rights
                             {"1GA2", 0x10000003},          // two numbers
                             {"0x10000000GA", 0x10000000},  // overlapping parts: OR, not sum
                             {"0x1FA", 0x1fa},              // one hex number: FA are digits
                             {"0x1 FA", 0x1f01ff},          // a space ends it
                             {"GA-1", 0xffffffff},          // '-' starts a number anywhere
                             {"RP-9876543210", 0x11},       // saturate, negate, then OR
                             {"0GA", 0x10000000},           // zero is allowed, and adds nothing
                             {"08", 0x8},                   // octal 0 then decimal 8
                         });
  for (const char* rights : {"GA0x", "0x1 ", "GA 0x1\t", "0x1\tGA", "GAX1", "0x1 G"}) {
    const std::string text = std::string("D:(A;;") + rights + ";;;WD)";
    EXPECT_FALSE(model::parse_sddl(text)) << text;
  }
}

TEST(SddlText, UnprintableDescriptorsAreErrorsNotText) {
  model::SecurityDescriptor sd;
  sd.control = model::control::kSelfRelative | model::control::kDaclPresent;
  sd.dacl = model::Acl{};
  EXPECT_EQ(model::print_sddl(sd).value(), "D:");

  auto with = [&](auto change) {
    model::SecurityDescriptor copy = sd;
    change(copy);
    return model::print_sddl(copy);
  };
  EXPECT_FALSE(with([](auto& s) { s.sbz1 = 1; }));
  EXPECT_FALSE(with([](auto& s) { s.control |= model::control::kDaclDefaulted; }));
  EXPECT_FALSE(with([](auto& s) { s.control &= ~model::control::kSelfRelative; }));
  EXPECT_FALSE(with([](auto& s) { s.control |= model::control::kSaclProtected; }));
  EXPECT_FALSE(with([](auto& s) { s.dacl->slack = {0, 0, 0, 0}; }));
  EXPECT_FALSE(with([](auto& s) { s.dacl->revision = 4; }));
  EXPECT_FALSE(with([](auto& s) { s.dacl->sbz2 = 1; }));

  // Windows prints past each of those: the same text, and one reason each.
  auto as_windows = [&](auto change) {
    model::SecurityDescriptor copy = sd;
    change(copy);
    return model::print_sddl_as_windows(copy);
  };
  for (auto windows : {as_windows([](auto& s) { s.sbz1 = 1; }),
                       as_windows([](auto& s) { s.control |= model::control::kDaclDefaulted; }),
                       as_windows([](auto& s) { s.control &= ~model::control::kSelfRelative; }),
                       as_windows([](auto& s) { s.dacl->slack = {0, 0, 0, 0}; }),
                       as_windows([](auto& s) { s.dacl->revision = 4; }),
                       as_windows([](auto& s) { s.dacl->sbz2 = 1; })}) {
    ASSERT_TRUE(windows) << windows.error();
    EXPECT_EQ(windows->text, "D:");
    EXPECT_EQ(windows->lossy.size(), 1u);
  }
  // Flags of an absent ACL: what Windows prints is not known, so no text either way.
  EXPECT_FALSE(as_windows([](auto& s) { s.control |= model::control::kSaclProtected; }));

  model::Ace ace;
  ace.sid = model::Sid::make(1, {0});
  auto with_ace = [&](auto change) {
    return with([&](auto& s) {
      model::Ace a = ace;
      change(a);
      s.dacl->aces.push_back(a);
    });
  };
  EXPECT_EQ(with_ace([](auto&) {}).value(), "D:(A;;;;;WD)");
  EXPECT_FALSE(with_ace([](auto& a) { a.type = 0x04; }));        // opaque, no spelling
  EXPECT_FALSE(with_ace([](auto& a) { a.type = 0x02; }));        // audit ACE in a DACL
  EXPECT_FALSE(with_ace([](auto& a) { a.data = {0, 0, 0, 0}; }));  // bytes after the SID
  EXPECT_FALSE(with_ace([](auto& a) { a.type = 0x09; }));        // callback without "artx"
  EXPECT_FALSE(with_ace([](auto& a) { a.object_flags = 1; }));   // object flags on a plain ACE
}

// Every spelling of the table parses, and prints back as itself (KX prints as KR, its twin).
TEST(SddlTable, EverySpellingRoundTrips) {
  auto round_trip = [](const std::string& text, const std::string& expected) {
    auto sd = model::parse_sddl(text, context());
    if (!sd) {
      ADD_FAILURE() << text << ": " << sd.error();
      return;
    }
    auto printed = model::print_sddl(*sd, context());
    if (!printed) ADD_FAILURE() << text << ": " << printed.error();
    else EXPECT_EQ(*printed, expected) << text;
  };
  auto ace_text = [](model::sddl::AclKind acl, std::string_view type, std::string_view flags,
                     std::string_view rights, std::string_view tail) {
    std::string s = acl == model::sddl::AclKind::kDacl ? "D:(" : "S:(";
    s.append(type).append(";").append(flags).append(";").append(rights);
    s += model::ace_type_is_object(model::sddl::find_ace_type(type)->type)
             ? ";f30e3bbe-9ff0-11d1-b603-0000f80367c1;;WD"
             : ";;;WD";
    return s.append(tail).append(")");
  };
  auto tail_for = [](model::sddl::AceTail t) -> std::string {
    switch (t) {
      case model::sddl::AceTail::kNone: return "";
      case model::sddl::AceTail::kCondition: return ";(@USER.a == 1)";
      case model::sddl::AceTail::kResourceAttribute: return ";(\"a\",TS,0x0,\"b\")";
    }
    return "";
  };
  for (const auto& t : model::sddl::kAceTypes) {
    const std::string text = ace_text(t.acl, t.text, "", "", tail_for(t.tail));
    round_trip(text, text);
  }
  for (const auto& f : model::sddl::kAceFlags) {
    const auto* type = f.ace_type == model::sddl::kAnyAceType
                           ? model::sddl::find_ace_type("A")
                           : model::sddl::find_ace_type(static_cast<std::uint8_t>(f.ace_type));
    const std::string text = ace_text(type->acl, type->text, f.text, "", tail_for(type->tail));
    round_trip(text, text);
  }
  for (const auto& r : model::sddl::kRights) {
    const auto* type = r.ace_type == model::sddl::kAnyAceType
                           ? model::sddl::find_ace_type("A")
                           : model::sddl::find_ace_type(static_cast<std::uint8_t>(r.ace_type));
    const std::string text = ace_text(type->acl, type->text, "", r.text, "");
    round_trip(text, r.text == "KX" ? ace_text(type->acl, type->text, "", "KR", "") : text);
  }
  for (const auto& a : model::sddl::kSidAliases) {
    const std::string text = "O:" + std::string(a.text);
    round_trip(text, text);
  }
  for (const auto& f : model::sddl::kAclFlags) {
    const std::string text = "D:" + std::string(f.text) + "S:" + std::string(f.text);
    round_trip(text, text);
  }
}

}  // namespace
