// harness/gen/sd_gen.cc — generators for Sid, Guid, Ace, Acl, SecurityDescriptor: each written
// once against a Source (harness/gen/source.h), and a RapidCheck generator over it.
#include "harness/gen/sd_gen.h"

#include <array>

#include "model/sd/acl.h"
#include "model/sd/sddl_table.h"

namespace ksfuzz::gen {
namespace {

using model::Ace;
using model::Acl;
using model::SecurityDescriptor;
using model::Sid;
namespace ctl = model::control;

// Bytes that are a multiple of 4 long, so AceSize stays a multiple of 4.
template <typename Bytes>
void aligned_bytes(Source& src, std::size_t max_words, Bytes& out) {
  const std::size_t n = 4 * src.range<std::size_t>(0, max_words + 1);
  out.resize(n);
  for (auto& b : out) b = src.any<std::uint8_t>();
}

std::uint32_t access_mask(Source& src) {
  static constexpr std::uint32_t kCommon[] = {0x10000000u, 0x20000000u, 0x40000000u, 0x80000000u,
                                              0x001F01FFu, 0x000F003Fu, 0x00120089u, 0x000201BFu,
                                              0x1u,        0x3u,        0x7u,        0u,
                                              0x000F01FFu, 0x00020019u};
  switch (src.pick<int>({{3, 0}, {2, 1}, {1, 2}})) {
    case 0: return src.element<std::uint32_t>(kCommon);
    case 1: return src.any<std::uint32_t>();
    default: return 1u << src.range(0, 32);
  }
}

// ACE types SDDL spells in an ACL of this kind without application data (conditions and claims
// are valid only as their exact binary grammar; the SDDL vectors cover those).
std::span<const std::uint8_t> sddl_ace_types(model::sddl::AclKind kind) {
  static const auto kTypes = [] {
    std::array<std::vector<std::uint8_t>, 2> out;
    for (const auto& t : model::sddl::kAceTypes)
      if (t.tail == model::sddl::AceTail::kNone) out[t.acl == model::sddl::AclKind::kDacl ? 0 : 1].push_back(t.type);
    return out;
  }();
  return kTypes[kind == model::sddl::AclKind::kDacl ? 0 : 1];
}

Ace ace_of(Source& src, bool sddl_expressible, model::sddl::AclKind kind) {
  Ace a;
  if (sddl_expressible) a.type = src.element(sddl_ace_types(kind));
  else a.type = src.chance(1, 12) ? src.any<std::uint8_t>() : src.range<std::uint8_t>(0, 0x16);
  a.flags = src.chance(2, 3) ? src.any<std::uint8_t>() : 0;
  if (!model::ace_type_is_known(a.type)) {
    aligned_bytes(src, 8, a.data);
    return a;
  }
  a.mask = access_mask(src);
  if (model::ace_type_is_object(a.type)) {
    // SDDL spells an object ACE without GUIDs as its plain type: it needs at least one.
    a.object_flags = src.range<std::uint32_t>(sddl_expressible ? 1 : 0, 4);
    if (!sddl_expressible && src.chance(1, 9)) a.object_flags |= src.any<std::uint32_t>() & ~3u;
    if (a.object_flags & model::object_flags::kObjectTypePresent) a.object_type = guid(src);
    if (a.object_flags & model::object_flags::kInheritedObjectTypePresent) a.inherited_object_type = guid(src);
  }
  a.sid = sid(src);
  if (!sddl_expressible) aligned_bytes(src, model::ace_type_has_application_data(a.type) ? 8 : 1, a.data);
  return a;
}

Acl acl_of(Source& src, bool sddl_expressible, model::sddl::AclKind kind) {
  Acl l;
  std::size_t n = 0;
  switch (src.pick<int>({{2, 0}, {6, 1}, {1, 2}})) {
    case 0: break;
    case 1: n = src.range<std::size_t>(1, 5); break;
    default: n = src.range<std::size_t>(5, 24); break;
  }
  for (std::size_t i = 0; i < n; ++i) l.aces.push_back(ace_of(src, sddl_expressible, kind));
  l.revision = model::acl_revision_for(l.aces);
  if (!sddl_expressible) {
    if (l.revision == model::kAclRevision) l.revision = src.pick<std::uint8_t>({{8, 2}, {1, 3}, {1, 4}});
    if (src.chance(1, 8)) aligned_bytes(src, 4, l.slack);
  }
  return l;
}

SecurityDescriptor descriptor_of(Source& src, bool sddl_expressible) {
  SecurityDescriptor sd;
  std::uint16_t other = sddl_expressible ? kSddlControlBits : 0xFFFF;
  sd.control = static_cast<std::uint16_t>((src.any<std::uint16_t>() & other & ~(ctl::kDaclPresent | ctl::kSaclPresent)) |
                                          ctl::kSelfRelative);
  if (!sddl_expressible) sd.sbz1 = src.pick<std::uint8_t>({{9, 0}, {1, 0x5a}});
  if (!src.chance(1, 3)) sd.owner = sid(src);
  if (!src.chance(1, 3)) sd.group = sid(src);
  // Each ACL: absent, NULL (present bit, no ACL), or present.
  auto pick_acl = [&](std::optional<Acl>& slot, std::uint16_t present_bit, model::sddl::AclKind acl_kind) {
    int kind = src.pick<int>({{2, 0}, {1, 1}, {5, 2}});
    if (kind >= 1) sd.control |= present_bit;
    if (kind == 2) slot = acl_of(src, sddl_expressible, acl_kind);
  };
  pick_acl(sd.dacl, ctl::kDaclPresent, model::sddl::AclKind::kDacl);
  pick_acl(sd.sacl, ctl::kSaclPresent, model::sddl::AclKind::kSacl);
  if (sddl_expressible) {
    // SDDL has no way to say "flags on an absent ACL": P/AI/AR print under D:/S: only.
    if (!sd.dacl_present()) sd.control &= ~(ctl::kDaclProtected | ctl::kDaclAutoInherited | ctl::kDaclAutoInheritReq);
    if (!sd.sacl_present()) sd.control &= ~(ctl::kSaclProtected | ctl::kSaclAutoInherited | ctl::kSaclAutoInheritReq);
  }
  return sd;
}

}  // namespace

Sid sid(Source& src) {
  static const Sid kWellKnown[] = {Sid::make(1, {0}),        Sid::make(5, {18}),        Sid::make(5, {11}),
                                   Sid::make(5, {32, 544}),  Sid::make(5, {32, 545}),   Sid::make(3, {0}),
                                   Sid::make(5, {7}),        Sid::make(16, {0x3000}),   Sid::make(16, {0x2000}),
                                   Sid::make(5, {21, 2457507606u, 2709100691u, 398136650u, 512})};
  if (!src.chance(3, 4)) return src.element<Sid>(kWellKnown);
  Sid s;
  s.authority = src.chance(1, 6) ? src.range<std::uint64_t>(0, 1ull << 48) : src.range<std::uint64_t>(0, 19);
  switch (src.pick<int>({{5, 0}, {1, 1}, {1, 2}})) {
    case 0: s.count = src.range<std::uint8_t>(0, 6); break;
    case 1: s.count = Sid::kMaxSubAuthorities; break;
    default: s.count = src.range<std::uint8_t>(0, Sid::kMaxSubAuthorities + 1); break;
  }
  for (std::size_t i = 0; i < s.count; ++i) s.sub[i] = src.any<std::uint32_t>();
  return s;
}

model::Guid guid(Source& src) {
  model::Guid g;
  for (auto& b : g.bytes) b = src.any<std::uint8_t>();
  return g;
}

Ace ace(Source& src) { return ace_of(src, false, model::sddl::AclKind::kDacl); }
Acl acl(Source& src) { return acl_of(src, false, model::sddl::AclKind::kDacl); }
SecurityDescriptor descriptor(Source& src) { return descriptor_of(src, false); }

rc::Gen<Sid> sid() { return from_source([](Source& src) { return sid(src); }); }
rc::Gen<model::Guid> guid() { return from_source([](Source& src) { return guid(src); }); }
rc::Gen<Ace> ace() { return from_source([](Source& src) { return ace(src); }); }
rc::Gen<Acl> acl() { return from_source([](Source& src) { return acl(src); }); }
rc::Gen<SecurityDescriptor> descriptor() { return from_source([](Source& src) { return descriptor(src); }); }
rc::Gen<SecurityDescriptor> sddl_expressible_descriptor() {
  return from_source([](Source& src) { return descriptor_of(src, true); });
}

}  // namespace ksfuzz::gen
