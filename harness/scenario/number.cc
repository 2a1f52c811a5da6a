// harness/scenario/number.cc — parse_unsigned.
#include "harness/scenario/number.h"

#include <charconv>
#include <system_error>

namespace ksfuzz {

std::optional<std::uint64_t> parse_unsigned(std::string_view text, std::uint64_t max) {
  int base = 10;
  if (text.size() > 2 && text[0] == '0' && text[1] == 'x') {
    base = 16;
    text.remove_prefix(2);
  }
  // from_chars takes no sign or space of its own; "0x" in front of the digits it would read as a
  // single 0 with junk behind, which the end check below refuses.
  std::uint64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value, base);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || value > max) return std::nullopt;
  return value;
}

}  // namespace ksfuzz
