// model/security_info_table.cc — lookups and the printer over kSecurityInfoBits.
#include "model/security_info_table.h"

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

}  // namespace model
