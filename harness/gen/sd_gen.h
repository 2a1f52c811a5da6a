// harness/gen/sd_gen.h — generators for model/sd values, biased toward the edges: each one
// written once against a Source, with a RapidCheck generator over it.
//
// Example usage:
//   rc::prop("round trip", [](const model::SecurityDescriptor& sd) { ... });  // via Arbitrary
//   auto sd = *ksfuzz::gen::sddl_expressible_descriptor();
//   RngSource src(rng);  auto ace = ksfuzz::gen::ace(src);        // outside RapidCheck
#pragma once

#include <rapidcheck.h>

#include "harness/gen/source.h"
#include "model/sd/security_descriptor.h"

namespace ksfuzz::gen {

/// The values of the generators below, their choices taken from `src`.
model::Sid sid(Source& src);
model::Guid guid(Source& src);
model::Ace ace(Source& src);
model::Acl acl(Source& src);
model::SecurityDescriptor descriptor(Source& src);

/// Well-known SIDs, random ones, and the edges: no sub-authority, fifteen, 48-bit authorities.
rc::Gen<model::Sid> sid();
rc::Gen<model::Guid> guid();
/// Every ACE type of [MS-DTYP] 2.4.4 (and now and then an unknown one, kept opaque), with
/// trailing data now and then.
rc::Gen<model::Ace> ace();
/// An ACL: usually the revision Windows would choose, sometimes 3 or 4 and slack bytes.
rc::Gen<model::Acl> acl();
/// Any descriptor the decoder accepts: absent vs NULL DACL/SACL, missing owner/group, empty
/// ACLs, and control bits in every combination consistent with the parts.
rc::Gen<model::SecurityDescriptor> descriptor();
/// Only descriptors SDDL can express (print_sddl succeeds, parse gives them back): ACE types the
/// SDDL table spells for the ACL they are in, object ACEs naming at least one GUID, no trailing
/// ACE data, no slack, the ACL revision Windows chooses, only control bits SDDL spells.
rc::Gen<model::SecurityDescriptor> sddl_expressible_descriptor();

/// Mask of the control bits SDDL expresses (presence, P, AI, AR for DACL and SACL, self-relative).
inline constexpr std::uint16_t kSddlControlBits = 0x8000 | 0x0004 | 0x0010 | 0x1000 | 0x2000 |
                                                  0x0400 | 0x0800 | 0x0100 | 0x0200;

}  // namespace ksfuzz::gen

namespace rc {
template <>
struct Arbitrary<model::Sid> {
  static Gen<model::Sid> arbitrary() { return ksfuzz::gen::sid(); }
};
template <>
struct Arbitrary<model::Ace> {
  static Gen<model::Ace> arbitrary() { return ksfuzz::gen::ace(); }
};
template <>
struct Arbitrary<model::Acl> {
  static Gen<model::Acl> arbitrary() { return ksfuzz::gen::acl(); }
};
template <>
struct Arbitrary<model::SecurityDescriptor> {
  static Gen<model::SecurityDescriptor> arbitrary() { return ksfuzz::gen::descriptor(); }
};
}  // namespace rc

namespace model {
// RapidCheck prints counterexamples through showValue; the model's printers are the one way.
inline void showValue(const Sid& v, std::ostream& os) { os << v; }
inline void showValue(const Ace& v, std::ostream& os) { os << v; }
inline void showValue(const Acl& v, std::ostream& os) { os << v; }
inline void showValue(const SecurityDescriptor& v, std::ostream& os) { os << v; }
}  // namespace model
