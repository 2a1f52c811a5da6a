// model/ops/set_security.h — SetSecurity{file, SecurityInformation, descriptor}: IRP_MJ_SET_SECURITY.
#pragma once

#include <cstdint>
#include "model/sd/small_vector.h"

#include "model/world.h"

namespace model {

/// `input` is the caller's self-relative bytes, as handed to NtSetSecurityObject.
struct SetSecurity {
  std::uint8_t file = 0;
  std::uint32_t info = 0;
  /// The caller's descriptor as sent, inline up to 256 bytes (most are): no heap to decode one.
  SmallVector<std::uint8_t, 256> input;
  friend bool operator==(const SetSecurity&, const SetSecurity&) = default;
};

/// K1-K3, C1-C3, S0-S14: the item's descriptor merged with the input into a new block, the old
/// one freed; in contract mode, what freeing a shared or static descriptor breaks.
Outcome step(World& world, const SetSecurity& op);

}  // namespace model
