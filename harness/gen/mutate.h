// harness/gen/mutate.h — random edits for the custom mutator, from a seeded Rng (so a mutation is
// reproducible): one-step descriptor edits, SecurityInformation bits.
#pragma once

#include <cstddef>
#include <cstdint>


#include "harness/scenario/op_traits.h"
#include "model/sd/security_descriptor.h"

namespace ksfuzz::gen {

/// A number below n (0 when n is 0).
inline std::size_t below(Rng& rng, std::size_t n) { return n ? rng() % n : 0; }

/// SecurityInformation with one named bit flipped, or a newly drawn one.
std::uint32_t mutate_information(std::uint32_t info, Rng& rng);

/// One edit of a descriptor: an ACE inserted, dropped or changed, a SID, a control bit, an ACL
/// made absent, NULL or new, or a whole new descriptor. False (and `sd` unchanged) when the edit
/// drawn does not apply.
bool mutate_descriptor(model::SecurityDescriptor& sd, Rng& rng);

}  // namespace ksfuzz::gen
