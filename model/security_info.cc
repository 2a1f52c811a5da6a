// model/security_info.cc — the set merge and the query selection, over shared part helpers.
#include "model/security_info.h"

#include <algorithm>
#include <cstdio>
#include <utility>

#include "model/sd/codec.h"

namespace model {
namespace {

using security_info::kDacl;
using security_info::kGroup;
using security_info::kOwner;
using security_info::kSacl;

// The control bits that travel with each part (S4-S8, Q2). SE_*_AUTO_INHERIT_REQ is not among
// them: it is a request to the setter, not a property of the stored descriptor (S10).
constexpr std::uint16_t kOwnerControl = control::kOwnerDefaulted;
constexpr std::uint16_t kGroupControl = control::kGroupDefaulted;
constexpr std::uint16_t kDaclControl = control::kDaclPresent | control::kDaclDefaulted |
                                       control::kDaclProtected | control::kDaclAutoInherited;
constexpr std::uint16_t kSaclControl = control::kSaclPresent | control::kSaclDefaulted |
                                       control::kSaclProtected | control::kSaclAutoInherited;

// One part and its travelling control bits, copied as they stand in `from` (a NULL ACL stays
// NULL, bits stay even without the present bit) so the two sides cannot disagree on a corner.
template <typename T>
void take(std::optional<T> SecurityDescriptor::*part, std::uint16_t bits,
          const SecurityDescriptor& from, SecurityDescriptor& to) {
  to.*part = from.*part;
  to.control = static_cast<std::uint16_t>((to.control & ~bits) | (from.control & bits));
}

// Each of owner, group, DACL, SACL whose SECURITY_INFORMATION bit is in `parts`.
void take_parts(std::uint32_t parts, const SecurityDescriptor& from, SecurityDescriptor& to) {
  if (parts & kOwner) take(&SecurityDescriptor::owner, kOwnerControl, from, to);
  if (parts & kGroup) take(&SecurityDescriptor::group, kGroupControl, from, to);
  if (parts & kDacl) take(&SecurityDescriptor::dacl, kDaclControl, from, to);
  if (parts & kSacl) take(&SecurityDescriptor::sacl, kSaclControl, from, to);
}

// Whether the S9/Q1 ACE selection applies: SACL, when asked for, already covers every ACE.
bool selects_sacl_aces_only(std::uint32_t info) {
  return (info & kSacl) == 0 && security_info_selects_sacl_aces(info);
}

// Appends, in order, the ACEs of `acl` whose type `info` selects (or, with selected == false,
// those it does not). An absent or NULL ACL has none.
void append_aces(const std::optional<Acl>& acl, std::uint32_t info, bool selected,
                 Aces& out) {
  if (!acl) return;
  for (const Ace& ace : acl->aces)
    if (security_info_selects_ace_type(info, ace.type) == selected) out.push_back(ace);
}

// S9: old's ACEs of the types not replaced, then input's ACEs of the replaced types. `out`
// already holds old's SACL and SACL control bits.
void merge_sacl_aces(const SecurityDescriptor& old, std::uint32_t info,
                     const SecurityDescriptor& input, SecurityDescriptor& out) {
  Aces aces;
  append_aces(old.sacl, info, false, aces);
  append_aces(input.sacl, info, true, aces);
  // Nothing to add and no ACL to take from: old's absent or NULL SACL stands unchanged.
  if (aces.empty() && !old.sacl) return;
  // Non-empty `aces` came from at least one ACL, so the revision is one a decoder accepted.
  std::uint8_t revision = 0;
  if (old.sacl) revision = old.sacl->revision;
  if (input.sacl) revision = std::max(revision, input.sacl->revision);
  // A fresh ACL: old's slack and Sbz fields do not survive a rebuild.
  out.sacl = Acl{.revision = revision, .aces = std::move(aces)};
  out.control |= control::kSaclPresent;
}

// S7: PROTECTED wins over UNPROTECTED; neither means anything without its ACL's bit.
void apply_protection(std::uint32_t info, SecurityDescriptor& sd) {
  if (info & kDacl) {
    if (info & security_info::kProtectedDacl)
      sd.control |= control::kDaclProtected;
    else if (info & security_info::kUnprotectedDacl)
      sd.control &= static_cast<std::uint16_t>(~control::kDaclProtected);
  }
  if (info & kSacl) {
    if (info & security_info::kProtectedSacl)
      sd.control |= control::kSaclProtected;
    else if (info & security_info::kUnprotectedSacl)
      sd.control &= static_cast<std::uint16_t>(~control::kSaclProtected);
  }
}

}  // namespace

SetResult set_security_info(const SecurityDescriptor& old, std::uint32_t info,
                            const SecurityDescriptor& input) {
  if ((old.control & control::kSelfRelative) == 0) return {Status::kBadDescriptorFormat, {}};
  info = expand_backup(info);
  if ((info & kOwner) && !input.owner) return {Status::kInvalidOwner, {}};
  if ((info & kGroup) && !input.group) return {Status::kInvalidPrimaryGroup, {}};

  SecurityDescriptor out;
  out.control = control::kSelfRelative | (old.control & control::kRmControlValid);  // S10
  out.sbz1 = old.sbz1;
  take_parts(info, input, out);
  take_parts(~info, old, out);
  if (selects_sacl_aces_only(info)) {
    merge_sacl_aces(old, info, input, out);
    // AclSize is 16 bits: a merge of two full SACLs may not fit (copies always do).
    if (out.sacl && out.sacl->size() > 0xFFFF) return {Status::kInvalidAcl, {}};
  }
  apply_protection(info, out);
  return {Status::kSuccess, std::move(out)};
}

SetResult set_security_info(const std::optional<SecurityDescriptor>& old, std::uint32_t info,
                            const SecurityDescriptor& input) {
  if (!old) return {Status::kNoSecurityOnObject, {}};  // S0
  return set_security_info(*old, info, input);
}

SecurityDescriptor queried_descriptor(const SecurityDescriptor& sd, std::uint32_t info) {
  info = expand_backup(info);
  SecurityDescriptor out;  // control = SE_SELF_RELATIVE, Sbz1 = 0 (Q2)
  take_parts(info, sd, out);
  if (selects_sacl_aces_only(info)) {
    take(&SecurityDescriptor::sacl, kSaclControl, sd, out);
    if (sd.sacl) {
      Aces aces;
      append_aces(sd.sacl, info, true, aces);
      out.sacl = Acl{.revision = sd.sacl->revision, .aces = std::move(aces)};
    }
  }
  return out;
}

void query_security_info_into(const SecurityDescriptor& sd, std::uint32_t info, std::uint32_t buffer_length,
                              QueryResult& r) {
  const SecurityDescriptor view = queried_descriptor(sd, info);
  r.status = Status::kSuccess;
  r.bytes.clear();
  // Part sizes are bounded by 16-bit AclSize and 15 sub-authorities: this never truncates.
  r.required_length = static_cast<std::uint32_t>(encoded_size(view));
  if (buffer_length < r.required_length) {
    r.status = Status::kBufferTooSmall;
    return;
  }
  encode_into(view, r.bytes);
}

QueryResult query_security_info(const SecurityDescriptor& sd, std::uint32_t info,
                                std::uint32_t buffer_length) {
  QueryResult r;
  query_security_info_into(sd, info, buffer_length, r);
  return r;
}

QueryResult query_security_info(const std::optional<SecurityDescriptor>& sd, std::uint32_t info,
                                std::uint32_t buffer_length) {
  // Q0: an empty descriptor has no part for any bit to select, and no control bit to carry.
  return query_security_info(sd ? *sd : SecurityDescriptor{}, info, buffer_length);
}

std::ostream& operator<<(std::ostream& os, const SetResult& r) {
  os << r.status;
  if (r.result) os << ' ' << *r.result;
  return os;
}

std::ostream& operator<<(std::ostream& os, const QueryResult& r) {
  os << r.status << " required " << r.required_length;
  if (r.bytes.empty()) return os;
  os << " bytes";
  for (std::uint8_t b : r.bytes) {
    char hex[4];
    std::snprintf(hex, sizeof hex, " %02X", b);
    os << hex;
  }
  return os;
}

}  // namespace model
