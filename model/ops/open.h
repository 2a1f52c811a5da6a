// model/ops/open.h — Open{file}: IRP_MJ_CREATE on the file's create item, a handle opened in the
// middle of a scenario (as a process opening a pin does).
#pragma once

#include <cstdint>

#include "model/world.h"

namespace model {

struct Open {
  std::uint8_t file = 0;
  friend bool operator==(const Open&, const Open&) = default;
};

/// O1-O3: the create item's Create routine opens the file (two pool allocations of the driver's,
/// which the fault plan counts); a file whose name matches no create item is not found; a file
/// that is open already is not sent.
Outcome step(World& world, const Open& op);

}  // namespace model
