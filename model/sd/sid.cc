// model/sd/sid.cc — model::Sid construction, comparison and printing.
#include "model/sd/sid.h"

#include <algorithm>
#include <cstdio>
#include <cassert>
#include <tuple>

namespace model {

Sid Sid::make(std::uint64_t authority, std::initializer_list<std::uint32_t> subs) {
  assert(subs.size() <= kMaxSubAuthorities);
  Sid sid;
  sid.authority = authority & 0xFFFFFFFFFFFFull;
  sid.count = static_cast<std::uint8_t>(subs.size());
  std::copy(subs.begin(), subs.end(), sid.sub.begin());
  return sid;
}

bool operator==(const Sid& a, const Sid& b) {
  return a.authority == b.authority && a.count == b.count &&
         std::equal(a.sub.begin(), a.sub.begin() + a.count, b.sub.begin());
}

bool operator<(const Sid& a, const Sid& b) {
  if (a.authority != b.authority) return a.authority < b.authority;
  return std::lexicographical_compare(a.sub.begin(), a.sub.begin() + a.count, b.sub.begin(),
                                      b.sub.begin() + b.count);
}

std::ostream& operator<<(std::ostream& os, const Sid& sid) {
  os << "S-1-";
  // [MS-DTYP] 2.4.2.1: authorities that do not fit 32 bits print as 0x%012llx.
  if (sid.authority >= (1ull << 32)) {
    char buf[24];
    std::snprintf(buf, sizeof buf, "0x%012llx", static_cast<unsigned long long>(sid.authority));
    os << buf;
  } else {
    os << sid.authority;
  }
  for (std::size_t i = 0; i < sid.count; ++i) os << '-' << sid.sub[i];
  return os;
}

}  // namespace model
