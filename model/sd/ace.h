// model/sd/ace.h — model::Ace, one access control entry ([MS-DTYP] 2.4.4) as a value.
#pragma once

#include <cstdint>
#include <optional>
#include <ostream>

#include "model/sd/guid.h"
#include "model/sd/sid.h"
#include "model/sd/small_vector.h"

namespace model {

/// ACE types of [MS-DTYP] 2.4.4.1 (and winnt.h for 0x14, 0x15).
enum class AceType : std::uint8_t {
  kAccessAllowed = 0x00,
  kAccessDenied = 0x01,
  kSystemAudit = 0x02,
  kSystemAlarm = 0x03,
  kAccessAllowedCompound = 0x04,  ///< reserved; its body is kept opaque
  kAccessAllowedObject = 0x05,
  kAccessDeniedObject = 0x06,
  kSystemAuditObject = 0x07,
  kSystemAlarmObject = 0x08,
  kAccessAllowedCallback = 0x09,
  kAccessDeniedCallback = 0x0A,
  kAccessAllowedCallbackObject = 0x0B,
  kAccessDeniedCallbackObject = 0x0C,
  kSystemAuditCallback = 0x0D,
  kSystemAlarmCallback = 0x0E,
  kSystemAuditCallbackObject = 0x0F,
  kSystemAlarmCallbackObject = 0x10,
  kSystemMandatoryLabel = 0x11,
  kSystemResourceAttribute = 0x12,
  kSystemScopedPolicyId = 0x13,
  kSystemProcessTrustLabel = 0x14,
  kSystemAccessFilter = 0x15,
};

/// ACE_HEADER.AceFlags bits.
namespace ace_flags {
inline constexpr std::uint8_t kObjectInherit = 0x01;
inline constexpr std::uint8_t kContainerInherit = 0x02;
inline constexpr std::uint8_t kNoPropagateInherit = 0x04;
inline constexpr std::uint8_t kInheritOnly = 0x08;
inline constexpr std::uint8_t kInherited = 0x10;
inline constexpr std::uint8_t kCritical = 0x20;  ///< on access-allowed ACEs only, per [MS-DTYP]
inline constexpr std::uint8_t kSuccessfulAccess = 0x40;
inline constexpr std::uint8_t kFailedAccess = 0x80;
}  // namespace ace_flags

/// Object ACE Flags field bits.
namespace object_flags {
inline constexpr std::uint32_t kObjectTypePresent = 0x1;
inline constexpr std::uint32_t kInheritedObjectTypePresent = 0x2;
}  // namespace object_flags

/// Mask, then (object ACEs) Flags and GUIDs, then SID, then `data` — is the layout of every type
/// this model knows. Unknown types (and the reserved compound type) keep their body opaque.
bool ace_type_is_known(std::uint8_t type);
/// Types 0x05-0x08, 0x0B, 0x0C, 0x0F, 0x10.
bool ace_type_is_object(std::uint8_t type);
/// Types whose trailing bytes are application data: the callback types, 0x12 and 0x15.
bool ace_type_has_application_data(std::uint8_t type);

struct Ace {
  std::uint8_t type = 0;
  std::uint8_t flags = 0;
  std::uint32_t mask = 0;
  /// Object ACEs only: the Flags field as on the wire. Bits 0x1/0x2 say whether object_type /
  /// inherited_object_type are present; the optionals follow those bits.
  std::uint32_t object_flags = 0;
  std::optional<Guid> object_type;
  std::optional<Guid> inherited_object_type;
  Sid sid;
  /// Bytes after the SID up to AceSize: application data for callback, resource-attribute and
  /// access-filter ACEs, padding otherwise. For an opaque type: the whole body after the header.
  /// Inline up to 32 bytes: padding and most application data never reach the heap.
  SmallVector<std::uint8_t, 32> data;

  /// AceSize of the encoded ACE.
  std::size_t size() const;

  friend bool operator==(const Ace&, const Ace&) = default;
};

std::ostream& operator<<(std::ostream& os, const Ace& ace);

}  // namespace model
