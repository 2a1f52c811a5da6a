// model/sd/guid.cc — model::Guid text form.
#include "model/sd/guid.h"

#include <cstdio>

namespace model {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Text position of each wire byte: Data1..Data3 are little-endian on the wire, so their text
// digits run in reverse byte order; Data4 runs forward.
constexpr int kTextOrder[16] = {3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15};

}  // namespace

std::optional<Guid> parse_guid(std::string_view text) {
  if (text.size() != 36) return std::nullopt;
  Guid g;
  std::size_t pos = 0;
  for (int i = 0; i < 16; ++i) {
    if (pos == 8 || pos == 13 || pos == 18 || pos == 23) {
      if (text[pos] != '-') return std::nullopt;
      ++pos;
    }
    int hi = hex_value(text[pos]), lo = hex_value(text[pos + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    g.bytes[kTextOrder[i]] = static_cast<std::uint8_t>(hi * 16 + lo);
    pos += 2;
  }
  return g;
}

std::ostream& operator<<(std::ostream& os, const Guid& g) {
  char buf[40];
  char* p = buf;
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) *p++ = '-';
    p += std::snprintf(p, 3, "%02x", g.bytes[kTextOrder[i]]);
  }
  return os.write(buf, p - buf);
}

}  // namespace model
