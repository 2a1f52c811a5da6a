// harness/scenario/scenario.h — ksfuzz::Scenario, the one currency of the project.
//
// Generators produce it, the codec turns bytes into it and back, fuzz targets and the custom
// mutator work on it, the runner executes it, reports print it, the minimizer shrinks it and the
// regression corpus stores it.
#pragma once

#include <cstdint>
#include <ostream>
#include <vector>

#include "harness/scenario/executor.h"
#include "harness/scenario/op_table.h"
#include "model/sd/small_vector.h"
#include "model/world.h"

namespace ksfuzz {

/// Bounds that keep one input's time and memory small (the codec enforces them).
inline constexpr std::size_t kMaxItems = 4;
inline constexpr std::size_t kMaxFiles = 8;
inline constexpr std::size_t kMaxOps = 16;
inline constexpr std::size_t kMaxDescriptorBytes = 2048;
/// QuerySecurity buffer lengths: twice the largest descriptor covers every short, exact and
/// long buffer that matters; larger ones only cost ASan fresh pages.
inline constexpr std::uint32_t kMaxQueryLength = 2 * kMaxDescriptorBytes;
/// Groups of ops in flight at the same time, and the entries of one group's schedule.
inline constexpr std::size_t kMaxGroups = 4;
inline constexpr std::size_t kMaxScheduleEntries = 16;
/// A group's schedule: never more than kMaxScheduleEntries, so always inline (no heap to decode).
using Schedule = model::SmallVector<ScheduleEntry, kMaxScheduleEntries>;

/// Ops [first, first + count) sent at the same time (2 to kMaxInFlight), each IRP in a context of
/// its own, switched at the emulated kernel's yield points as `schedule` says (executor.h).
struct Group {
  std::uint8_t first = 0;
  std::uint8_t count = 0;
  Schedule schedule;
  std::size_t end() const { return std::size_t{first} + count; }
  friend bool operator==(const Group&, const Group&) = default;
};

/// A world to build and the ops to send to it. `world` is the initial state (blocks not yet
/// assigned); each owned item's pool type and tag are its setup allocation's; a file that is not
/// open waits for an Open op.
struct Scenario {
  model::World world;
  std::vector<Op> ops;
  /// In order, not overlapping, within `ops`; ops in no group are sent one at a time.
  std::vector<Group> groups;

  /// The group op `i` starts, or nullptr.
  const Group* group_at(std::size_t i) const {
    for (const auto& g : groups)
      if (g.first == i) return &g;
    return nullptr;
  }

  friend bool operator==(const Scenario&, const Scenario&) = default;
};

/// Removes op `i`, keeping the groups on the ops they held (a group left with one op goes).
void erase_op(Scenario& s, std::size_t i);

/// True if any item's slot is shared or static: such a scenario breaks the KsDispatchSetSecurity
/// contract and only runs in contract mode.
bool breaks_contract(const Scenario& s);

/// Makes shared and static slots owned (shared ones keep their copy of their target's
/// descriptor): how a contract-respecting run treats any world.
void make_within_contract(model::World& world);

/// The text form (harness/scenario/text.h) — one printer for reports, logs and RapidCheck.
std::ostream& operator<<(std::ostream& os, const Scenario& s);
void showValue(const Scenario& s, std::ostream& os);

}  // namespace ksfuzz
