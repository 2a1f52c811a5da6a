// model/status.h — model::Status, the NTSTATUS values the rules in docs/SEMANTICS.md produce.
#pragma once

#include <cstdint>
#include <ostream>
#include <string_view>

namespace model {

/// NTSTATUS codes, with the values of ntstatus.h. Only the codes some rule names are listed;
/// any other 32-bit value may still be carried (an implementation under test can return anything)
/// and prints as hex.
enum class Status : std::uint32_t {
  kSuccess = 0x00000000,
  kBufferOverflow = 0x80000005,           ///< K4: a warning (NT_SUCCESS false, NT_WARNING true)
  kBufferTooSmall = 0xC0000023,           ///< Q3
  kInvalidOwner = 0xC000005A,             ///< S4
  kInvalidPrimaryGroup = 0xC000005B,      ///< S5
  kInvalidAcl = 0xC0000077,               ///< S9 (a merged SACL over 0xFFFF bytes)
  kObjectNameNotFound = 0xC0000034,       ///< O2
  kInvalidSecurityDescr = 0xC0000079,     ///< C1
  kInsufficientResources = 0xC000009A,    ///< S12
  kNoSecurityOnObject = 0xC00000D7,       ///< K1, S0
  kBadDescriptorFormat = 0xC00000E7,      ///< S1
};

/// NT_SUCCESS: severity success or informational (the top bit clear).
constexpr bool nt_success(Status s) { return (static_cast<std::uint32_t>(s) & 0x80000000u) == 0; }
/// NT_WARNING: severity warning (the top two bits 10), such as kBufferOverflow.
constexpr bool nt_warning(Status s) { return (static_cast<std::uint32_t>(s) >> 30) == 2; }

/// The ntstatus.h spelling ("STATUS_INVALID_OWNER"), or an empty view for a value not listed.
std::string_view status_name(Status s);

/// Prints status_name(s), or "NTSTATUS 0x........" for a value not listed.
std::ostream& operator<<(std::ostream& os, Status s);

}  // namespace model
