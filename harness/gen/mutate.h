// harness/gen/mutate.h — random edits for the custom mutator: values drawn from the RapidCheck
// generators with a seeded Rng (so a mutation is reproducible), and one-step descriptor edits.
#pragma once

#include <cstddef>
#include <cstdint>

#include <rapidcheck.h>

#include "harness/scenario/op_traits.h"
#include "model/sd/security_descriptor.h"

namespace ksfuzz::gen {

/// One value from a generator, reproducible from the rng.
template <typename T>
T draw(const rc::Gen<T>& g, Rng& rng) {
  return g(rc::Random(rng()), static_cast<int>(rng() % 60)).value();
}

/// A number below n (0 when n is 0).
inline std::size_t below(Rng& rng, std::size_t n) { return n ? rng() % n : 0; }

/// SecurityInformation with one named bit flipped, or a newly drawn one.
std::uint32_t mutate_information(std::uint32_t info, Rng& rng);

/// One edit of a descriptor: an ACE inserted, dropped or changed, a SID, a control bit, an ACL
/// made absent, NULL or new, or a whole new descriptor. False (and `sd` unchanged) when the edit
/// drawn does not apply.
bool mutate_descriptor(model::SecurityDescriptor& sd, Rng& rng);

}  // namespace ksfuzz::gen
