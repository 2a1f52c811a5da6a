// model/sd/sddl.h — SDDL ([MS-DTYP] 2.5.1): parse text to a SecurityDescriptor, print one back.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "model/expected.h"
#include "model/sd/security_descriptor.h"

namespace model {

/// The domain that domain-relative aliases (LA, LG, DA, DU, ...) resolve against.
struct SddlContext {
  std::optional<Sid> domain;  ///< S-1-5-21-x-y-z; without it those aliases are rejected
};

/// Parses SDDL as Windows' ConvertStringSecurityDescriptorToSecurityDescriptor does: the result
/// is self-relative, ACL revision 4 when an object ACE is present (else 2). On rejection the Error
/// names the problem and the 0-based column.
Expected<SecurityDescriptor> parse_sddl(std::string_view text, const SddlContext& ctx = {});

/// Prints Windows' canonical SDDL (ConvertSecurityDescriptorToStringSecurityDescriptor with all
/// four parts). A descriptor SDDL cannot express (a conditional expression it cannot print, an
/// opaque ACE, ACL slack, trailing ACE bytes, ...) gives an Error saying what, never wrong text.
Expected<std::string> print_sddl(const SecurityDescriptor& sd, const SddlContext& ctx = {});

/// SID alone: "S-1-..." or a two-letter alias.
Expected<Sid> parse_sddl_sid(std::string_view text, const SddlContext& ctx = {});
std::string print_sddl_sid(const Sid& sid, const SddlContext& ctx = {});

}  // namespace model
