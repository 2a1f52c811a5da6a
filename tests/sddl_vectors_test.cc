// tests/sddl_vectors_test.cc — SDDL parse and print against the bytes and text Windows produced.
//
// Every case counts. The only failures tolerated are the documented ones (docs/SDDL.md): vectors
// whose Windows bytes carry ACL slack, which no text produces (their key is Windows' printing of
// bytes made from some other text), so parse+encode and exact printing fail for them. Printing
// as Windows prints passes for all, and says it is lossy for exactly those. Each test prints its
// honest count and fails on any other failure, and also if the documented set changes size.
#include <gtest/gtest.h>

#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "model/sd/codec.h"
#include "model/sd/sddl.h"
#include "tests/support/windows_vectors.h"

namespace {

using ksfuzz::test::windows_vectors;
using ksfuzz::test::WindowsVector;

// Vectors whose Windows bytes hold an ACL with slack: see docs/SDDL.md, "Unsupported vectors".
constexpr std::size_t kDocumentedSlackVectors = 17;

const model::SddlContext& vector_context() {
  static const model::SddlContext ctx = [] {
    auto domain = model::parse_sddl_sid(ksfuzz::test::kVectorDomainSid);
    if (!domain) std::abort();
    return model::SddlContext{domain.value()};
  }();
  return ctx;
}

bool has_slack(const WindowsVector& v) {
  auto sd = model::decode(v.bytes);
  return sd && ((sd->dacl && !sd->dacl->slack.empty()) || (sd->sacl && !sd->sacl->slack.empty()));
}

// What Windows' printing of a slack vector loses: the slack, then the ACL revision.
bool slack_and_revision(const std::vector<std::string>& why) {
  return why.size() == 2 && why[0].find("slack") != std::string::npos &&
         why[1].find("revision") != std::string::npos;
}

std::string hex(const std::vector<std::uint8_t>& bytes) { return model::to_hex(bytes); }

// Tallies one check over the vectors and reports it. With `slack_documented`, a failure of a
// vector with slack counts as documented; without, every failure is unexpected.
struct Tally {
  Tally(const char* w, bool slack_documented) : what(w), slack_documented(slack_documented) {}
  const char* what;
  bool slack_documented;
  std::size_t total = 0, ok = 0, documented = 0;
  std::vector<std::string> unexpected;

  void pass() { ++total, ++ok; }
  void fail(const WindowsVector& v, const std::string& detail) {
    ++total;
    if (slack_documented && has_slack(v)) {
      ++documented;
      return;
    }
    unexpected.push_back(v.file + ": " + v.sddl.substr(0, 300) + "\n    " + detail);
  }
  void report() {
    std::cout << "windows vectors: " << what << " " << ok << "/" << total;
    if (total != ok)
      std::cout << " (" << documented << " documented in docs/SDDL.md, " << unexpected.size()
                << " unexpected)";
    std::cout << "\n";
    for (std::size_t i = 0; i < unexpected.size() && i < 100000; ++i)
      ADD_FAILURE() << unexpected[i];
    EXPECT_TRUE(unexpected.empty()) << unexpected.size() << " unexpected failures";
  }
};

TEST(SddlVectors, ParseThenEncodeGivesWindowsBytes) {
  Tally t{"parse+encode", true};
  for (const auto& v : windows_vectors()) {
    auto sd = model::parse_sddl(v.sddl, vector_context());
    if (!sd) {
      std::ostringstream os;
      os << "parse failed: " << sd.error();
      t.fail(v, os.str());
      continue;
    }
    auto bytes = model::encode(*sd);
    if (bytes != v.bytes) {
      t.fail(v, "encoded " + hex(bytes) + "\n    windows " + hex(v.bytes));
      continue;
    }
    t.pass();
  }
  t.report();
  EXPECT_EQ(t.documented, kDocumentedSlackVectors);
}

// Windows' printing of its own bytes, for every vector whose key is that printing:
// print_sddl_as_windows gives the key, and calls it lossy, for the slack and the ACL revision,
// for exactly the vectors whose bytes carry slack. print_sddl (exact) gives the key for the
// others and refuses those.
TEST(SddlVectors, DecodeThenPrintGivesWindowsText) {
  Tally windows{"decode+print", false};
  Tally exact{"decode+print (exact)", true};
  std::size_t lossy = 0, documented_expected = 0;
  for (const auto& v : windows_vectors()) {
    if (!v.key_is_windows_printing) continue;
    documented_expected += has_slack(v);
    auto sd = model::decode(v.bytes);
    if (!sd) {
      std::ostringstream os;
      os << "decode failed: " << sd.error();
      windows.fail(v, os.str());
      exact.fail(v, os.str());
      continue;
    }
    if (auto printed = model::print_sddl_as_windows(*sd, vector_context()); !printed) {
      std::ostringstream os;
      os << "print failed: " << printed.error();
      windows.fail(v, os.str());
    } else if (printed->text != v.sddl) {
      windows.fail(v, "printed " + printed->text);
    } else if (printed->lossy.empty() == has_slack(v)) {
      windows.fail(v, printed->lossy.empty() ? "not lossy, though the bytes carry slack"
                                             : "lossy: " + printed->lossy.front());
    } else if (!printed->lossy.empty() && !slack_and_revision(printed->lossy)) {
      windows.fail(v, "lossy for other reasons than slack and revision: " + printed->lossy.back());
    } else {
      lossy += !printed->lossy.empty();
      windows.pass();
    }
    if (auto text = model::print_sddl(*sd, vector_context()); !text) {
      std::ostringstream os;
      os << "print failed: " << text.error();
      exact.fail(v, os.str());
    } else if (*text != v.sddl) {
      exact.fail(v, "printed " + *text);
    } else {
      exact.pass();
    }
  }
  windows.report();
  std::cout << "windows vectors: decode+print lossy " << lossy
            << " (ACL slack and revision, documented in docs/SDDL.md)\n";
  exact.report();
  EXPECT_EQ(lossy, kDocumentedSlackVectors);
  EXPECT_EQ(exact.documented, documented_expected);
  EXPECT_EQ(documented_expected, kDocumentedSlackVectors);
}

// print_sddl's promise: whatever it prints parses back to the descriptor it printed.
TEST(SddlVectors, PrintedTextParsesBackToTheSameDescriptor) {
  std::size_t printed = 0, round_trips = 0;
  for (const auto& v : windows_vectors()) {
    auto sd = model::decode(v.bytes);
    if (!sd) continue;
    auto text = model::print_sddl(*sd, vector_context());
    if (!text) continue;
    ++printed;
    auto back = model::parse_sddl(*text, vector_context());
    if (!back) {
      ADD_FAILURE() << v.sddl << "\n  printed " << *text << "\n  which fails to parse: "
                    << back.error();
      continue;
    }
    if (!(*back == *sd)) {
      ADD_FAILURE() << v.sddl << "\n  printed " << *text << "\n  parses to " << *back
                    << "\n  not " << *sd;
      continue;
    }
    ++round_trips;
  }
  std::cout << "windows vectors: print+parse round trips " << round_trips << "/" << printed << "\n";
  EXPECT_EQ(round_trips, printed);
}

}  // namespace
