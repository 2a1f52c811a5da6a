// harness/scenario/text.h — the text form of a Scenario, for people: read, write, diff, keep.
//
//   ksfuzz-scenario 1
//   mode captured                    (or hostile)
//   fail-allocation 2                (only when there is a fault plan)
//   item 0 owned pool=NonPagedPool tag=0x64536b4b flags=0x0 sd=O:BAD:(A;;FA;;;SY)
//   item 1 shared-with=0 flags=0x0
//   item 2 none flags=0x0
//   item 3 static flags=0x0 not-self-relative sd=D:
//   item 4 default flags=0x1 hex=01000480...
//   file 0 item=0                    (or no-item; "closed" after it: an Open op opens it)
//   set file=0 info=OWNER|DACL sd=O:SYG:SY      (or hex=... for bytes SDDL cannot express)
//   query file=0 info=DACL length=64
//   close file=0
//   open file=1
//   in-flight first=1 count=2 schedule=12:1,0:0   (ops 1 and 2 at the same time; after every op)
// Each op line is "<keyword> file=N" and its kind's fields (harness/scenario/ops/<op>.h).
//
// Descriptors print as SDDL when SDDL gives back exactly the same value (or, for SetSecurity
// input, the same bytes), else as hex; `sd=`/`hex=` always ends the line. Blank lines and lines
// starting with '#' are ignored.
#pragma once

#include <string>
#include <string_view>

#include "harness/scenario/scenario.h"
#include "model/expected.h"

namespace ksfuzz {

inline constexpr std::string_view kScenarioTextHeader = "ksfuzz-scenario 1";

/// True if `bytes` start with the text header (how `replay` tells text from binary).
bool looks_like_scenario_text(std::string_view bytes);

std::string print_scenario(const Scenario& s);
/// One op's line, without the newline.
std::string print_op(const Op& op);
/// One group's line, without the newline.
std::string print_group(const Group& g);

/// Parses the text form. On error, Error::rule is "line L, column C: what", Error::offset the
/// byte offset in `text`. parse_scenario(print_scenario(s)) == s.
model::Expected<Scenario> parse_scenario(std::string_view text);

}  // namespace ksfuzz
