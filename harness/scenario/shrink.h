// harness/scenario/shrink.h — structural shrinking of a Scenario, for `ksfuzz minimize`.
#pragma once

#include <functional>
#include <vector>

#include "harness/scenario/scenario.h"
#include "model/sd/security_descriptor.h"

namespace ksfuzz {

/// Scenarios one step simpler than `s`, simplest first: an op dropped, a file or item dropped
/// (references re-aimed), an ACE dropped, an owner or group or ACL removed, a SID or mask
/// simplified, SecurityInformation bits cleared, a buffer length lowered, the fault plan or
/// hostile mode dropped. Every candidate is in the codec's canonical form.
std::vector<Scenario> shrink_candidates(const Scenario& s);

/// A measure that every candidate lowers: bytes of the binary form plus a weight per op, item,
/// file and ACE.
std::size_t scenario_complexity(const Scenario& s);

/// Simpler versions of one descriptor, simplest first (a part, an ACE, a SID or mask simplified).
std::vector<model::SecurityDescriptor> simpler_descriptors(const model::SecurityDescriptor& sd);
/// What scenario_complexity counts of a descriptor beyond its bytes: ACEs, set bits, SIDs.
std::size_t descriptor_weight(const model::SecurityDescriptor& sd);

/// Greedy shrinking: repeatedly takes the first candidate `keeps` accepts, until none is.
/// `keeps` is called at most `budget` times.
Scenario shrink(const Scenario& s, const std::function<bool(const Scenario&)>& keeps,
                std::size_t budget = 5000);

}  // namespace ksfuzz
