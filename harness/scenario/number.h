// harness/scenario/number.h — the one parser of unsigned numbers in text the user writes.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace ksfuzz {

/// Decimal or 0x hex, no sign, no trailing text, at most `max`; nothing otherwise.
std::optional<std::uint64_t> parse_unsigned(std::string_view text, std::uint64_t max);

}  // namespace ksfuzz
