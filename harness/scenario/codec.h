// harness/scenario/codec.h — the binary form of a Scenario: the only parser of scenario bytes.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "harness/scenario/scenario.h"

namespace ksfuzz {

/// Total: every byte string decodes to a valid scenario within the bounds of scenario.h, and
/// bytes past the scenario are ignored. Invalid pieces are mapped, not rejected, so every
/// mutation of the bytes means something.
Scenario decode_scenario(std::span<const std::uint8_t> bytes);
/// decode_scenario() into `s`, reusing the storage of what it holds: a caller that decodes input
/// after input into the same Scenario allocates nothing once it has grown.
void decode_scenario_into(std::span<const std::uint8_t> bytes, Scenario& s);

/// Canonical: decode_scenario(encode_scenario(s)) == s for every s decode_scenario returns.
std::vector<std::uint8_t> encode_scenario(const Scenario& s);
void encode_scenario_into(const Scenario& s, std::vector<std::uint8_t>& out);

}  // namespace ksfuzz
