// model/security_info_table.cc — lookups and the printer over kSecurityInfoBits.
#include "model/security_info_table.h"

#include <cerrno>
#include <cstdlib>

#include <cstdio>

namespace model {

bool security_info_selects_ace_type(std::uint32_t info, std::uint8_t ace_type) {
  for (const SecurityInfoBit& b : kSecurityInfoBits)
    if ((info & b.bit) && b.sacl_ace_type &&
        static_cast<std::uint8_t>(*b.sacl_ace_type) == ace_type)
      return true;
  return false;
}

bool security_info_selects_sacl_aces(std::uint32_t info) {
  for (const SecurityInfoBit& b : kSecurityInfoBits)
    if ((info & b.bit) && b.sacl_ace_type) return true;
  return false;
}

std::string format_security_info(std::uint32_t info) {
  if (info == 0) return "0";
  std::string out;
  std::uint32_t rest = info;
  for (const SecurityInfoBit& b : kSecurityInfoBits) {
    if ((info & b.bit) == 0) continue;
    if (!out.empty()) out += '|';
    out += b.name;
    rest &= ~b.bit;
  }
  if (rest != 0) {
    char hex[16];
    std::snprintf(hex, sizeof hex, "0x%X", rest);
    if (!out.empty()) out += '|';
    out += hex;
  }
  return out;
}

std::optional<std::uint32_t> parse_security_info(std::string_view text) {
  if (text.empty()) return std::nullopt;
  std::uint32_t info = 0;
  while (!text.empty()) {
    std::size_t bar = text.find('|');
    std::string_view term = text.substr(0, bar);
    text = bar == std::string_view::npos ? std::string_view{} : text.substr(bar + 1);
    if (bar != std::string_view::npos && text.empty()) return std::nullopt;  // trailing '|'
    const SecurityInfoBit* named = nullptr;
    for (const SecurityInfoBit& b : kSecurityInfoBits)
      if (term == b.name) named = &b;
    if (named) {
      info |= named->bit;
      continue;
    }
    // A number: hex with 0x, else decimal.
    std::string digits(term);
    char* end = nullptr;
    errno = 0;
    unsigned long v = std::strtoul(digits.c_str(), &end, digits.rfind("0x", 0) == 0 ? 16 : 10);
    if (digits.empty() || *end != '\0' || errno != 0 || v > 0xFFFFFFFFul || digits[0] == '-')
      return std::nullopt;
    info |= static_cast<std::uint32_t>(v);
  }
  return info;
}

}  // namespace model
