// model/security_info_table.h — the SECURITY_INFORMATION bits: values, names, S9 ACE types.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "model/sd/ace.h"

namespace model {

/// SECURITY_INFORMATION bits, winnt.h values (docs/SEMANTICS.md lists them too).
namespace security_info {
inline constexpr std::uint32_t kOwner = 0x00000001;
inline constexpr std::uint32_t kGroup = 0x00000002;
inline constexpr std::uint32_t kDacl = 0x00000004;
inline constexpr std::uint32_t kSacl = 0x00000008;
inline constexpr std::uint32_t kLabel = 0x00000010;
inline constexpr std::uint32_t kAttribute = 0x00000020;
inline constexpr std::uint32_t kScope = 0x00000040;
inline constexpr std::uint32_t kProcessTrustLabel = 0x00000080;
inline constexpr std::uint32_t kAccessFilter = 0x00000100;
inline constexpr std::uint32_t kBackup = 0x00010000;
inline constexpr std::uint32_t kUnprotectedSacl = 0x10000000;
inline constexpr std::uint32_t kUnprotectedDacl = 0x20000000;
inline constexpr std::uint32_t kProtectedSacl = 0x40000000;
inline constexpr std::uint32_t kProtectedDacl = 0x80000000;

/// What BACKUP stands for (S3).
inline constexpr std::uint32_t kBackupParts =
    kOwner | kGroup | kDacl | kSacl | kLabel | kAttribute | kScope;
}  // namespace security_info

/// One SECURITY_INFORMATION bit. `sacl_ace_type` is set for the bits that, without SACL, select
/// the SACL's ACEs of one type (S9, Q1). kSecurityInfoBits is the one table that set, query and
/// format_security_info read, so a new bit is one row.
struct SecurityInfoBit {
  std::uint32_t bit;
  std::string_view name;  ///< as docs/SEMANTICS.md spells it: "OWNER", "PROTECTED_DACL", ...
  std::optional<AceType> sacl_ace_type;
};

inline constexpr std::array<SecurityInfoBit, 14> kSecurityInfoBits{{
    {security_info::kOwner, "OWNER", std::nullopt},
    {security_info::kGroup, "GROUP", std::nullopt},
    {security_info::kDacl, "DACL", std::nullopt},
    {security_info::kSacl, "SACL", std::nullopt},
    {security_info::kLabel, "LABEL", AceType::kSystemMandatoryLabel},
    {security_info::kAttribute, "ATTRIBUTE", AceType::kSystemResourceAttribute},
    {security_info::kScope, "SCOPE", AceType::kSystemScopedPolicyId},
    {security_info::kProcessTrustLabel, "PROCESS_TRUST_LABEL", AceType::kSystemProcessTrustLabel},
    {security_info::kAccessFilter, "ACCESS_FILTER", AceType::kSystemAccessFilter},
    {security_info::kBackup, "BACKUP", std::nullopt},
    {security_info::kProtectedDacl, "PROTECTED_DACL", std::nullopt},
    {security_info::kProtectedSacl, "PROTECTED_SACL", std::nullopt},
    {security_info::kUnprotectedDacl, "UNPROTECTED_DACL", std::nullopt},
    {security_info::kUnprotectedSacl, "UNPROTECTED_SACL", std::nullopt},
}};

/// S3: `info` with BACKUP replaced by the parts it stands for.
constexpr std::uint32_t expand_backup(std::uint32_t info) {
  if ((info & security_info::kBackup) == 0) return info;
  return (info & ~security_info::kBackup) | security_info::kBackupParts;
}

/// Whether `info` (already expanded) selects SACL ACEs of `ace_type` by one of the S9 bits. The
/// SACL bit itself is not consulted: callers decide whether S9 applies.
bool security_info_selects_ace_type(std::uint32_t info, std::uint8_t ace_type);
/// Whether `info` holds any of the S9 bits.
bool security_info_selects_sacl_aces(std::uint32_t info);

/// "OWNER|DACL|PROTECTED_DACL"; unnamed bits as one trailing hex term ("OWNER|0x200"); "0" for 0.
std::string format_security_info(std::uint32_t info);
/// The inverse of format_security_info: names and hex terms joined by '|', or "0".
std::optional<std::uint32_t> parse_security_info(std::string_view text);

}  // namespace model
