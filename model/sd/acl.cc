// model/sd/acl.cc — model::Acl size, revision choice and printing.
#include "model/sd/acl.h"

#include <iomanip>

namespace model {

std::size_t Acl::size() const {
  std::size_t n = 8 + slack.size();
  for (const Ace& ace : aces) n += ace.size();
  return n;
}

std::uint8_t acl_revision_for(std::span<const Ace> aces) {
  for (const Ace& ace : aces)
    if (ace_type_is_object(ace.type)) return kAclRevisionDs;
  return kAclRevision;
}

std::ostream& operator<<(std::ostream& os, const Acl& acl) {
  os << "{revision " << unsigned{acl.revision} << " [";
  for (std::size_t i = 0; i < acl.aces.size(); ++i) os << (i ? ", " : "") << acl.aces[i];
  os << "]";
  if (!acl.slack.empty()) os << " slack " << acl.slack.size() << " bytes";
  if (acl.sbz1 != 0 || acl.sbz2 != 0) os << " sbz " << unsigned{acl.sbz1} << '/' << acl.sbz2;
  return os << "}";
}

}  // namespace model
