// harness/gen/sddl_gen.h — RapidCheck generators of SDDL text, each part paired with its meaning.
//
// Example usage:
//   auto field = *ksfuzz::gen::sddl_rights_field();
//   auto sd = model::parse_sddl("D:(A;;" + field.text + ";;;WD)");
#pragma once

#include <rapidcheck.h>

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

namespace ksfuzz::gen {

/// One part of an SDDL rights field, with the mask docs/SDDL.md ("Rights fields") says it
/// stands for: a two-letter right stands for its mask in the spelling table; a number for its
/// value as written, saturated at 0xffffffff, then negated modulo 2^32 after a '-'.
struct SddlRightsPart {
  std::string text;
  std::uint32_t mask = 0;
  bool number = false;
};

/// A rights field and the parts it was joined from.
struct SddlRightsField {
  std::string text;
  std::vector<SddlRightsPart> parts;
};

/// Rights fields that mix the two forms: at least one two-letter right (any spelling of the
/// table, any case) and one number (hex with 0x or 0X, octal, decimal, negative, overflowing),
/// in any order. Parts follow one another directly or after spaces, and always after spaces
/// where the next part would otherwise read as more digits of the number before it ("0x1"
/// then "FA"); never a space at either end.
rc::Gen<SddlRightsField> sddl_rights_field();

inline void showValue(const SddlRightsField& field, std::ostream& os) {
  os << '"' << field.text << "\" from";
  for (const SddlRightsPart& p : field.parts)
    os << " [" << p.text << " = 0x" << std::hex << p.mask << std::dec << ']';
}

}  // namespace ksfuzz::gen
