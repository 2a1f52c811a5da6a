// harness/gen/mutate.cc — descriptor and SecurityInformation edits for the custom mutator.
#include "harness/gen/mutate.h"

#include "harness/gen/scenario_gen.h"
#include "harness/gen/sd_gen.h"
#include "model/security_info_table.h"

namespace ksfuzz::gen {

std::uint32_t mutate_information(std::uint32_t info, Rng& rng) {
  if (rng() % 2) return info ^ model::kSecurityInfoBits[below(rng, model::kSecurityInfoBits.size())].bit;
  RngSource src(rng);
  return security_information(src);
}

bool mutate_descriptor(model::SecurityDescriptor& sd, Rng& rng) {
  namespace ctl = model::control;
  RngSource src(rng);
  std::optional<model::Acl>* acl = rng() % 3 ? &sd.dacl : &sd.sacl;
  switch (rng() % 7) {
    case 0:  // insert an ACE
      if (!*acl) return false;
      (*acl)->aces.insert((*acl)->aces.begin() + below(rng, (*acl)->aces.size() + 1), ace(src));
      break;
    case 1:  // drop an ACE
      if (!*acl || (*acl)->aces.empty()) return false;
      (*acl)->aces.erase((*acl)->aces.begin() + below(rng, (*acl)->aces.size()));
      break;
    case 2:  // replace or tweak an ACE
      if (!*acl || (*acl)->aces.empty()) return false;
      {
        auto& a = (*acl)->aces[below(rng, (*acl)->aces.size())];
        if (rng() % 2) a = ace(src);
        else a.mask ^= 1u << (rng() % 32), a.flags ^= static_cast<std::uint8_t>(1u << (rng() % 8));
      }
      break;
    case 3:  // a SID
      (rng() % 2 ? sd.owner : sd.group) = rng() % 4 ? std::optional<model::Sid>(sid(src)) : std::nullopt;
      break;
    case 4:  // a control bit other than the presence bits, which follow the parts
      sd.control ^= static_cast<std::uint16_t>(1u << (rng() % 16)) & ~(ctl::kDaclPresent | ctl::kSaclPresent | ctl::kSelfRelative);
      break;
    case 5: {  // absent, NULL or present ACL
      std::uint16_t bit = acl == &sd.dacl ? ctl::kDaclPresent : ctl::kSaclPresent;
      switch (rng() % 3) {
        case 0: sd.control &= ~bit, acl->reset(); break;
        case 1: sd.control |= bit, acl->reset(); break;
        default: sd.control |= bit, *acl = gen::acl(src); break;
      }
      break;
    }
    default:  // a whole new descriptor
      sd = descriptor(src);
      break;
  }
  return true;
}

}  // namespace ksfuzz::gen
