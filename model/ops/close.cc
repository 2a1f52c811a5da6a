// model/ops/close.cc — the expected effect of IRP_MJ_CLOSE (K6).
#include "model/ops/close.h"

namespace model {

Outcome step(World& world, const Close& op) {
  File& file = world.files[op.file];
  if (!file.open) return not_sent();
  file.open = false;
  return Outcome{};
}

}  // namespace model
