// model/sd/sid.h — model::Sid, a security identifier ([MS-DTYP] 2.4.2) as a value.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <ostream>

namespace model {

/// A SID with revision 1 (the only one Windows accepts). Sub-authorities are held inline so a Sid
/// never touches the heap.
struct Sid {
  static constexpr std::size_t kMaxSubAuthorities = 15;

  std::uint64_t authority = 0;  ///< the 48-bit IdentifierAuthority
  std::uint8_t count = 0;       ///< SubAuthorityCount, at most kMaxSubAuthorities
  std::array<std::uint32_t, kMaxSubAuthorities> sub{};

  /// Requires subs.size() <= kMaxSubAuthorities.
  static Sid make(std::uint64_t authority, std::initializer_list<std::uint32_t> subs);

  /// Bytes of the binary form: 8 + 4 * count.
  std::size_t size() const { return 8 + 4 * std::size_t{count}; }

  /// Compares authority and the used sub-authorities only.
  friend bool operator==(const Sid& a, const Sid& b);
  friend bool operator<(const Sid& a, const Sid& b);
};

/// Prints the S-1-... form (authority in hex above 2^32, as Windows does).
std::ostream& operator<<(std::ostream& os, const Sid& sid);

}  // namespace model
