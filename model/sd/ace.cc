// model/sd/ace.cc — model::Ace: type classification, size and printing.
#include "model/sd/ace.h"

#include <iomanip>

namespace model {

bool ace_type_is_known(std::uint8_t type) {
  return type <= 0x15 && type != static_cast<std::uint8_t>(AceType::kAccessAllowedCompound);
}

bool ace_type_is_object(std::uint8_t type) {
  switch (static_cast<AceType>(type)) {
    case AceType::kAccessAllowedObject:
    case AceType::kAccessDeniedObject:
    case AceType::kSystemAuditObject:
    case AceType::kSystemAlarmObject:
    case AceType::kAccessAllowedCallbackObject:
    case AceType::kAccessDeniedCallbackObject:
    case AceType::kSystemAuditCallbackObject:
    case AceType::kSystemAlarmCallbackObject:
      return true;
    default:
      return false;
  }
}

bool ace_type_has_application_data(std::uint8_t type) {
  switch (static_cast<AceType>(type)) {
    case AceType::kAccessAllowedCallback:
    case AceType::kAccessDeniedCallback:
    case AceType::kAccessAllowedCallbackObject:
    case AceType::kAccessDeniedCallbackObject:
    case AceType::kSystemAuditCallback:
    case AceType::kSystemAlarmCallback:
    case AceType::kSystemAuditCallbackObject:
    case AceType::kSystemAlarmCallbackObject:
    case AceType::kSystemResourceAttribute:
    case AceType::kSystemAccessFilter:
      return true;
    default:
      return false;
  }
}

std::size_t Ace::size() const {
  if (!ace_type_is_known(type)) return 4 + data.size();
  std::size_t n = 4 + 4 + sid.size() + data.size();
  if (ace_type_is_object(type)) {
    n += 4;
    if (object_type) n += 16;
    if (inherited_object_type) n += 16;
  }
  return n;
}

std::ostream& operator<<(std::ostream& os, const Ace& ace) {
  auto flags = os.flags();
  os << "{type 0x" << std::hex << std::setw(2) << std::setfill('0') << unsigned{ace.type}
     << " flags 0x" << std::setw(2) << unsigned{ace.flags};
  if (ace_type_is_known(ace.type)) {
    os << " mask 0x" << std::setw(8) << ace.mask;
    if (ace_type_is_object(ace.type)) {
      os << " object-flags 0x" << ace.object_flags;
      if (ace.object_type) os << " object " << *ace.object_type;
      if (ace.inherited_object_type) os << " inherited " << *ace.inherited_object_type;
    }
    os.flags(flags);
    os << " sid " << ace.sid;
  }
  if (!ace.data.empty()) {
    os << (ace_type_is_known(ace.type) ? " data " : " body ") << std::hex;
    for (auto b : ace.data) os << std::setw(2) << std::setfill('0') << unsigned{b};
  }
  os.flags(flags);
  return os << "}";
}

}  // namespace model
