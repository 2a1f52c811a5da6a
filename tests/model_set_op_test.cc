// model_set_op_test.cc — the model's IRP_MJ_SET_SECURITY step decodes the caller's descriptor
// through a cache of recent inputs (model/ops/set_security.cc): whatever the cache holds, a step
// does what decoding the input afresh and merging it says (SEMANTICS C1, K2, S0-S14).
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "harness/gen/sd_gen.h"
#include "model/ops/set_security.h"
#include "model/sd/codec.h"
#include "model/security_info.h"

namespace model {
namespace {

World one_owned_item(const SecurityDescriptor& sd) {
  World w;
  Item item;
  item.kind = SlotKind::kOwned;
  item.descriptor = sd;
  item.block = 1;
  w.items.push_back(item);
  w.files.push_back(File{0, true});
  w.next_block = 2;
  return w;
}

// More inputs than the cache has slots (64), each stepped several times in a random order: slots
// are shared and overwritten, and every step must still see its own input.
RC_GTEST_PROP(SetOp, EveryStepSeesItsOwnInputWhateverTheCacheHolds, ()) {
  const auto old = *ksfuzz::gen::descriptor();
  std::vector<std::vector<std::uint8_t>> inputs;
  for (int i = 0; i < 100; ++i) {
    auto bytes = encode(*ksfuzz::gen::descriptor());
    if (i % 7 == 0) bytes[*rc::gen::inRange<std::size_t>(0, bytes.size())] ^= 0xFF;  // some that do not decode
    inputs.push_back(std::move(bytes));
  }
  const auto order = *rc::gen::container<std::vector<std::size_t>>(300, rc::gen::inRange<std::size_t>(0, inputs.size()));
  const std::uint32_t info = 0x4;  // DACL
  for (std::size_t k : order) {
    World w = one_owned_item(old);
    SetSecurity op{0, info, {inputs[k].begin(), inputs[k].end()}};
    Outcome o = step(w, op);
    auto fresh = decode(inputs[k]);
    RC_ASSERT(o.sent == fresh.ok());
    if (!fresh.ok()) continue;
    SetResult want = set_security_info(old, info, fresh.value());
    RC_ASSERT(o.status == want.status);
    if (want.status == Status::kSuccess) RC_ASSERT(w.items[0].descriptor == want.result);
  }
}

}  // namespace
}  // namespace model
