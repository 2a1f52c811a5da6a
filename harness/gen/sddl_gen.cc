// harness/gen/sddl_gen.cc — generators of SDDL rights fields.
#include "harness/gen/sddl_gen.h"

#include <algorithm>
#include <iterator>
#include <numeric>

#include "model/sd/sddl_table.h"

namespace ksfuzz::gen {
namespace {

char random_case(char c) {
  const bool lower = *rc::gen::arbitrary<bool>();
  return lower && c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

rc::Gen<SddlRightsPart> rights_spelling() {
  return rc::gen::exec([] {
    const auto& table = model::sddl::kRights;
    const auto& r = table[*rc::gen::inRange<std::size_t>(0, std::size(table))];
    SddlRightsPart part;
    for (char c : r.text) part.text += random_case(c);
    part.mask = r.mask;
    return part;
  });
}

// The digits of `value` in `base` (at least one), letters in random case.
std::string spell(std::uint64_t value, unsigned base) {
  static constexpr char kDigits[] = "0123456789ABCDEF";
  std::string out;
  do {
    out += random_case(kDigits[value % base]);
    value /= base;
  } while (value);
  std::reverse(out.begin(), out.end());
  return out;
}

rc::Gen<SddlRightsPart> rights_number() {
  return rc::gen::exec([] {
    SddlRightsPart part;
    part.number = true;
    const unsigned base = *rc::gen::element(16u, 8u, 10u);
    std::uint32_t magnitude;
    std::string digits;
    if (*rc::gen::weightedElement<bool>({{1, true}, {5, false}})) {
      // Past 32 bits: at least 9 hex, 12 octal or 11 decimal digits after a non-zero one.
      const std::size_t min = base == 16 ? 9 : base == 8 ? 12 : 11;
      const auto n = *rc::gen::inRange<std::size_t>(min, min + 12);
      digits = spell(*rc::gen::inRange<unsigned>(1, base), base);
      for (std::size_t i = 1; i < n; ++i)
        digits += spell(*rc::gen::inRange<unsigned>(0, base), base);
      magnitude = 0xFFFFFFFFu;
    } else {
      magnitude = *rc::gen::weightedOneOf<std::uint32_t>({
          {3, rc::gen::arbitrary<std::uint32_t>()},
          {1, rc::gen::element<std::uint32_t>(0u, 1u, 0xFFFFFFFFu, 0x10000000u, 0x001F01FFu)},
      });
      // Leading zeros, but not on a decimal number: a leading 0 makes it octal.
      const auto zeros = base == 10 ? 0 : *rc::gen::inRange<std::size_t>(0, 3);
      digits = std::string(zeros, '0') + spell(magnitude, base);
    }
    if (base == 16) part.text = *rc::gen::element<std::string>("0x", "0X");
    if (base == 8) part.text = "0";
    part.text += digits;
    if (*rc::gen::weightedElement<bool>({{1, true}, {4, false}})) {
      part.text.insert(part.text.begin(), '-');
      magnitude = 0u - magnitude;
    }
    part.mask = magnitude;
    return part;
  });
}

// Whether `next` would be read as more digits of the number `before` if nothing came between.
bool continues_number(const SddlRightsPart& before, const SddlRightsPart& next) {
  if (!before.number) return false;
  const char c = next.text[0];
  const bool hex = before.text.find_first_of("xX") != std::string::npos;
  const bool hex_digit = (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  return (c >= '0' && c <= '9') || (hex && hex_digit);
}

}  // namespace

rc::Gen<SddlRightsField> sddl_rights_field() {
  return rc::gen::exec([] {
    SddlRightsField field;
    field.parts = *rc::gen::container<std::vector<SddlRightsPart>>(
        *rc::gen::inRange<std::size_t>(1, 4), rights_number());
    const auto rights = *rc::gen::container<std::vector<SddlRightsPart>>(
        *rc::gen::inRange<std::size_t>(1, 5), rights_spelling());
    field.parts.insert(field.parts.end(), rights.begin(), rights.end());
    // Any order: sort by generated keys.
    const auto keys =
        *rc::gen::container<std::vector<int>>(field.parts.size(), rc::gen::arbitrary<int>());
    std::vector<std::size_t> order(field.parts.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](auto a, auto b) { return keys[a] < keys[b]; });
    std::vector<SddlRightsPart> shuffled;
    for (std::size_t i : order) shuffled.push_back(field.parts[i]);
    field.parts = std::move(shuffled);

    for (std::size_t i = 0; i < field.parts.size(); ++i) {
      if (i > 0) {
        const bool needed = continues_number(field.parts[i - 1], field.parts[i]);
        const auto spaces =
            needed ? *rc::gen::inRange<std::size_t>(1, 3)
                   : *rc::gen::weightedElement<std::size_t>({{4, 0}, {1, 1}, {1, 2}});
        field.text.append(spaces, ' ');
      }
      field.text += field.parts[i].text;
    }
    return field;
  });
}

}  // namespace ksfuzz::gen
