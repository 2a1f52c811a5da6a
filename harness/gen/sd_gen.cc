// harness/gen/sd_gen.cc — generators for Sid, Guid, Ace, Acl, SecurityDescriptor.
#include "harness/gen/sd_gen.h"

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
rc::Gen<std::vector<std::uint8_t>> aligned_bytes(std::size_t max_words) {
  return rc::gen::exec([max_words] {
    auto words = *rc::gen::inRange<std::size_t>(0, max_words + 1);
    return *rc::gen::container<std::vector<std::uint8_t>>(4 * words, rc::gen::arbitrary<std::uint8_t>());
  });
}

rc::Gen<std::uint32_t> access_mask() {
  return rc::gen::weightedOneOf<std::uint32_t>({
      {3, rc::gen::element<std::uint32_t>(0x10000000u, 0x20000000u, 0x40000000u, 0x80000000u,
                                          0x001F01FFu, 0x000F003Fu, 0x00120089u, 0x000201BFu,
                                          0x1u, 0x3u, 0x7u, 0u, 0x000F01FFu, 0x00020019u)},
      {2, rc::gen::arbitrary<std::uint32_t>()},
      {1, rc::gen::map(rc::gen::inRange(0, 32), [](int bit) { return 1u << bit; })},
  });
}

// ACE types SDDL spells in an ACL of this kind without application data (conditions and claims
// are valid only as their exact binary grammar; the SDDL vectors cover those).
std::vector<std::uint8_t> sddl_ace_types(model::sddl::AclKind kind) {
  std::vector<std::uint8_t> out;
  for (const auto& t : model::sddl::kAceTypes)
    if (t.acl == kind && t.tail == model::sddl::AceTail::kNone) out.push_back(t.type);
  return out;
}

}  // namespace

rc::Gen<Sid> sid() {
  return rc::gen::weightedOneOf<Sid>({
      {4, rc::gen::element(Sid::make(1, {0}), Sid::make(5, {18}), Sid::make(5, {11}),
                           Sid::make(5, {32, 544}), Sid::make(5, {32, 545}), Sid::make(3, {0}),
                           Sid::make(5, {7}), Sid::make(16, {0x3000}), Sid::make(16, {0x2000}),
                           Sid::make(5, {21, 2457507606u, 2709100691u, 398136650u, 512}))},
      {3, rc::gen::exec([] {
         Sid s;
         s.authority = *rc::gen::weightedOneOf<std::uint64_t>(
             {{6, rc::gen::inRange<std::uint64_t>(0, 19)},
              {1, rc::gen::inRange<std::uint64_t>(0, 1ull << 48)}});
         s.count = *rc::gen::weightedOneOf<std::uint8_t>(
             {{5, rc::gen::inRange<std::uint8_t>(0, 6)},
              {1, rc::gen::just<std::uint8_t>(Sid::kMaxSubAuthorities)},
              {1, rc::gen::inRange<std::uint8_t>(0, Sid::kMaxSubAuthorities + 1)}});
         for (std::size_t i = 0; i < s.count; ++i) s.sub[i] = *rc::gen::arbitrary<std::uint32_t>();
         return s;
       })},
  });
}

rc::Gen<model::Guid> guid() {
  return rc::gen::exec([] {
    model::Guid g;
    for (auto& b : g.bytes) b = *rc::gen::arbitrary<std::uint8_t>();
    return g;
  });
}

namespace {

// RapidCheck builds std::vectors; the model keeps ACEs and bytes in SmallVectors.
template <typename To, typename From>
void assign(To& to, const From& from) {
  to.assign(from.begin(), from.end());
}

rc::Gen<Ace> ace_of(bool sddl_expressible, model::sddl::AclKind kind) {
  return rc::gen::exec([sddl_expressible, kind] {
    Ace a;
    a.type = sddl_expressible ? *rc::gen::elementOf(sddl_ace_types(kind))
                              : *rc::gen::weightedOneOf<std::uint8_t>(
                                    {{12, rc::gen::inRange<std::uint8_t>(0, 0x16)},
                                     {1, rc::gen::arbitrary<std::uint8_t>()}});
    a.flags = *rc::gen::weightedOneOf<std::uint8_t>(
        {{3, rc::gen::just<std::uint8_t>(0)}, {2, rc::gen::arbitrary<std::uint8_t>()}});
    if (!model::ace_type_is_known(a.type)) {
      assign(a.data, *aligned_bytes(8));
      return a;
    }
    a.mask = *access_mask();
    if (model::ace_type_is_object(a.type)) {
      // SDDL spells an object ACE without GUIDs as its plain type: it needs at least one.
      a.object_flags = *rc::gen::inRange<std::uint32_t>(sddl_expressible ? 1 : 0, 4);
      if (!sddl_expressible && *rc::gen::weightedElement<bool>({{9, false}, {1, true}}))
        a.object_flags |= *rc::gen::arbitrary<std::uint32_t>() & ~3u;
      if (a.object_flags & model::object_flags::kObjectTypePresent) a.object_type = *guid();
      if (a.object_flags & model::object_flags::kInheritedObjectTypePresent)
        a.inherited_object_type = *guid();
    }
    a.sid = *sid();
    if (!sddl_expressible)
      assign(a.data, *aligned_bytes(model::ace_type_has_application_data(a.type) ? 8 : 1));
    return a;
  });
}

rc::Gen<Acl> acl_of(bool sddl_expressible, model::sddl::AclKind kind) {
  return rc::gen::exec([sddl_expressible, kind] {
    Acl l;
    auto n = *rc::gen::weightedOneOf<std::size_t>(
        {{2, rc::gen::just<std::size_t>(0)}, {6, rc::gen::inRange<std::size_t>(1, 5)},
         {1, rc::gen::inRange<std::size_t>(5, 24)}});
    assign(l.aces, *rc::gen::container<std::vector<Ace>>(n, ace_of(sddl_expressible, kind)));
    l.revision = model::acl_revision_for(l.aces);
    if (!sddl_expressible) {
      if (l.revision == model::kAclRevision)
        l.revision = *rc::gen::weightedElement<std::uint8_t>({{8, 2}, {1, 3}, {1, 4}});
      if (*rc::gen::weightedElement<bool>({{8, false}, {1, true}})) assign(l.slack, *aligned_bytes(4));
    }
    return l;
  });
}

}  // namespace

rc::Gen<Ace> ace() { return ace_of(false, model::sddl::AclKind::kDacl); }
rc::Gen<Acl> acl() { return acl_of(false, model::sddl::AclKind::kDacl); }

namespace {

rc::Gen<SecurityDescriptor> descriptor_of(bool sddl_expressible) {
  return rc::gen::exec([sddl_expressible] {
    SecurityDescriptor sd;
    std::uint16_t other = sddl_expressible ? kSddlControlBits : 0xFFFF;
    sd.control = static_cast<std::uint16_t>(
        (*rc::gen::arbitrary<std::uint16_t>() & other &
         ~(ctl::kDaclPresent | ctl::kSaclPresent)) |
        ctl::kSelfRelative);
    if (!sddl_expressible) sd.sbz1 = *rc::gen::weightedElement<std::uint8_t>({{9, 0}, {1, 0x5a}});
    if (*rc::gen::weightedElement<bool>({{3, true}, {1, false}})) sd.owner = *sid();
    if (*rc::gen::weightedElement<bool>({{3, true}, {1, false}})) sd.group = *sid();
    // Each ACL: absent, NULL (present bit, no ACL), or present.
    auto pick_acl = [&](std::optional<Acl>& slot, std::uint16_t present_bit, model::sddl::AclKind acl_kind) {
      int kind = *rc::gen::weightedElement<int>({{2, 0}, {1, 1}, {5, 2}});
      if (kind >= 1) sd.control |= present_bit;
      if (kind == 2) slot = *acl_of(sddl_expressible, acl_kind);
    };
    pick_acl(sd.dacl, ctl::kDaclPresent, model::sddl::AclKind::kDacl);
    pick_acl(sd.sacl, ctl::kSaclPresent, model::sddl::AclKind::kSacl);
    if (sddl_expressible) {
      // SDDL has no way to say "flags on an absent ACL": P/AI/AR print under D:/S: only.
      if (!sd.dacl_present())
        sd.control &= ~(ctl::kDaclProtected | ctl::kDaclAutoInherited | ctl::kDaclAutoInheritReq);
      if (!sd.sacl_present())
        sd.control &= ~(ctl::kSaclProtected | ctl::kSaclAutoInherited | ctl::kSaclAutoInheritReq);
    }
    return sd;
  });
}

}  // namespace

rc::Gen<SecurityDescriptor> descriptor() { return descriptor_of(false); }
rc::Gen<SecurityDescriptor> sddl_expressible_descriptor() { return descriptor_of(true); }

}  // namespace ksfuzz::gen
