// model/sd/security_descriptor.cc — printing of model::SecurityDescriptor.
#include "model/sd/security_descriptor.h"

#include <iomanip>

namespace model {

std::ostream& operator<<(std::ostream& os, const SecurityDescriptor& sd) {
  auto flags = os.flags();
  os << "{control 0x" << std::hex << std::setw(4) << std::setfill('0') << sd.control;
  if (sd.sbz1) os << " sbz1 0x" << std::setw(2) << unsigned{sd.sbz1};
  os.flags(flags);
  os << " owner ";
  if (sd.owner) os << *sd.owner; else os << "-";
  os << " group ";
  if (sd.group) os << *sd.group; else os << "-";
  os << " dacl ";
  if (sd.dacl) os << *sd.dacl; else os << (sd.dacl_present() ? "NULL" : "-");
  os << " sacl ";
  if (sd.sacl) os << *sd.sacl; else os << (sd.sacl_present() ? "NULL" : "-");
  return os << "}";
}

}  // namespace model
