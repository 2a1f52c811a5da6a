// model/sd/sddl_claim.cc — resource attributes of RA ACEs: SDDL text to claim bytes and back.
//
// Layout Windows writes (CLAIM_SECURITY_ATTRIBUTE_RELATIVE_V1, [MS-DTYP] 2.4.10.1): Name offset,
// ValueType, Reserved, Flags, ValueCount, one offset per value; then the name (UTF-16, NUL), then
// the values back to back without alignment — 8 bytes for TI/TU, a NUL-terminated UTF-16 string
// for TS, a 4-byte length and the bytes for TX. TD and TB have no Windows vectors and are
// rejected rather than guessed (docs/SDDL.md).
#include "model/sd/sddl_claim.h"

#include <charconv>
#include <cstring>

#include "model/sd/sddl_table.h"

namespace model::sddl {
namespace {

using detail::Cursor;
using detail::digit_value;

constexpr std::uint16_t kInt64 = 0x0001, kUint64 = 0x0002, kString = 0x0003, kOctets = 0x0010;

void put16(std::vector<std::uint8_t>& out, std::uint16_t v) {
  out.push_back(static_cast<std::uint8_t>(v));
  out.push_back(static_cast<std::uint8_t>(v >> 8));
}
void put32(std::vector<std::uint8_t>& out, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}
std::uint32_t get32(std::span<const std::uint8_t> b, std::size_t at) {
  return b[at] | b[at + 1] << 8 | b[at + 2] << 16 | static_cast<std::uint32_t>(b[at + 3]) << 24;
}

class ClaimParser {
 public:
  ClaimParser(Cursor& cur, std::vector<std::uint8_t>& out) : cur_(cur), out_(out) {}

  bool claim() {
    cur_.skip_space();
    if (!cur_.accept('(')) return cur_.fail("resource attribute: expected '('");
    cur_.skip_space();
    std::vector<std::uint8_t> name;
    if (!quoted(name, true)) return false;
    if (!comma()) return false;
    const std::size_t type_at = cur_.pos;
    const ClaimTypeSpelling* type =
        cur_.text.size() - type_at >= 2 ? find_claim_type(cur_.text.substr(type_at, 2)) : nullptr;
    if (!type) return cur_.fail("resource attribute: unknown value type");
    if (type->value_type != kInt64 && type->value_type != kUint64 &&
        type->value_type != kString && type->value_type != kOctets)
      return cur_.fail("resource attribute: TD and TB values are not supported");
    cur_.pos += 2;
    if (!comma()) return false;
    std::uint64_t flags = 0;
    bool negative = false;
    if (!number(flags, negative, false) || flags > 0xFFFFFFFFu) return cur_.fail("resource attribute: bad flags");

    std::vector<std::vector<std::uint8_t>> values;
    do {
      if (!comma()) return false;
      values.emplace_back();
      if (!value(type->value_type, values.back())) return false;
      cur_.skip_space();
    } while (cur_.peek() == ',');
    if (!cur_.accept(')')) return cur_.fail("resource attribute: expected ')'");

    const std::size_t start = out_.size();
    const auto header = static_cast<std::uint32_t>(16 + 4 * values.size());
    put32(out_, header);
    put16(out_, type->value_type);
    put16(out_, 0);
    put32(out_, static_cast<std::uint32_t>(flags));
    put32(out_, static_cast<std::uint32_t>(values.size()));
    std::size_t offset = header + name.size();
    for (const auto& v : values) {
      put32(out_, static_cast<std::uint32_t>(offset));
      offset += v.size();
    }
    out_.insert(out_.end(), name.begin(), name.end());
    for (const auto& v : values) out_.insert(out_.end(), v.begin(), v.end());
    while ((out_.size() - start) % 4) out_.push_back(0);
    return true;
  }

 private:
  bool comma() {
    cur_.skip_space();
    if (!cur_.accept(',')) return cur_.fail("resource attribute: expected ','");
    cur_.skip_space();
    return true;
  }

  // A "..." string as NUL-terminated UTF-16; in the name, "%xxxx" stands for one code unit.
  bool quoted(std::vector<std::uint8_t>& into, bool escapes) {
    if (!cur_.accept('"')) return cur_.fail("resource attribute: expected '\"'");
    const std::size_t end = cur_.text.find('"', cur_.pos);
    if (end == std::string_view::npos) return cur_.fail("resource attribute: unterminated string");
    while (cur_.pos < end) {
      std::size_t run = cur_.pos;
      while (run < end && !(escapes && cur_.text[run] == '%')) ++run;
      if (!detail::append_utf16le(into, cur_.text.substr(cur_.pos, run - cur_.pos)))
        return cur_.fail("resource attribute: string is not valid UTF-8");
      cur_.pos = run;
      if (cur_.pos < end) {  // "%xxxx"
        std::uint32_t unit = 0;
        for (int i = 1; i <= 4; ++i) {
          const int d = cur_.pos + i < end ? digit_value(cur_.text[cur_.pos + i], 16) : -1;
          if (d < 0) return cur_.fail("resource attribute: '%' must start four hex digits");
          unit = unit * 16 + d;
        }
        if (unit == 0) return cur_.fail("resource attribute: \"%0000\" in the name");
        into.push_back(static_cast<std::uint8_t>(unit));
        into.push_back(static_cast<std::uint8_t>(unit >> 8));
        cur_.pos += 5;
      }
    }
    cur_.pos = end + 1;
    into.push_back(0);
    into.push_back(0);
    return true;
  }

  // [-] then 0x-hex, 0-octal or decimal, at most 64 bits.
  bool number(std::uint64_t& v, bool& negative, bool sign_allowed) {
    const std::size_t start = cur_.pos;
    negative = sign_allowed && cur_.accept('-');
    const int base = detail::read_radix(cur_);
    const std::size_t digits = cur_.pos;
    v = 0;
    for (int d; !cur_.at_end() && (d = digit_value(cur_.peek(), base)) >= 0; ++cur_.pos) {
      if (v > (~std::uint64_t{0} - d) / base) return cur_.fail("resource attribute: number overflow", start);
      v = v * base + d;
    }
    return cur_.pos != digits || cur_.fail("resource attribute: expected a number", start);
  }

  bool value(std::uint16_t type, std::vector<std::uint8_t>& into) {
    const std::size_t start = cur_.pos;
    if (type == kString) return quoted(into, false);
    if (type == kOctets) {
      // Windows reads TX values as hex digits, even ones that look like numbers ("0077").
      while (digit_value(cur_.peek(), 16) >= 0 && !cur_.at_end()) ++cur_.pos;
      std::string_view digits = cur_.text.substr(start, cur_.pos - start);
      if (digits.size() % 2) return cur_.fail("resource attribute: odd number of hex digits", start);
      put32(into, static_cast<std::uint32_t>(digits.size() / 2));
      for (std::size_t i = 0; i < digits.size(); i += 2)
        into.push_back(static_cast<std::uint8_t>(digit_value(digits[i], 16) * 16 +
                                                 digit_value(digits[i + 1], 16)));
      return true;
    }
    std::uint64_t v = 0;
    bool negative = false;
    if (!number(v, negative, type == kInt64)) return false;
    if (type == kInt64) {
      if (v > (negative ? std::uint64_t{1} << 63 : (std::uint64_t{1} << 63) - 1))
        return cur_.fail("resource attribute: TI value out of range", start);
      if (negative) v = 0 - v;
    }
    for (int i = 0; i < 8; ++i) into.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
    return true;
  }

  Cursor& cur_;
  std::vector<std::uint8_t>& out_;
};

// Reads the claim in `data` and writes its text; the caller checks the bytes are canonical.
class ClaimPrinter {
 public:
  ClaimPrinter(std::span<const std::uint8_t> data, std::string& out, std::string& why)
      : data_(data), out_(out), why_(why) {}

  bool print() {
    if (data_.size() < 16) return fail("shorter than the claim header");
    const std::uint32_t name_at = get32(data_, 0);
    const std::uint16_t type = static_cast<std::uint16_t>(data_[4] | data_[5] << 8);
    const std::uint32_t flags = get32(data_, 8), count = get32(data_, 12);
    if (count == 0 || count > (data_.size() - 16) / 4) return fail("bad value count");
    const ClaimTypeSpelling* spelling = find_claim_type(type);
    if (!spelling || (type != kInt64 && type != kUint64 && type != kString && type != kOctets))
      return fail("value type without a supported spelling");
    out_ += "(\"";
    if (!string_at(name_at, true)) return false;
    out_ += "\",";
    out_ += spelling->text;
    char buf[32];
    out_ += ",0x";
    out_.append(buf, std::to_chars(buf, buf + sizeof buf, flags, 16).ptr);
    for (std::uint32_t i = 0; i < count; ++i) {
      out_ += ',';
      const std::uint32_t at = get32(data_, 16 + 4 * i);
      if (type == kString) {
        out_ += '"';
        const std::size_t opened = out_.size();
        if (!string_at(at, false)) return false;
        if (out_.find('"', opened) != std::string::npos) return fail("string value holds a '\"'");
        out_ += '"';
      } else if (type == kOctets) {
        if (at > data_.size() || data_.size() - at < 4 || get32(data_, at) > data_.size() - at - 4)
          return fail("octet value runs past the data");
        static constexpr char kHex[] = "0123456789abcdef";
        for (std::uint8_t b : data_.subspan(at + 4, get32(data_, at))) {
          out_ += kHex[b >> 4];
          out_ += kHex[b & 15];
        }
      } else {
        if (at > data_.size() || data_.size() - at < 8) return fail("value runs past the data");
        std::uint64_t v = 0;
        for (int k = 0; k < 8; ++k) v |= std::uint64_t{data_[at + k]} << (8 * k);
        auto r = type == kInt64 ? std::to_chars(buf, buf + sizeof buf, static_cast<std::int64_t>(v))
                                : std::to_chars(buf, buf + sizeof buf, v);
        out_.append(buf, r.ptr);
      }
    }
    out_ += ')';
    return true;
  }

 private:
  bool fail(const char* what) {
    why_ = what;
    return false;
  }

  // The NUL-terminated UTF-16 string at `at`; the name escapes what SDDL cannot hold literally.
  bool string_at(std::uint32_t at, bool escape) {
    std::size_t end = at;
    while (end + 1 < data_.size() && (data_[end] | data_[end + 1]) != 0) end += 2;
    if (at >= data_.size() || end + 1 >= data_.size()) return fail("string runs past the data");
    auto units = data_.subspan(at, end - at);
    if (!escape) return detail::append_utf8(out_, units) || fail("string is not valid UTF-16");
    for (std::size_t i = 0; i < units.size(); i += 2) {
      const unsigned unit = units[i] | units[i + 1] << 8;
      detail::append_name_unit(out_, unit);
    }
    return true;
  }

  std::span<const std::uint8_t> data_;
  std::string& out_;
  std::string& why_;
};

}  // namespace

bool parse_resource_attribute(Cursor& cur, const SddlContext&, std::vector<std::uint8_t>& data) {
  return ClaimParser(cur, data).claim();
}

bool append_resource_attribute(std::string& out, std::span<const std::uint8_t> data,
                               const SddlContext& ctx, std::string& why) {
  // Offsets, padding and value forms have one canonical layout; the parser defines it.
  return detail::append_exact(
      out, data, why, [&] { return ClaimPrinter(data, out, why).print(); },
      [&](Cursor& cur, std::vector<std::uint8_t>& again) { return parse_resource_attribute(cur, ctx, again); });
}

}  // namespace model::sddl
