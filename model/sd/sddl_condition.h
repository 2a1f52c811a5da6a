// model/sd/sddl_condition.h — conditional-ACE expressions ([MS-DTYP] 2.4.4.17, 2.5.1.1): SDDL text
// to the "artx" application data of callback ACEs and back.
//
// Internal to the SDDL code: sddl.cc calls these for the seventh field of XA, XD, XU, ZA and FL
// ACEs.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "model/sd/sddl.h"
#include "model/sd/sddl_detail.h"

namespace model::sddl {

/// Parses "(expression)" at the cursor (leading whitespace allowed) into `data`: "artx", the tokens
/// in postfix order, then zero bytes up to a multiple of 4 — the bytes Windows writes. Leaves the
/// cursor after the closing parenthesis.
bool parse_condition(detail::Cursor& cur, const SddlContext& ctx, std::vector<std::uint8_t>& data);

/// Appends Windows' text for application data `data`. Returns false, with the reason in `why`,
/// when `data` is not what parse_condition would produce for some text (so printing it would not
/// round-trip): a bad signature or token, a malformed expression, padding that is not zeros up to
/// the next multiple of 4.
bool append_condition(std::string& out, std::span<const std::uint8_t> data,
                      const SddlContext& ctx, std::string& why);

}  // namespace model::sddl
