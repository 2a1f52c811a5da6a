// model/sd/sddl_table.cc — lookups over the SDDL spelling table.
#include "model/sd/sddl_table.h"

#include <algorithm>

namespace model::sddl {
namespace {

char ascii_upper(char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c; }

bool equal_ignoring_case(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(),
                    [](char x, char y) { return ascii_upper(x) == ascii_upper(y); });
}

template <typename Spelling, std::size_t N>
const Spelling* find_text(const Spelling (&table)[N], std::string_view text) {
  for (const Spelling& s : table)
    if (equal_ignoring_case(s.text, text)) return &s;
  return nullptr;
}

}  // namespace

const AceTypeSpelling* find_ace_type(std::string_view text) { return find_text(kAceTypes, text); }

const AceTypeSpelling* find_ace_type(std::uint8_t type) {
  for (const AceTypeSpelling& s : kAceTypes)
    if (s.type == type) return &s;
  return nullptr;
}

const AceFlagSpelling* find_ace_flag(std::string_view text) { return find_text(kAceFlags, text); }
const RightSpelling* find_right(std::string_view text) { return find_text(kRights, text); }
const SidAlias* find_sid_alias(std::string_view text) { return find_text(kSidAliases, text); }

const ConditionOpSpelling* find_condition_op(std::string_view text) {
  return find_text(kConditionOps, text);
}

const ConditionOpSpelling* find_condition_op(std::uint8_t token) {
  for (const ConditionOpSpelling& s : kConditionOps)
    if (s.token == token) return &s;
  return nullptr;
}

const ClaimTypeSpelling* find_claim_type(std::string_view text) {
  return find_text(kClaimTypes, text);
}

const ClaimTypeSpelling* find_claim_type(std::uint16_t value_type) {
  for (const ClaimTypeSpelling& s : kClaimTypes)
    if (s.value_type == value_type) return &s;
  return nullptr;
}

std::optional<Sid> sid_alias_value(const SidAlias& alias, const std::optional<Sid>& domain) {
  Sid sid;
  if (alias.domain_rid != 0) {
    if (!domain || domain->count >= Sid::kMaxSubAuthorities) return std::nullopt;
    sid = *domain;
    sid.sub[sid.count++] = alias.domain_rid;
    return sid;
  }
  sid.authority = alias.authority;
  sid.count = alias.count;
  std::copy(alias.sub.begin(), alias.sub.begin() + alias.count, sid.sub.begin());
  return sid;
}

const SidAlias* alias_for_sid(const Sid& sid, const std::optional<Sid>& domain) {
  const bool under_domain =
      domain && sid.count == domain->count + 1 && sid.authority == domain->authority &&
      std::equal(domain->sub.begin(), domain->sub.begin() + domain->count, sid.sub.begin());
  for (const SidAlias& a : kSidAliases) {
    if (a.domain_rid != 0) {
      if (under_domain && sid.sub[sid.count - 1] == a.domain_rid) return &a;
    } else if (a.authority == sid.authority && a.count == sid.count &&
               std::equal(a.sub.begin(), a.sub.begin() + a.count, sid.sub.begin())) {
      return &a;
    }
  }
  return nullptr;
}

}  // namespace model::sddl
