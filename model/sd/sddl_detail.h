// model/sd/sddl_detail.h — internal to the SDDL code: the text cursor and SID text form.
//
// Shared by sddl.cc and the parsers of an ACE's seventh field (conditional expressions, resource
// attributes). Not part of the model's API.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "model/expected.h"
#include "model/sd/sddl.h"
#include "model/sd/sid.h"

namespace model::sddl::detail {

/// SDDL's whitespace: space and \t \n \v \f \r.
constexpr bool is_space(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }
constexpr char ascii_upper(char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 32) : c; }
/// The value of digit `c` in `base` (at most 16), or -1.
constexpr int digit_value(char c, int base) {
  int v = -1;
  if (c >= '0' && c <= '9') v = c - '0';
  else if (c >= 'a' && c <= 'f') v = c - 'a' + 10;
  else if (c >= 'A' && c <= 'F') v = c - 'A' + 10;
  return v < base ? v : -1;
}

/// A position in SDDL text that keeps the first error raised. Columns are offsets into the whole
/// text, so errors from nested parsers need no shifting.
struct Cursor {
  explicit Cursor(std::string_view t) : text(t) {}

  std::string_view text;
  std::size_t pos = 0;
  std::optional<Error> error;

  bool at_end() const { return pos >= text.size(); }
  /// The character `ahead` places on, or '\0' past the end.
  char peek(std::size_t ahead = 0) const {
    return pos + ahead < text.size() ? text[pos + ahead] : '\0';
  }
  void skip_space() {
    while (!at_end() && is_space(text[pos])) ++pos;
  }
  /// Consumes `c` if it is next.
  bool accept(char c) {
    if (peek() != c || at_end()) return false;
    ++pos;
    return true;
  }
  /// Records an error at `at` (the first one wins) and returns false, for `return fail(...)`.
  bool fail(std::string rule, std::size_t at) {
    if (!error) error = Error{std::move(rule), at};
    return false;
  }
  bool fail(std::string rule) { return fail(std::move(rule), pos); }
};

/// Reads the radix prefix of a C-style number at the cursor — "0x"/"0X" is hex (consumed), a
/// leading 0 octal, else decimal — and returns the base.
inline int read_radix(Cursor& cur) {
  if (cur.peek() == '0' && (cur.peek(1) == 'x' || cur.peek(1) == 'X')) {
    cur.pos += 2;
    return 16;
  }
  return cur.peek() == '0' ? 8 : 10;
}

/// Parses a SID at the cursor: "S-1-..." in Windows' lenient numeric form, or a two-letter alias
/// (either case). After an alias, whitespace is skipped; after the numeric form it is not (Windows
/// rejects "(A;;GA;;;S-1-3-4 )" but accepts "(A;;GA;;;WD )").
bool parse_sid(Cursor& cur, const SddlContext& ctx, Sid& out);

/// Appends the alias Windows prints for `sid`, or its S-1-... form.
void append_sid(std::string& out, const Sid& sid, const SddlContext& ctx);

/// Appends `utf8` as UTF-16LE code units; false if it is not valid UTF-8.
bool append_utf16le(std::vector<std::uint8_t>& out, std::string_view utf8);
/// Appends the UTF-16LE `units` as UTF-8; false on an odd length or an unpaired surrogate.
bool append_utf8(std::string& out, std::span<const std::uint8_t> units);

/// Appends the text `print(out)` writes for `data`, but only if `parse(cursor, bytes)` reads that
/// text back to exactly `data`: the printers write what the bytes say, and only the parser knows
/// whether that text means these exact bytes (token widths, number forms, names that read as
/// keywords, layouts). Otherwise leaves `out` as it was, sets `why` and returns false.
template <typename Print, typename Parse>
bool append_exact(std::string& out, std::span<const std::uint8_t> data, std::string& why, Print print,
                  Parse parse) {
  const std::size_t start = out.size();
  if (!print()) {
    out.resize(start);
    return false;
  }
  Cursor cur{std::string_view(out).substr(start)};
  std::vector<std::uint8_t> again;
  if (!parse(cur, again) || !cur.at_end() || !std::equal(again.begin(), again.end(), data.begin(), data.end())) {
    out.resize(start);
    why = "the bytes have no SDDL spelling that parses back to them";
    return false;
  }
  return true;
}

/// Appends one UTF-16 code unit of an attribute or claim name: as itself when [MS-DTYP]'s
/// attr-char2 allows it literally, else as "%xxxx" (Windows writes "@DEVICE.%002c" for a ',').
void append_name_unit(std::string& out, unsigned unit);

/// Whether `sid` has a text form that parses back to it (authority below 2^48, at most 15
/// sub-authorities).
bool sid_is_printable(const Sid& sid);

}  // namespace model::sddl::detail
