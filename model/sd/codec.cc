// model/sd/codec.cc — self-relative security descriptors: bytes to values and back.
//
// The rules enforced here are rows D1-D8 and E1 of docs/SEMANTICS.md; the error strings name them.
#include "model/sd/codec.h"

#include <cstring>

namespace model {
namespace {

using Bytes = std::span<const std::uint8_t>;

std::uint16_t read16(Bytes b, std::size_t at) {
  return static_cast<std::uint16_t>(b[at] | (b[at + 1] << 8));
}
std::uint32_t read32(Bytes b, std::size_t at) {
  return static_cast<std::uint32_t>(b[at]) | static_cast<std::uint32_t>(b[at + 1]) << 8 |
         static_cast<std::uint32_t>(b[at + 2]) << 16 | static_cast<std::uint32_t>(b[at + 3]) << 24;
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

void put16(std::vector<std::uint8_t>& out, std::uint16_t v) {
  out.push_back(static_cast<std::uint8_t>(v));
  out.push_back(static_cast<std::uint8_t>(v >> 8));
}
void put32(std::vector<std::uint8_t>& out, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}
void poke32(std::vector<std::uint8_t>& out, std::size_t at, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) out[at + i] = static_cast<std::uint8_t>(v >> (8 * i));
}

void encode_ace(const Ace& ace, std::vector<std::uint8_t>& out) {
  out.push_back(ace.type);
  out.push_back(ace.flags);
  put16(out, static_cast<std::uint16_t>(ace.size()));
  if (ace_type_is_known(ace.type)) {
    put32(out, ace.mask);
    if (ace_type_is_object(ace.type)) {
      put32(out, ace.object_flags);
      if (ace.object_type) out.insert(out.end(), ace.object_type->bytes.begin(), ace.object_type->bytes.end());
      if (ace.inherited_object_type)
        out.insert(out.end(), ace.inherited_object_type->bytes.begin(),
                   ace.inherited_object_type->bytes.end());
    }
    encode_sid(ace.sid, out);
  }
  out.insert(out.end(), ace.data.begin(), ace.data.end());
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
  out.push_back(1);
  out.push_back(sid.count);
  for (int i = 5; i >= 0; --i) out.push_back(static_cast<std::uint8_t>(sid.authority >> (8 * i)));
  for (std::size_t i = 0; i < sid.count; ++i) put32(out, sid.sub[i]);
}

void encode_acl(const Acl& acl, std::vector<std::uint8_t>& out) {
  out.push_back(acl.revision);
  out.push_back(acl.sbz1);
  put16(out, static_cast<std::uint16_t>(acl.size()));
  put16(out, static_cast<std::uint16_t>(acl.aces.size()));
  put16(out, acl.sbz2);
  for (const Ace& ace : acl.aces) encode_ace(ace, out);
  out.insert(out.end(), acl.slack.begin(), acl.slack.end());
}

void encode_into(const SecurityDescriptor& sd, std::vector<std::uint8_t>& out) {
  out.clear();
  out.reserve(encoded_size(sd));
  out.push_back(1);
  out.push_back(sd.sbz1);
  put16(out, sd.control);
  out.resize(kRelativeHeaderSize, 0);
  // E1: SACL, DACL, Owner, Group, each where the previous ended.
  if (sd.sacl) {
    poke32(out, 12, static_cast<std::uint32_t>(out.size()));
    encode_acl(*sd.sacl, out);
  }
  if (sd.dacl) {
    poke32(out, 16, static_cast<std::uint32_t>(out.size()));
    encode_acl(*sd.dacl, out);
  }
  if (sd.owner) {
    poke32(out, 4, static_cast<std::uint32_t>(out.size()));
    encode_sid(*sd.owner, out);
  }
  if (sd.group) {
    poke32(out, 8, static_cast<std::uint32_t>(out.size()));
    encode_sid(*sd.group, out);
  }
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
