// model/ops/close.h — Close{file}: IRP_MJ_CLOSE, the last handle to a file object goes away.
#pragma once

#include <cstdint>

#include "model/world.h"

namespace model {

struct Close {
  std::uint8_t file = 0;
  friend bool operator==(const Close&, const Close&) = default;
};

/// K6: the driver frees the file's object header; the item and its descriptor stay.
Outcome step(World& world, const Close& op);

}  // namespace model
