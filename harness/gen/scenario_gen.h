// harness/gen/scenario_gen.h — RapidCheck generators for scenarios: worlds, ops, fault plans.
//
// Example usage:
//   rc::prop("reference passes", [] { auto s = *ksfuzz::gen::scenario({.contract = false}); ... });
//
// Adding to generation is one function: a new op kind generates itself (OpTraits::generate, in
// harness/scenario/ops/<op>.cc), a new topology is one more slot kind in item(), a new descriptor
// shape one more case in harness/gen/sd_gen.cc.
#pragma once

#include <span>

#include <rapidcheck.h>

#include "harness/gen/source.h"
#include "harness/scenario/scenario.h"

namespace ksfuzz::gen {

struct ScenarioOptions {
  /// Also generate shared and static slots (contract mode). Otherwise only none, owned, default.
  bool contract = false;
};

/// SECURITY_INFORMATION: every combination of the named bits, biased to the common ones.
rc::Gen<std::uint32_t> security_information();
std::uint32_t security_information(Source& src);
/// One create item, given the items before it (a shared slot needs an earlier one to share).
rc::Gen<model::Item> item(ScenarioOptions options, std::vector<model::Item> earlier);
model::Item item(Source& src, ScenarioOptions options, std::span<const model::Item> earlier);
/// A caller's descriptor for SetSecurity: mostly valid bytes, sometimes ones capture rejects.
rc::Gen<std::vector<std::uint8_t>> caller_descriptor();
std::vector<std::uint8_t> caller_descriptor(Source& src);
/// A world of 1-4 items and 1-8 files.
rc::Gen<model::World> world(ScenarioOptions options);
/// One op of any kind in the table (weighted by OpTraits::kWeight) on one of the world's files.
rc::Gen<Op> op(const model::World& world);
Op op(Source& src, const model::World& world);
/// A schedule for a group in flight: 0-4 switches, mostly a few kernel calls apart.
rc::Gen<Schedule> schedule();
Schedule schedule(Source& src);
/// A group of 2 to kMaxInFlight of the scenario's ops (it must have two), with a schedule.
rc::Gen<Group> group(const Scenario& s);
Group group(Source& src, const Scenario& s);
/// A whole scenario: world, ops, now and then a group in flight (biased toward IRPs on files of
/// one create item, a SetSecurity racing another op), fault plan; in the codec's canonical form.
rc::Gen<Scenario> scenario(ScenarioOptions options);

}  // namespace ksfuzz::gen

namespace rc {
template <>
struct Arbitrary<ksfuzz::Scenario> {
  static Gen<ksfuzz::Scenario> arbitrary() { return ksfuzz::gen::scenario({}); }
};
}  // namespace rc
