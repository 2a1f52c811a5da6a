// harness/scenario/number.h — ksfuzz::parse_unsigned: the one reader of unsigned numbers in text
// (the scenario text form's tag=, flags=, length=, ... and the command line's --count, --seed).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace ksfuzz {

/// Reads `text` as an unsigned number no greater than `max`: decimal digits ("0", "42", "007" is
/// 7), or "0x" and hex digits of either case ("0x1F"). Returns nullopt for anything else: empty
/// text, a sign, spaces, "0x" alone, an "0X" prefix, trailing characters, a value that does not
/// fit in 64 bits, or one greater than `max`.
std::optional<std::uint64_t> parse_unsigned(std::string_view text, std::uint64_t max = UINT64_MAX);

}  // namespace ksfuzz
