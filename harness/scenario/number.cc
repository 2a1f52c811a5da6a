// harness/scenario/number.cc — parse_unsigned.
#include "harness/scenario/number.h"

namespace ksfuzz {

std::optional<std::uint64_t> parse_unsigned(std::string_view text, std::uint64_t max) {
  unsigned base = 10;
  if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
    base = 16;
    text.remove_prefix(2);
  }
  if (text.empty()) return std::nullopt;
  std::uint64_t v = 0;
  for (char c : text) {
    unsigned d;
    if (c >= '0' && c <= '9') d = static_cast<unsigned>(c - '0');
    else if (base == 16 && c >= 'a' && c <= 'f') d = static_cast<unsigned>(c - 'a' + 10);
    else if (base == 16 && c >= 'A' && c <= 'F') d = static_cast<unsigned>(c - 'A' + 10);
    else return std::nullopt;
    if (v > (max - d) / base) return std::nullopt;  // v * base + d > max
    v = v * base + d;
  }
  return v;
}

}  // namespace ksfuzz
