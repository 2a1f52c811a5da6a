// model/ops/query_security.cc — the expected effect of IRP_MJ_QUERY_SECURITY (K1, K4, Q0-Q4).
#include "model/ops/query_security.h"

#include "model/security_info.h"

namespace model {

Outcome step(World& world, const QuerySecurity& op) {
  const File& file = world.files[op.file];
  if (!file.open) return not_sent();
  Outcome o;
  const Item* item = file.item ? &world.items[*file.item] : nullptr;
  if (!item || item->kind == SlotKind::kNone) {  // K1
    o.status = Status::kNoSecurityOnObject;
    return o;
  }
  if (item->dangling) o.violation = Violation::kUseAfterFree;
  // Kept from step to step: its bytes' storage is reused (a step allocates nothing once grown).
  thread_local QueryResult q;
  query_security_info_into(*item->descriptor, op.info, op.length, q);
  // K4: the Se routine's STATUS_BUFFER_TOO_SMALL (Q3) reaches the caller as the warning
  // STATUS_BUFFER_OVERFLOW, and Information is the length after the call either way.
  o.status = q.status == Status::kBufferTooSmall ? Status::kBufferOverflow : q.status;
  o.information = q.required_length;
  o.query_bytes.assign(q.bytes.begin(), q.bytes.end());
  return o;
}

}  // namespace model
