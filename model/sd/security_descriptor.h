// model/sd/security_descriptor.h — model::SecurityDescriptor ([MS-DTYP] 2.4.6) as a value.
#pragma once

#include <cstdint>
#include <optional>
#include <ostream>

#include "model/sd/acl.h"
#include "model/sd/sid.h"

namespace model {

/// SECURITY_DESCRIPTOR_CONTROL bits.
namespace control {
inline constexpr std::uint16_t kOwnerDefaulted = 0x0001;
inline constexpr std::uint16_t kGroupDefaulted = 0x0002;
inline constexpr std::uint16_t kDaclPresent = 0x0004;
inline constexpr std::uint16_t kDaclDefaulted = 0x0008;
inline constexpr std::uint16_t kSaclPresent = 0x0010;
inline constexpr std::uint16_t kSaclDefaulted = 0x0020;
inline constexpr std::uint16_t kDaclTrusted = 0x0040;
inline constexpr std::uint16_t kServerSecurity = 0x0080;
inline constexpr std::uint16_t kDaclAutoInheritReq = 0x0100;
inline constexpr std::uint16_t kSaclAutoInheritReq = 0x0200;
inline constexpr std::uint16_t kDaclAutoInherited = 0x0400;
inline constexpr std::uint16_t kSaclAutoInherited = 0x0800;
inline constexpr std::uint16_t kDaclProtected = 0x1000;
inline constexpr std::uint16_t kSaclProtected = 0x2000;
inline constexpr std::uint16_t kRmControlValid = 0x4000;
inline constexpr std::uint16_t kSelfRelative = 0x8000;
}  // namespace control

/// A security descriptor as a value. `control` is the wire Control field, presence bits included:
/// kDaclPresent with no `dacl` is a NULL DACL (everyone has access); without kDaclPresent the DACL
/// is absent. Likewise for the SACL. Invariant: dacl/sacl hold a value only if their present bit
/// is set.
struct SecurityDescriptor {
  std::uint16_t control = control::kSelfRelative;
  std::uint8_t sbz1 = 0;  ///< the resource-manager control byte
  std::optional<Sid> owner;
  std::optional<Sid> group;
  std::optional<Acl> sacl;
  std::optional<Acl> dacl;

  bool dacl_present() const { return (control & control::kDaclPresent) != 0; }
  bool sacl_present() const { return (control & control::kSaclPresent) != 0; }
  bool null_dacl() const { return dacl_present() && !dacl; }
  bool null_sacl() const { return sacl_present() && !sacl; }

  friend bool operator==(const SecurityDescriptor&, const SecurityDescriptor&) = default;
};

/// A readable multi-part form, for reports and RapidCheck counterexamples (not SDDL: it shows
/// everything, slack and opaque bytes included).
std::ostream& operator<<(std::ostream& os, const SecurityDescriptor& sd);

}  // namespace model
