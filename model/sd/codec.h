// model/sd/codec.h — the self-relative binary form of a security descriptor: decode and encode.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <string>
#include <vector>

#include "model/expected.h"
#include "model/sd/security_descriptor.h"

namespace model {

inline constexpr std::size_t kRelativeHeaderSize = 20;

/// Decodes a self-relative descriptor. Strict where [MS-DTYP] and Windows are strict (see
/// docs/SEMANTICS.md, "Decoding"); lenient about slack after the ACEs and about callback and
/// resource-attribute ACEs in revision-2 ACLs. Bytes past the parts are ignored. On rejection
/// the Error names the rule and the byte offset where it broke.
Expected<SecurityDescriptor> decode(std::span<const std::uint8_t> bytes);

/// Decodes one ACL starting at bytes[0] (offsets in errors are relative to it).
Expected<Acl> decode_acl(std::span<const std::uint8_t> bytes);

/// decode() into `out`, reusing the storage of the ACLs and ACEs already there (a caller that
/// decodes again and again allocates nothing once its value has grown). On an error `out` holds a
/// partial descriptor: the caller replaces or discards it.
std::optional<Error> decode_into(std::span<const std::uint8_t> bytes, SecurityDescriptor& out);
std::optional<Error> decode_acl_into(std::span<const std::uint8_t> bytes, Acl& out);
/// Decodes one SID starting at bytes[0].
Expected<Sid> decode_sid(std::span<const std::uint8_t> bytes);
/// The same into `sid` (partly written on an error).
std::optional<Error> decode_sid_into(std::span<const std::uint8_t> bytes, Sid& sid);

/// Bytes encode() will produce.
std::size_t encoded_size(const SecurityDescriptor& sd);

/// Encodes in Windows' layout: header, SACL, DACL, Owner, Group, each at the next offset. The
/// SE_SELF_RELATIVE bit is written as it stands in `sd.control`.
std::vector<std::uint8_t> encode(const SecurityDescriptor& sd);
/// Same, into a buffer the caller reuses (cleared first).
void encode_into(const SecurityDescriptor& sd, std::vector<std::uint8_t>& out);

/// Bytes as lowercase hex digits, two a byte, no separators (the text form's `hex=`).
std::string to_hex(std::span<const std::uint8_t> bytes);
/// The inverse of to_hex (either case). With `allow_blanks`, spaces and tabs between digits are
/// skipped. Errors: "not hex: 'c'" at the column of the first other character, or "odd number
/// of hex digits" at the end.
Expected<std::vector<std::uint8_t>> from_hex(std::string_view text, bool allow_blanks = false);

void encode_sid(const Sid& sid, std::vector<std::uint8_t>& out);
void encode_acl(const Acl& acl, std::vector<std::uint8_t>& out);

}  // namespace model
