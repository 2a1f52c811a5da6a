// model/status.cc — names of the NTSTATUS values in model/status.h.
#include "model/status.h"

#include <array>
#include <iomanip>
#include <utility>

namespace model {
namespace {

constexpr std::array<std::pair<Status, std::string_view>, 11> kNames{{
    {Status::kSuccess, "STATUS_SUCCESS"},
    {Status::kBufferOverflow, "STATUS_BUFFER_OVERFLOW"},
    {Status::kBufferTooSmall, "STATUS_BUFFER_TOO_SMALL"},
    {Status::kInvalidOwner, "STATUS_INVALID_OWNER"},
    {Status::kInvalidPrimaryGroup, "STATUS_INVALID_PRIMARY_GROUP"},
    {Status::kInvalidAcl, "STATUS_INVALID_ACL"},
    {Status::kObjectNameNotFound, "STATUS_OBJECT_NAME_NOT_FOUND"},
    {Status::kInvalidSecurityDescr, "STATUS_INVALID_SECURITY_DESCR"},
    {Status::kInsufficientResources, "STATUS_INSUFFICIENT_RESOURCES"},
    {Status::kNoSecurityOnObject, "STATUS_NO_SECURITY_ON_OBJECT"},
    {Status::kBadDescriptorFormat, "STATUS_BAD_DESCRIPTOR_FORMAT"},
}};

}  // namespace

std::string_view status_name(Status s) {
  for (const auto& [status, name] : kNames)
    if (status == s) return name;
  return {};
}

std::ostream& operator<<(std::ostream& os, Status s) {
  if (std::string_view name = status_name(s); !name.empty()) return os << name;
  const auto flags = os.flags();
  const char fill = os.fill('0');
  os << "NTSTATUS 0x" << std::hex << std::uppercase << std::setw(8)
     << static_cast<std::uint32_t>(s);
  os.fill(fill);
  os.flags(flags);
  return os;
}

}  // namespace model
