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

/// The last input decoded, kept with its bytes: decoding the same bytes again gives it back as it
/// is. libFuzzer mutates a unit several times in a row, running each result before the next
/// mutation, so from the second on its mutator is handed the very bytes the run just decoded:
/// fuzz_dispatch's run, mutator and cross-over share one (fuzz/target.h).
class LastDecoded {
 public:
  enum class Mode {
    kKeep,    ///< the default
    kNever,   ///< decode afresh every time (to time a run with its decode)
    kCheck,   ///< keep, and decode afresh beside it each time it is given back: abort on a difference
  };
  /// KSFUZZ_DECODE_CACHE: unset or "keep", "never", "check"; exits with status 2 on another value.
  static Mode mode_from_environment();

  explicit LastDecoded(Mode mode = Mode::kKeep) : mode_(mode) {}
  /// `bytes` decoded: the one kept when `bytes` are what it was decoded from, else decoded afresh
  /// over it (decode_scenario_into). Valid until the next call; not to be changed.
  const Scenario& decode(std::span<const std::uint8_t> bytes) { return decode_kept(bytes); }
  /// The same, for the caller to change: forgotten at once, so the next decode of any bytes
  /// decodes afresh over what the caller made of it (the mutator and the cross-over).
  Scenario& decode_to_change(std::span<const std::uint8_t> bytes) {
    Scenario& s = decode_kept(bytes);
    valid_ = false;
    return s;
  }

 private:
  Scenario& decode_kept(std::span<const std::uint8_t> bytes);

  Mode mode_;
  Scenario scenario_;
  std::vector<std::uint8_t> bytes_;
  bool valid_ = false;
};

/// Canonical: decode_scenario(encode_scenario(s)) == s for every s decode_scenario returns.
std::vector<std::uint8_t> encode_scenario(const Scenario& s);
void encode_scenario_into(const Scenario& s, std::vector<std::uint8_t>& out);

}  // namespace ksfuzz
