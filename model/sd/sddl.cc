// model/sd/sddl.cc — SDDL parse and print for security descriptors, ACLs, ACEs and SIDs.
//
// Windows is the specification: where it is lenient (case, whitespace, number forms, overflow)
// the parser is lenient the same way, and the printer writes what Windows writes. The facts
// behind each rule are the vectors under tests/data/windows-vectors; docs/SDDL.md lists the
// inferences and what is not supported.
#include "model/sd/sddl.h"

#include <charconv>
#include <cstring>

#include "model/sd/sddl_claim.h"
#include "model/sd/sddl_condition.h"
#include "model/sd/sddl_detail.h"
#include "model/sd/sddl_table.h"

namespace model {
namespace sddl::detail {
namespace {

constexpr std::uint64_t kMaxAuthority = (std::uint64_t{1} << 48) - 1;

// One number of a numeric SID. A "0x" prefix makes it hex; so does `hex_mode`, which Windows
// switches on for the whole SID when the revision is written in hex ("S-0x1-20-0-579" is
// S-1-32-0-1401). A value stops growing once past 2^48, which is all the caller needs to see an
// overflow. A digit followed by ':' is a part marker, not part of the SID ("O:S-1-2-0x2D:" ends
// at the 'D').
bool parse_sid_number(Cursor& cur, bool& hex_mode, bool revision, std::uint64_t& value) {
  cur.skip_space();  // Windows reads each number with wcstoul, which skips leading whitespace
  int base = hex_mode ? 16 : 10;
  if (cur.peek() == '0' && (cur.peek(1) == 'x' || cur.peek(1) == 'X')) {
    base = 16;
    cur.pos += 2;
    if (revision) hex_mode = true;
  }
  const std::size_t start = cur.pos;
  value = 0;
  while (!cur.at_end()) {
    int d = digit_value(cur.peek(), base);
    if (d < 0 || cur.peek(1) == ':') break;
    if (value <= kMaxAuthority) value = value * static_cast<std::uint64_t>(base) + d;
    ++cur.pos;
  }
  return cur.pos != start || cur.fail("SID: expected a number");
}

}  // namespace

bool parse_sid(Cursor& cur, const SddlContext& ctx, Sid& out) {
  const std::size_t start = cur.pos;
  if (ascii_upper(cur.peek()) == 'S' && cur.peek(1) == '-') {
    cur.pos += 2;
    bool hex_mode = false;
    std::uint64_t revision = 0, authority = 0;
    if (!parse_sid_number(cur, hex_mode, true, revision)) return false;
    if (revision != 1) return cur.fail("SID: revision is not 1", start);
    if (!cur.accept('-')) return cur.fail("SID: expected '-' and the identifier authority");
    if (!parse_sid_number(cur, hex_mode, false, authority)) return false;
    if (authority > kMaxAuthority) return cur.fail("SID: identifier authority above 2^48", start);
    out = Sid{};
    out.authority = authority;
    while (cur.peek() == '-') {
      ++cur.pos;
      std::uint64_t sub = 0;
      if (!parse_sid_number(cur, hex_mode, false, sub)) return false;
      if (out.count == Sid::kMaxSubAuthorities)
        return cur.fail("SID: more than 15 sub-authorities", start);
      // Windows saturates an oversized sub-authority rather than rejecting it.
      out.sub[out.count++] = sub > 0xFFFFFFFFu ? 0xFFFFFFFFu : static_cast<std::uint32_t>(sub);
    }
    return true;
  }
  const sddl::SidAlias* alias =
      cur.text.size() - cur.pos >= 2 ? find_sid_alias(cur.text.substr(cur.pos, 2)) : nullptr;
  if (!alias) return cur.fail("SID: neither S-1-... nor a known two-letter alias");
  auto sid = sid_alias_value(*alias, ctx.domain);
  if (!sid) return cur.fail("SID: domain-relative alias without a domain");
  out = *sid;
  cur.pos += 2;
  cur.skip_space();
  return true;
}

void append_sid(std::string& out, const Sid& sid, const SddlContext& ctx) {
  if (const sddl::SidAlias* alias = alias_for_sid(sid, ctx.domain)) {
    out += alias->text;
    return;
  }
  char buf[24];
  out += "S-1-";
  if (sid.authority >> 32) {
    // Windows writes large authorities as unpadded uppercase hex.
    out += "0x";
    auto r = std::to_chars(buf, buf + sizeof buf, sid.authority, 16);
    for (char* p = buf; p != r.ptr; ++p) out += ascii_upper(*p);
  } else {
    out.append(buf, std::to_chars(buf, buf + sizeof buf, sid.authority).ptr);
  }
  for (std::size_t i = 0; i < sid.count; ++i) {
    out += '-';
    out.append(buf, std::to_chars(buf, buf + sizeof buf, sid.sub[i]).ptr);
  }
}

bool sid_is_printable(const Sid& sid) {
  return sid.authority <= kMaxAuthority && sid.count <= Sid::kMaxSubAuthorities;
}

void append_name_unit(std::string& out, unsigned unit) {
  const bool literal = unit > ' ' && unit < 127 && !std::strchr("!\"%&(),<=>|", static_cast<int>(unit));
  if (literal) {
    out += static_cast<char>(unit);
    return;
  }
  static constexpr char kHex[] = "0123456789abcdef";
  out += '%';
  for (int shift = 12; shift >= 0; shift -= 4) out += kHex[(unit >> shift) & 15];
}

bool append_utf16le(std::vector<std::uint8_t>& out, std::string_view utf8) {
  auto unit = [&](std::uint32_t u) {
    out.push_back(static_cast<std::uint8_t>(u));
    out.push_back(static_cast<std::uint8_t>(u >> 8));
  };
  for (std::size_t i = 0; i < utf8.size();) {
    const auto c = static_cast<unsigned char>(utf8[i]);
    std::size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (len == 0 || i + len > utf8.size()) return false;
    std::uint32_t cp = len == 1 ? c : c & (0x7F >> len);
    for (std::size_t k = 1; k < len; ++k) {
      const auto cc = static_cast<unsigned char>(utf8[i + k]);
      if ((cc >> 6) != 2) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    static constexpr std::uint32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < kMin[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    if (cp >= 0x10000) {
      unit(0xD800 + ((cp - 0x10000) >> 10));
      unit(0xDC00 + ((cp - 0x10000) & 0x3FF));
    } else {
      unit(cp);
    }
    i += len;
  }
  return true;
}

bool append_utf8(std::string& out, std::span<const std::uint8_t> units) {
  if (units.size() % 2) return false;
  for (std::size_t i = 0; i < units.size(); i += 2) {
    std::uint32_t cp = units[i] | (units[i + 1] << 8);
    if (cp >= 0xDC00 && cp <= 0xDFFF) return false;
    if (cp >= 0xD800 && cp <= 0xDBFF) {
      if (i + 3 >= units.size()) return false;
      const std::uint32_t low = units[i + 2] | (units[i + 3] << 8);
      if (low < 0xDC00 || low > 0xDFFF) return false;
      cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
      i += 2;
    }
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xC0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      out += static_cast<char>(0xE0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (cp >> 18));
      out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }
  return true;
}

}  // namespace sddl::detail

namespace {

using sddl::AclKind;
using sddl::AceTail;
using sddl::detail::ascii_upper;
using sddl::detail::Cursor;
using sddl::detail::is_space;

// Windows writes an object ACE that names neither GUID as the plain ACE of the same kind, but
// sizes the ACL as if the 4-byte object Flags field were still there and marks the ACL revision 4:
// the 17 vectors with slack bytes are exactly such ACLs (see docs/SDDL.md).
std::uint8_t plain_type_for_object(std::uint8_t type) {
  switch (static_cast<AceType>(type)) {
    case AceType::kAccessAllowedObject: return 0x00;
    case AceType::kAccessDeniedObject: return 0x01;
    case AceType::kSystemAuditObject: return 0x02;
    case AceType::kSystemAlarmObject: return 0x03;
    default: return type;
  }
}

bool starts_with_ignoring_case(std::string_view text, std::size_t at, std::string_view word) {
  if (text.size() - at < word.size()) return false;
  for (std::size_t i = 0; i < word.size(); ++i)
    if (ascii_upper(text[at + i]) != word[i]) return false;
  return true;
}

class Parser {
 public:
  Parser(std::string_view text, const SddlContext& ctx) : cur_{text}, ctx_(ctx) {}

  Expected<SecurityDescriptor> descriptor() {
    SecurityDescriptor sd;
    sd.control = control::kSelfRelative;
    bool seen_dacl = false, seen_sacl = false;
    cur_.skip_space();
    while (!cur_.at_end()) {
      const std::size_t at = cur_.pos;
      const char part = cur_.peek();
      // Part letters are case-sensitive ("d:" is rejected) and take no space before the ':'.
      if (cur_.peek(1) != ':') return error("expected O:, G:, D: or S:", at);
      cur_.pos += 2;
      cur_.skip_space();
      bool ok = false;
      switch (part) {
        case 'O':
          if (sd.owner) return error("second owner", at);
          ok = sid(sd.owner);
          break;
        case 'G':
          if (sd.group) return error("second group", at);
          ok = sid(sd.group);
          break;
        case 'D':
          if (seen_dacl) return error("second DACL", at);
          seen_dacl = true;
          ok = acl(AclKind::kDacl, sd);
          break;
        case 'S':
          if (seen_sacl) return error("second SACL", at);
          seen_sacl = true;
          ok = acl(AclKind::kSacl, sd);
          break;
        default:
          return error("expected O:, G:, D: or S:", at);
      }
      if (!ok) return *cur_.error;
      cur_.skip_space();
    }
    return sd;
  }

  Expected<Sid> lone_sid() {
    Sid out;
    cur_.skip_space();
    if (!sddl::detail::parse_sid(cur_, ctx_, out)) return *cur_.error;
    cur_.skip_space();
    if (!cur_.at_end()) return error("trailing characters after the SID", cur_.pos);
    return out;
  }

 private:
  Error error(const char* rule, std::size_t at) {
    cur_.fail(rule, at);
    return *cur_.error;
  }

  bool sid(std::optional<Sid>& into) {
    Sid s;
    if (!sddl::detail::parse_sid(cur_, ctx_, s)) return false;
    into = s;
    return true;
  }

  bool acl(AclKind kind, SecurityDescriptor& sd) {
    const std::size_t acl_at = cur_.pos;
    std::uint16_t bits = 0;
    bool null_acl = false;
    for (;;) {
      cur_.skip_space();
      const sddl::AclFlagSpelling* flag = nullptr;
      for (const auto& f : sddl::kAclFlags)
        if (starts_with_ignoring_case(cur_.text, cur_.pos, f.text)) flag = &f;
      if (!flag) break;
      cur_.pos += flag->text.size();
      null_acl |= flag->null_acl;
      bits |= sddl::acl_flag_control(*flag, kind);
    }
    sd.control |= bits | (kind == AclKind::kDacl ? control::kDaclPresent : control::kSaclPresent);
    Acl out;
    std::size_t converted = 0;
    while (cur_.peek() == '(' && !cur_.at_end()) {
      if (null_acl) return cur_.fail("ACEs after NO_ACCESS_CONTROL");
      Ace a;
      bool was_object = false;
      if (!ace(kind, a, was_object)) return false;
      if (was_object) ++converted;
      out.aces.push_back(std::move(a));
      cur_.skip_space();
    }
    if (null_acl) return true;
    out.revision = acl_revision_for(out.aces);
    if (converted) {
      out.revision = kAclRevisionDs;
      out.slack.assign(4 * converted, 0);
    }
    if (out.size() > 0xFFFF) return cur_.fail("ACL longer than 65535 bytes", acl_at);
    (kind == AclKind::kDacl ? sd.dacl : sd.sacl) = std::move(out);
    return true;
  }

  // The text of one ';'-terminated field, starting after leading whitespace.
  std::string_view field_until_semicolon() {
    cur_.skip_space();
    const std::size_t start = cur_.pos;
    while (!cur_.at_end() && cur_.peek() != ';' && cur_.peek() != ')') ++cur_.pos;
    return cur_.text.substr(start, cur_.pos - start);
  }

  bool expect(char c, const char* rule) { return cur_.accept(c) || cur_.fail(rule); }

  bool ace(AclKind kind, Ace& out, bool& converted) {
    ++cur_.pos;  // '('
    const std::size_t type_at = (cur_.skip_space(), cur_.pos);
    const sddl::AceTypeSpelling* type = sddl::find_ace_type(field_until_semicolon());
    if (!type) return cur_.fail("unknown ACE type", type_at);
    if (type->acl != kind)
      return cur_.fail(kind == AclKind::kDacl ? "ACE type not allowed in a DACL"
                                              : "ACE type not allowed in a SACL",
                       type_at);
    out.type = type->type;
    if (!expect(';', "expected ';' after the ACE type")) return false;
    if (!ace_flags(out.flags) || !expect(';', "expected ';' after the ACE flags")) return false;
    if (!rights(out.mask) || !expect(';', "expected ';' after the access rights")) return false;
    const bool object = ace_type_is_object(out.type);
    if (!guid(object, out.object_type) || !expect(';', "expected ';' after the object GUID"))
      return false;
    if (!guid(object, out.inherited_object_type) ||
        !expect(';', "expected ';' after the inherited object GUID"))
      return false;
    cur_.skip_space();
    const std::size_t sid_at = cur_.pos;
    if (!sddl::detail::parse_sid(cur_, ctx_, out.sid)) return false;
    if (object) {
      out.object_flags = (out.object_type ? object_flags::kObjectTypePresent : 0) |
                         (out.inherited_object_type ? object_flags::kInheritedObjectTypePresent : 0);
      const std::uint8_t plain = plain_type_for_object(out.type);
      if (out.object_flags == 0 && plain != out.type) {
        out.type = plain;
        converted = true;
      }
    }
    std::vector<std::uint8_t> tail;  // the condition or attribute, as the grammar builds it
    switch (type->tail) {
      case AceTail::kNone:
        return expect(')', "expected ')' after the trustee SID");
      case AceTail::kCondition:
        if (!expect(';', "expected ';' and a condition after the trustee SID")) return false;
        if (!sddl::parse_condition(cur_, ctx_, tail)) return false;
        break;
      case AceTail::kResourceAttribute:
        // Windows only accepts resource attributes on Everyone ([MS-DTYP] 2.4.4.15 ACE).
        if (!(out.sid == Sid::make(1, {0})))
          return cur_.fail("resource attribute ACE trustee must be WD", sid_at);
        if (!expect(';', "expected ';' and an attribute after the trustee SID")) return false;
        if (!sddl::parse_resource_attribute(cur_, ctx_, tail)) return false;
        break;
    }
    out.data.assign(tail.begin(), tail.end());
    cur_.skip_space();
    if (!expect(')', "expected ')' at the end of the ACE")) return false;
    // AceSize is 16 bits; longer application data cannot be encoded.
    return out.size() <= 0xFFFF || cur_.fail("ACE longer than 65535 bytes", type_at);
  }

  bool ace_flags(std::uint8_t& flags) {
    cur_.skip_space();
    while (cur_.peek() != ';' && !cur_.at_end()) {
      const std::size_t at = cur_.pos;
      const sddl::AceFlagSpelling* f =
          cur_.text.size() - at >= 2 ? sddl::find_ace_flag(cur_.text.substr(at, 2)) : nullptr;
      if (!f) return cur_.fail("unknown ACE flag", at);
      flags |= f->flag;
      cur_.pos += 2;
    }
    return true;
  }

  // One number of a rights field as Windows' wcstoul reads it: "0x" hex, leading 0 octal, else
  // decimal, as many digits of that base as follow (so "0x1FA" is one number, 0x1fa); a leading
  // '-' negates modulo 2^32, after overflow has saturated at 0xffffffff ("-9876543210" is 1).
  bool rights_number(std::uint32_t& value) {
    const std::size_t start = cur_.pos;
    const bool negative = cur_.accept('-');
    const int base = sddl::detail::read_radix(cur_);
    const std::size_t digits = cur_.pos;
    std::uint64_t v = 0;
    for (int d; !cur_.at_end() && (d = sddl::detail::digit_value(cur_.peek(), base)) >= 0;
         ++cur_.pos)
      v = v > 0xFFFFFFFFu ? v : v * base + d;
    if (cur_.pos == digits) return cur_.fail("access rights: expected digits", start);
    const std::uint32_t magnitude = v > 0xFFFFFFFFu ? 0xFFFFFFFFu : static_cast<std::uint32_t>(v);
    value = negative ? 0u - magnitude : magnitude;
    return true;
  }

  // The rights field: two-letter rights and numbers in any order and number, each followed by
  // spaces (never tabs) or by the next part directly, but not by a space before the ';'. The
  // mask is the bitwise OR of the parts (docs/SDDL.md, "Rights fields").
  bool rights(std::uint32_t& mask) {
    cur_.skip_space();
    while (cur_.peek() != ';' && !cur_.at_end()) {
      const std::size_t at = cur_.pos;
      const char c = cur_.peek();
      std::uint32_t part = 0;
      if ((c >= '0' && c <= '9') || c == '-') {
        if (!rights_number(part)) return false;
      } else {
        const sddl::RightSpelling* r =
            cur_.text.size() - at >= 2 ? sddl::find_right(cur_.text.substr(at, 2)) : nullptr;
        if (!r) return cur_.fail("unknown access right", at);
        part = r->mask;
        cur_.pos += 2;
      }
      mask |= part;
      while (cur_.peek() == ' ') ++cur_.pos;
      if (cur_.peek() == ';' && cur_.text[cur_.pos - 1] == ' ')
        return cur_.fail("access rights: trailing space", cur_.pos - 1);
    }
    return true;
  }

  // Empty (or all whitespace), or exactly 36 characters of GUID up to the ';'.
  bool guid(bool object, std::optional<Guid>& into) {
    const std::size_t start = cur_.pos;
    while (is_space(cur_.peek()) && !cur_.at_end()) ++cur_.pos;
    if (cur_.peek() == ';') return true;
    cur_.pos = start;
    const std::size_t end = cur_.text.find_first_of(";)", start);
    std::string_view text =
        cur_.text.substr(start, (end == std::string_view::npos ? cur_.text.size() : end) - start);
    if (!object) return cur_.fail("GUID on an ACE type that has none", start);
    auto g = parse_guid(text);
    if (!g) return cur_.fail("malformed GUID", start);
    into = *g;
    cur_.pos += text.size();
    return true;
  }

  Cursor cur_;
  const SddlContext& ctx_;
};

// ---------------------------------------------------------------------------------------------
// Printing
// ---------------------------------------------------------------------------------------------

constexpr std::uint16_t kDaclFlagBits =
    control::kDaclProtected | control::kDaclAutoInheritReq | control::kDaclAutoInherited;
constexpr std::uint16_t kSaclFlagBits =
    control::kSaclProtected | control::kSaclAutoInheritReq | control::kSaclAutoInherited;
constexpr std::uint16_t kPrintableControl = control::kSelfRelative | control::kDaclPresent |
                                            control::kSaclPresent | kDaclFlagBits | kSaclFlagBits;

// A table entry tied to `ace_type` replaces the general entry for the same bits there.
template <typename Spelling, std::size_t N, typename Bits>
bool spelling_applies(const Spelling (&table)[N], const Spelling& s, Bits bits, int ace_type) {
  if (s.ace_type != sddl::kAnyAceType) return s.ace_type == ace_type;
  for (const Spelling& other : table)
    if (other.ace_type == ace_type && (other.*bits) == (s.*bits)) return false;
  return true;
}

void append_hex(std::string& out, std::uint32_t v) {
  char buf[16];
  out += "0x";
  out.append(buf, std::to_chars(buf, buf + sizeof buf, v, 16).ptr);
}

void append_rights(std::string& out, std::uint32_t mask, std::uint8_t ace_type) {
  if (mask == 0) return;
  for (const sddl::RightSpelling& r : sddl::kRights) {
    if (r.use == sddl::RightUse::kExact && r.mask == mask &&
        spelling_applies(sddl::kRights, r, &sddl::RightSpelling::mask, ace_type)) {
      out += r.text;
      return;
    }
  }
  std::uint32_t covered = 0;
  for (const sddl::RightSpelling& r : sddl::kRights)
    if (r.use == sddl::RightUse::kBit &&
        spelling_applies(sddl::kRights, r, &sddl::RightSpelling::mask, ace_type))
      covered |= r.mask;
  if (mask & ~covered) return append_hex(out, mask);
  for (const sddl::RightSpelling& r : sddl::kRights)
    if (r.use == sddl::RightUse::kBit && (mask & r.mask) &&
        spelling_applies(sddl::kRights, r, &sddl::RightSpelling::mask, ace_type))
      out += r.text;
}

void append_ace_flags(std::string& out, std::uint8_t flags, std::uint8_t ace_type) {
  for (const sddl::AceFlagSpelling& f : sddl::kAceFlags)
    if ((flags & f.flag) &&
        spelling_applies(sddl::kAceFlags, f, &sddl::AceFlagSpelling::flag, ace_type))
      out += f.text;
}

void append_guid(std::string& out, const Guid& g) {
  static constexpr int kTextOrder[16] = {3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15};
  static constexpr char kHex[] = "0123456789abcdef";
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
    const std::uint8_t b = g.bytes[kTextOrder[i]];
    out += kHex[b >> 4];
    out += kHex[b & 15];
  }
}

// Writes Windows' text for a descriptor. Where the bytes hold something the text cannot carry
// but Windows prints past (control bits, Sbz fields, ACL slack and revision), an exact Printer
// stops with an Error and a lossy one notes the reason and goes on. What SDDL has no spelling
// for, or what Windows prints for it is not known, is an Error either way.
class Printer {
 public:
  /// `lossy` collects the reasons; nullptr makes the Printer exact.
  Printer(std::string& out, const SddlContext& ctx, std::vector<std::string>* lossy)
      : out_(out), ctx_(ctx), lossy_(lossy) {}

  std::optional<Error> descriptor(const SecurityDescriptor& sd) {
    if (!(sd.control & control::kSelfRelative))
      if (auto e = lossy("SE_SELF_RELATIVE is clear; SDDL describes self-relative descriptors"))
        return e;
    if (const std::uint16_t extra = sd.control & ~kPrintableControl)
      if (auto e = lossy("control bits " + hex(extra) + " that SDDL cannot express")) return e;
    if (sd.sbz1 != 0)
      if (auto e = lossy("the resource-manager control byte (Sbz1) is " + hex(sd.sbz1)))
        return e;
    if ((sd.control & kDaclFlagBits) && !sd.dacl_present())
      return Error{"DACL flags without a DACL"};
    if ((sd.control & kSaclFlagBits) && !sd.sacl_present())
      return Error{"SACL flags without a SACL"};
    if (sd.dacl && !sd.dacl_present()) return Error{"DACL value without SE_DACL_PRESENT"};
    if (sd.sacl && !sd.sacl_present()) return Error{"SACL value without SE_SACL_PRESENT"};
    if (sd.owner) {
      if (!sddl::detail::sid_is_printable(*sd.owner)) return Error{"owner SID has no text form"};
      out_ += "O:";
      sddl::detail::append_sid(out_, *sd.owner, ctx_);
    }
    if (sd.group) {
      if (!sddl::detail::sid_is_printable(*sd.group)) return Error{"group SID has no text form"};
      out_ += "G:";
      sddl::detail::append_sid(out_, *sd.group, ctx_);
    }
    if (sd.dacl_present()) {
      out_ += "D:";
      if (auto e = acl(AclKind::kDacl, sd.dacl, sd.control)) return e;
    }
    if (sd.sacl_present()) {
      out_ += "S:";
      if (auto e = acl(AclKind::kSacl, sd.sacl, sd.control)) return e;
    }
    return std::nullopt;
  }

 private:
  // A difference the text cannot carry: an Error when exact, else one more reason.
  std::optional<Error> lossy(std::string why) {
    if (!lossy_) return Error{std::move(why)};
    lossy_->push_back(std::move(why));
    return std::nullopt;
  }

  static std::string hex(std::uint32_t v) {
    std::string s;
    append_hex(s, v);
    return s;
  }

  std::optional<Error> acl(AclKind kind, const std::optional<Acl>& acl, std::uint16_t control) {
    const std::string which = kind == AclKind::kDacl ? "DACL" : "SACL";
    for (const sddl::AclFlagSpelling& f : sddl::kAclFlags)
      if (!f.null_acl && (control & sddl::acl_flag_control(f, kind))) out_ += f.text;
    if (!acl) {
      for (const sddl::AclFlagSpelling& f : sddl::kAclFlags)
        if (f.null_acl) out_ += f.text;
      return std::nullopt;
    }
    if (!acl->slack.empty())
      if (auto e = lossy(which + ": " + std::to_string(acl->slack.size()) +
                         " slack bytes after the ACEs (AclSize larger than needed)"))
        return e;
    if (acl->sbz1 || acl->sbz2)
      if (auto e = lossy(which + ": non-zero Sbz1/Sbz2 in the ACL header")) return e;
    if (acl->revision != acl_revision_for(acl->aces))
      if (auto e = lossy(which + ": ACL revision " + std::to_string(acl->revision) +
                         " is not the one Windows chooses for these ACEs (" +
                         std::to_string(acl_revision_for(acl->aces)) + ")"))
        return e;
    for (std::size_t i = 0; i < acl->aces.size(); ++i) {
      if (auto why = ace(kind, acl->aces[i]))
        return Error{which + " ACE " + std::to_string(i) + ": " + *why};
    }
    return std::nullopt;
  }

  std::optional<std::string> ace(AclKind kind, const Ace& a) {
    const sddl::AceTypeSpelling* type = sddl::find_ace_type(a.type);
    if (!type) return "ACE type " + std::to_string(a.type) + " has no SDDL spelling";
    if (type->acl != kind) return std::string("ACE type ") + std::string(type->text) + " does not parse in this ACL";
    const bool object = ace_type_is_object(a.type);
    if (object) {
      if (a.object_flags & ~(object_flags::kObjectTypePresent | object_flags::kInheritedObjectTypePresent))
        return "object flags other than 0x1 and 0x2";
      if (bool(a.object_flags & object_flags::kObjectTypePresent) != a.object_type.has_value() ||
          bool(a.object_flags & object_flags::kInheritedObjectTypePresent) !=
              a.inherited_object_type.has_value())
        return "object flags disagree with the GUIDs present";
      if (a.object_flags == 0 && plain_type_for_object(a.type) != a.type)
        return "object ACE without GUIDs (SDDL turns it into the plain ACE type)";
    } else if (a.object_flags || a.object_type || a.inherited_object_type) {
      return "object flags or GUIDs on an ACE type that has none";
    }
    if (!sddl::detail::sid_is_printable(a.sid)) return "trustee SID has no text form";
    if (type->tail == AceTail::kNone && !a.data.empty())
      return "bytes after the SID of an ACE type that has none";
    if (type->tail == AceTail::kResourceAttribute && !(a.sid == Sid::make(1, {0})))
      return "resource attribute ACE whose trustee is not WD";

    out_ += '(';
    out_ += type->text;
    out_ += ';';
    append_ace_flags(out_, a.flags, a.type);
    out_ += ';';
    append_rights(out_, a.mask, a.type);
    out_ += ';';
    if (a.object_type) append_guid(out_, *a.object_type);
    out_ += ';';
    if (a.inherited_object_type) append_guid(out_, *a.inherited_object_type);
    out_ += ';';
    sddl::detail::append_sid(out_, a.sid, ctx_);
    std::string why;
    switch (type->tail) {
      case AceTail::kNone:
        break;
      case AceTail::kCondition:
        out_ += ';';
        if (!sddl::append_condition(out_, a.data, ctx_, why)) return "condition: " + why;
        break;
      case AceTail::kResourceAttribute:
        out_ += ';';
        if (!sddl::append_resource_attribute(out_, a.data, ctx_, why))
          return "resource attribute: " + why;
        break;
    }
    out_ += ')';
    return std::nullopt;
  }

  std::string& out_;
  const SddlContext& ctx_;
  std::vector<std::string>* lossy_;
};

std::size_t estimated_length(const SecurityDescriptor& sd) {
  std::size_t n = 64;
  for (const auto* acl : {&sd.dacl, &sd.sacl})
    if (*acl)
      for (const Ace& a : (*acl)->aces) n += 48 + 2 * a.data.size();
  return n;
}

}  // namespace

Expected<SecurityDescriptor> parse_sddl(std::string_view text, const SddlContext& ctx) {
  return Parser(text, ctx).descriptor();
}

Expected<std::string> print_sddl(const SecurityDescriptor& sd, const SddlContext& ctx) {
  std::string out;
  out.reserve(estimated_length(sd));
  if (auto e = Printer(out, ctx, nullptr).descriptor(sd)) return *e;
  return out;
}

Expected<WindowsSddl> print_sddl_as_windows(const SecurityDescriptor& sd, const SddlContext& ctx) {
  WindowsSddl printed;
  printed.text.reserve(estimated_length(sd));
  if (auto e = Printer(printed.text, ctx, &printed.lossy).descriptor(sd)) return *e;
  return printed;
}

Expected<Sid> parse_sddl_sid(std::string_view text, const SddlContext& ctx) {
  return Parser(text, ctx).lone_sid();
}

std::string print_sddl_sid(const Sid& sid, const SddlContext& ctx) {
  std::string out;
  sddl::detail::append_sid(out, sid, ctx);
  return out;
}

}  // namespace model
