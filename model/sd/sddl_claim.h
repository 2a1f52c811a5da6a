// model/sd/sddl_claim.h — the resource attribute of an RA ACE ([MS-DTYP] 2.4.10.1, 2.5.1): SDDL
// text to a CLAIM_SECURITY_ATTRIBUTE_RELATIVE_V1 and back.
//
// Internal to the SDDL code: sddl.cc calls these for the seventh field of RA ACEs.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "model/sd/sddl.h"
#include "model/sd/sddl_detail.h"

namespace model::sddl {

/// Parses `("name",type,flags,value,...)` at the cursor (leading whitespace allowed) into `data`:
/// the self-relative claim followed by zero bytes up to a multiple of 4, as Windows writes it.
/// Leaves the cursor after the closing parenthesis.
bool parse_resource_attribute(detail::Cursor& cur, const SddlContext& ctx,
                              std::vector<std::uint8_t>& data);

/// Appends Windows' text for the claim in `data`. Returns false, with the reason in `why`, when
/// `data` is not what parse_resource_attribute would produce for some text.
bool append_resource_attribute(std::string& out, std::span<const std::uint8_t> data,
                               const SddlContext& ctx, std::string& why);

}  // namespace model::sddl
