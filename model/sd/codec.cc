// model/sd/codec.cc — self-relative security descriptors: bytes to values and back.
//
// The rules enforced here are rows D1-D8 and E1 of docs/SEMANTICS.md; the error strings name them.
#include "model/sd/codec.h"

#include <cstdlib>
#include <cstring>

namespace model {
namespace {

using Bytes = std::span<const std::uint8_t>;

std::uint16_t read16(Bytes b, std::size_t at) {
  return static_cast<std::uint16_t>(b[at] | (b[at + 1] << 8));
}
// One 4-byte load (one AddressSanitizer check, where four byte loads are four), little-endian
// on any host.
std::uint32_t read32(Bytes b, std::size_t at) {
  std::uint8_t v[4];
  std::memcpy(v, b.data() + at, 4);
  return static_cast<std::uint32_t>(v[0]) | static_cast<std::uint32_t>(v[1]) << 8 |
         static_cast<std::uint32_t>(v[2]) << 16 | static_cast<std::uint32_t>(v[3]) << 24;
}

Error error_at(const char* rule, std::size_t offset) { return Error{rule, offset}; }

// Errors from a sub-decoder carry offsets relative to the part; make them absolute.
Error shifted(Error e, std::size_t by) {
  e.offset += by;
  return e;
}

// Into `out`, reusing its storage; on an error `out` holds a partial ACE.
std::optional<Error> decode_ace_into(Bytes ace, std::uint8_t acl_revision, Ace& out) {
  out.type = ace[0];
  out.flags = ace[1];
  out.mask = out.object_flags = 0;
  out.object_type.reset();
  out.inherited_object_type.reset();
  out.sid.authority = 0;  // the empty SID (== compares the used sub-authorities only)
  out.sid.count = 0;
  if (!ace_type_is_known(out.type)) {
    out.data.assign(ace.begin() + 4, ace.end());
    return std::nullopt;
  }
  if (ace_type_is_object(out.type) && acl_revision < kAclRevisionDs)
    return error_at("D6: object ACE in an ACL below revision 4", 0);
  std::size_t pos = 4;
  if (ace.size() < pos + 4) return error_at("D5: AceSize too small for the access mask", 0);
  out.mask = read32(ace, pos);
  pos += 4;
  if (ace_type_is_object(out.type)) {
    if (ace.size() < pos + 4) return error_at("D5: AceSize too small for the object flags", 0);
    out.object_flags = read32(ace, pos);
    pos += 4;
    auto read_guid = [&](std::optional<Guid>& into) -> bool {
      if (ace.size() < pos + 16) return false;
      Guid g;
      std::memcpy(g.bytes.data(), ace.data() + pos, 16);
      into = g;
      pos += 16;
      return true;
    };
    if ((out.object_flags & object_flags::kObjectTypePresent) && !read_guid(out.object_type))
      return error_at("D5: AceSize too small for the object type GUID", 0);
    if ((out.object_flags & object_flags::kInheritedObjectTypePresent) &&
        !read_guid(out.inherited_object_type))
      return error_at("D5: AceSize too small for the inherited object type GUID", 0);
  }
  if (auto e = decode_sid_into(ace.subspan(pos), out.sid)) return shifted(*e, pos);
  pos += out.sid.size();
  out.data.assign(ace.begin() + pos, ace.end());
  return std::nullopt;
}

// Writes at a cursor into room made beforehand: Sid::size, Acl::size and encoded_size say how
// much, and every byte of it is written (no byte-at-a-time growth of the vector).
struct Cursor {
  std::uint8_t* at;
  void u8(std::uint8_t v) { *at++ = v; }
  // Little-endian on any host, each one store (one AddressSanitizer check, not one a byte).
  void u16(std::uint16_t v) {
    const std::uint8_t b[2] = {static_cast<std::uint8_t>(v), static_cast<std::uint8_t>(v >> 8)};
    bytes(b);
  }
  void u32(std::uint32_t v) {
    const std::uint8_t b[4] = {static_cast<std::uint8_t>(v), static_cast<std::uint8_t>(v >> 8),
                               static_cast<std::uint8_t>(v >> 16), static_cast<std::uint8_t>(v >> 24)};
    bytes(b);
  }
  void bytes(std::span<const std::uint8_t> b) {
    if (!b.empty()) std::memcpy(at, b.data(), b.size());
    at += b.size();
  }
};

void write_sid(const Sid& sid, Cursor& out) {
  out.u8(1);
  out.u8(sid.count);
  for (int i = 5; i >= 0; --i) out.u8(static_cast<std::uint8_t>(sid.authority >> (8 * i)));
  for (std::size_t i = 0; i < sid.count; ++i) out.u32(sid.sub[i]);
}

void write_ace(const Ace& ace, Cursor& out) {
  out.u8(ace.type);
  out.u8(ace.flags);
  out.u16(static_cast<std::uint16_t>(ace.size()));
  if (ace_type_is_known(ace.type)) {
    out.u32(ace.mask);
    if (ace_type_is_object(ace.type)) {
      out.u32(ace.object_flags);
      if (ace.object_type) out.bytes(ace.object_type->bytes);
      if (ace.inherited_object_type) out.bytes(ace.inherited_object_type->bytes);
    }
    write_sid(ace.sid, out);
  }
  out.bytes(ace.data);
}

void write_acl(const Acl& acl, std::size_t size, Cursor& out) {
  out.u8(acl.revision);
  out.u8(acl.sbz1);
  out.u16(static_cast<std::uint16_t>(size));
  out.u16(static_cast<std::uint16_t>(acl.aces.size()));
  out.u16(acl.sbz2);
  for (const Ace& ace : acl.aces) write_ace(ace, out);
  out.bytes(acl.slack);
}

// Room for `n` more bytes at the end of `out`, and a cursor at its start.
Cursor append(std::vector<std::uint8_t>& out, std::size_t n) {
  const std::size_t at = out.size();
  out.resize(at + n);
  return Cursor{out.data() + at};
}

}  // namespace

std::optional<Error> decode_sid_into(Bytes b, Sid& sid) {
  if (b.size() < 8) return error_at("D3: SID header runs past the buffer", 0);
  if (b[0] != 1) return error_at("D3: SID revision is not 1", 0);
  if (b[1] > Sid::kMaxSubAuthorities) return error_at("D3: SID has more than 15 sub-authorities", 1);
  // The offset names the field whose claim does not fit: SubAuthorityCount.
  if (b.size() < 8 + 4 * std::size_t{b[1]}) return error_at("D3: SID sub-authorities run past the buffer", 1);
  sid.count = b[1];
  sid.authority = 0;
  for (int i = 2; i < 8; ++i) sid.authority = (sid.authority << 8) | b[i];  // big-endian
  for (std::size_t i = 0; i < sid.count; ++i) sid.sub[i] = read32(b, 8 + 4 * i);
  return std::nullopt;
}

Expected<Sid> decode_sid(Bytes b) {
  Sid sid;
  if (auto e = decode_sid_into(b, sid)) return *e;
  return sid;
}

std::optional<Error> decode_acl_into(Bytes b, Acl& acl) {
  if (b.size() < 8) return error_at("D4: ACL header runs past the buffer", 0);
  acl.revision = b[0];
  acl.sbz1 = b[1];  // D4: not checked, kept
  acl.sbz2 = read16(b, 6);
  if (acl.revision < 2 || acl.revision > 4) return error_at("D4: ACL revision is not 2, 3 or 4", 0);
  std::size_t acl_size = read16(b, 2);
  if (acl_size < 8) return error_at("D4: AclSize is smaller than 8", 2);
  if (acl_size % 4) return error_at("D4: AclSize is not a multiple of 4", 2);
  if (acl_size > b.size()) return error_at("D4: AclSize runs past the buffer", 2);
  std::size_t count = read16(b, 4);
  std::size_t pos = 8, n = 0;
  // ACEs already there are decoded over (their storage reused); the rest are added, the surplus dropped.
  for (; n < count; ++n) {
    // AceCount claims more ACEs than AclSize holds.
    if (pos + 4 > acl_size) return error_at("D4: ACE header runs past AclSize", 4);
    std::size_t ace_size = read16(b, pos + 2);
    if (ace_size < 4) return error_at("D5: AceSize is smaller than its header", pos + 2);
    if (ace_size % 4) return error_at("D5: AceSize is not a multiple of 4", pos + 2);
    if (pos + ace_size > acl_size) return error_at("D4: ACE runs past AclSize", pos + 2);
    if (n == acl.aces.size()) acl.aces.emplace_back();
    if (auto e = decode_ace_into(b.subspan(pos, ace_size), acl.revision, acl.aces[n])) return shifted(*e, pos);
    pos += ace_size;
  }
  acl.aces.resize(n);
  acl.slack.assign(b.begin() + pos, b.begin() + acl_size);
  return std::nullopt;
}

Expected<Acl> decode_acl(Bytes b) {
  Acl acl;
  if (auto e = decode_acl_into(b, acl)) return *e;
  return acl;
}

std::optional<Error> decode_into(Bytes b, SecurityDescriptor& sd) {
  if (b.size() < kRelativeHeaderSize) return error_at("D1: shorter than the 20-byte header", 0);
  if (b[0] != 1) return error_at("D1: revision is not 1", 0);
  sd.sbz1 = b[1];
  sd.control = read16(b, 2);
  if (!(sd.control & control::kSelfRelative)) return error_at("D1: SE_SELF_RELATIVE is not set", 2);

  // Returns the part's offset, 0 when absent, or sets err.
  auto part_offset = [&](std::size_t field, bool present, std::optional<Error>& err) -> std::size_t {
    std::size_t off = read32(b, field);
    if (!present || off == 0) return 0;
    if (off % 4) err = error_at("D2: offset is not 4-aligned", field);
    else if (off < kRelativeHeaderSize) err = error_at("D2: offset points into the header", field);
    else if (off >= b.size()) err = error_at("D2: offset points past the buffer", field);
    return off;
  };
  std::optional<Error> err;
  std::size_t owner = part_offset(4, true, err);
  if (err) return err;
  std::size_t group = part_offset(8, true, err);
  if (err) return err;
  std::size_t sacl = part_offset(12, sd.sacl_present(), err);
  if (err) return err;
  std::size_t dacl = part_offset(16, sd.dacl_present(), err);
  if (err) return err;

  auto sid_at = [&](std::size_t at, std::optional<Sid>& into) -> std::optional<Error> {
    if (!at) return into.reset(), std::nullopt;
    if (!into) into.emplace();
    if (auto e = decode_sid_into(b.subspan(at), *into)) return shifted(*e, at);
    return std::nullopt;
  };
  // An ACL already there is decoded over: its storage is reused.
  auto acl_at = [&](std::size_t at, std::optional<Acl>& into) -> std::optional<Error> {
    if (!at) return into.reset(), std::nullopt;
    if (!into) into.emplace();
    if (auto e = decode_acl_into(b.subspan(at), *into)) return shifted(*e, at);
    return std::nullopt;
  };
  if (auto e = sid_at(owner, sd.owner)) return e;
  if (auto e = sid_at(group, sd.group)) return e;
  if (auto e = acl_at(sacl, sd.sacl)) return e;
  if (auto e = acl_at(dacl, sd.dacl)) return e;
  return std::nullopt;
}

Expected<SecurityDescriptor> decode(Bytes b) {
  SecurityDescriptor sd;
  if (auto e = decode_into(b, sd)) return *e;
  return sd;
}

std::size_t encoded_size(const SecurityDescriptor& sd) {
  std::size_t n = kRelativeHeaderSize;
  if (sd.sacl) n += sd.sacl->size();
  if (sd.dacl) n += sd.dacl->size();
  if (sd.owner) n += sd.owner->size();
  if (sd.group) n += sd.group->size();
  return n;
}

void encode_sid(const Sid& sid, std::vector<std::uint8_t>& out) {
  Cursor c = append(out, sid.size());
  write_sid(sid, c);
}

void encode_acl(const Acl& acl, std::vector<std::uint8_t>& out) {
  const std::size_t size = acl.size();
  Cursor c = append(out, size);
  write_acl(acl, size, c);
}

void encode_into(const SecurityDescriptor& sd, std::vector<std::uint8_t>& out) {
  // E1: SACL, DACL, Owner, Group, each where the previous ended; 0 for an absent one. Each
  // part's size once (an ACL's walks its ACEs): they give the offsets and the total.
  const std::size_t sacl = sd.sacl ? sd.sacl->size() : 0, dacl = sd.dacl ? sd.dacl->size() : 0;
  std::size_t at = kRelativeHeaderSize;
  auto offset = [&at](bool present, std::size_t size) {
    std::uint32_t here = present ? static_cast<std::uint32_t>(at) : 0;
    at += size;
    return here;
  };
  const std::uint32_t sacl_at = offset(sd.sacl.has_value(), sacl), dacl_at = offset(sd.dacl.has_value(), dacl);
  const std::uint32_t owner_at = offset(sd.owner.has_value(), sd.owner ? sd.owner->size() : 0);
  const std::uint32_t group_at = offset(sd.group.has_value(), sd.group ? sd.group->size() : 0);
  const std::size_t total = at;
  out.clear();
  Cursor c = append(out, total);
  c.u8(1);
  c.u8(sd.sbz1);
  c.u16(sd.control);
  c.u32(owner_at);
  c.u32(group_at);
  c.u32(sacl_at);
  c.u32(dacl_at);
  if (sd.sacl) write_acl(*sd.sacl, sacl, c);
  if (sd.dacl) write_acl(*sd.dacl, dacl, c);
  if (sd.owner) write_sid(*sd.owner, c);
  if (sd.group) write_sid(*sd.group, c);
  if (c.at != out.data() + total) std::abort();  // the part sizes and the writers disagree: a model bug
}

std::string to_hex(std::span<const std::uint8_t> bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(2 * bytes.size());
  for (std::uint8_t b : bytes) {
    out += kDigits[b >> 4];
    out += kDigits[b & 15];
  }
  return out;
}

Expected<std::vector<std::uint8_t>> from_hex(std::string_view text, bool allow_blanks) {
  std::vector<std::uint8_t> out;
  out.reserve(text.size() / 2);
  int high = -1;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (allow_blanks && (c == ' ' || c == '\t')) continue;
    int v = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    if (v < 0) return Error{"not hex: '" + std::string(1, c) + "'", i};
    if (high < 0) {
      high = v;
    } else {
      out.push_back(static_cast<std::uint8_t>(high * 16 + v));
      high = -1;
    }
  }
  if (high >= 0) return Error{"odd number of hex digits", text.size()};
  return out;
}

std::vector<std::uint8_t> encode(const SecurityDescriptor& sd) {
  std::vector<std::uint8_t> out;
  encode_into(sd, out);
  return out;
}

}  // namespace model
