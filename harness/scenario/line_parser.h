// harness/scenario/line_parser.h — a cursor over one line of the scenario text form, and the
// field readers (key=value, numbers, SecurityInformation, descriptors) the lines are made of.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "model/expected.h"

namespace ksfuzz {

/// Knows where it is in the text, for errors of the form "line L, column C: what".
class LineParser {
 public:
  LineParser(std::string_view line, std::size_t line_no, std::size_t line_offset)
      : line_(line), line_no_(line_no), line_offset_(line_offset) {}

  /// An error at the current position.
  model::Error error(const std::string& what) const;
  bool at_end();
  /// The next space-delimited word.
  std::string_view word();
  /// The rest of the line (for sd=/hex= values, which may hold spaces).
  std::string_view rest();
  /// True if the next word starts with `key`; consumes nothing.
  bool next_is(std::string_view key);
  /// Where the next word starts; set_pos() goes back there to point an error at it.
  std::size_t pos();
  void set_pos(std::size_t p) { pos_ = p; }

 private:
  void skip_spaces();
  std::string_view line_;
  std::size_t line_no_, line_offset_, pos_ = 0;
};

/// "key=value": the value, or an error naming the key.
model::Expected<std::string_view> keyed(LineParser& p, std::string_view key);
/// "key=N" with N decimal or 0x hex, at most `max`.
model::Expected<std::uint64_t> keyed_number(LineParser& p, std::string_view key, std::uint64_t max);
/// "info=OWNER|DACL|0x100": SECURITY_INFORMATION names or numbers joined by '|'.
model::Expected<std::uint32_t> keyed_info(LineParser& p);
/// "sd=SDDL" or "hex=BYTES" to the end of the line, as self-relative bytes (under the size bound).
model::Expected<std::vector<std::uint8_t>> descriptor_bytes(LineParser& p);

/// A descriptor value as the text form writes it: "sd=<SDDL>" when SDDL gives back exactly these
/// bytes, else "hex=<bytes>".
std::string descriptor_text(std::span<const std::uint8_t> bytes);

}  // namespace ksfuzz
