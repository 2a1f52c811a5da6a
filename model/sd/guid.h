// model/sd/guid.h — model::Guid, the 16-byte object GUID of object ACEs ([MS-DTYP] 2.3.4).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <ostream>
#include <string_view>

namespace model {

/// A GUID stored as its 16 wire bytes (Data1..Data3 little-endian, Data4 as is).
struct Guid {
  std::array<std::uint8_t, 16> bytes{};

  friend bool operator==(const Guid&, const Guid&) = default;
  friend auto operator<=>(const Guid&, const Guid&) = default;
};

/// Parses the 36-character form "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx" (either case).
std::optional<Guid> parse_guid(std::string_view text);

/// Prints the 36-character lowercase form, as Windows' SDDL printer does.
std::ostream& operator<<(std::ostream& os, const Guid& guid);

}  // namespace model
