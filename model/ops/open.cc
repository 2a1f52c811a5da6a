// model/ops/open.cc — the expected effect of IRP_MJ_CREATE on a create item (O1-O3).
#include "model/ops/open.h"

namespace model {

Outcome step(World& world, const Open& op) {
  File& file = world.files[op.file];
  if (file.open) return not_sent();  // O3: the handle is in use; nothing to open
  Outcome o;
  if (!file.item) {  // O2: no create item carries the name
    o.status = Status::kObjectNameNotFound;
    return o;
  }
  // O1: the file context, then the object header; a failure frees what came before.
  if (allocation_fails(world) || allocation_fails(world)) {
    o.status = Status::kInsufficientResources;
    return o;
  }
  file.open = true;
  return o;
}

}  // namespace model
