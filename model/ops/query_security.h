// model/ops/query_security.h — QuerySecurity{file, SecurityInformation, buffer length}:
// IRP_MJ_QUERY_SECURITY.
#pragma once

#include <cstdint>

#include "model/world.h"

namespace model {

struct QuerySecurity {
  std::uint8_t file = 0;
  std::uint32_t info = 0;
  std::uint32_t length = 0;  ///< the caller's buffer, Parameters.QuerySecurity.Length
  friend bool operator==(const QuerySecurity&, const QuerySecurity&) = default;
};

/// K1, K4, Q0-Q4: the parts of the item's descriptor SecurityInformation asks for, or the length
/// they need.
Outcome step(World& world, const QuerySecurity& op);

}  // namespace model
