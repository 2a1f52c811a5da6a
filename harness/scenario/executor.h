// harness/scenario/executor.h — IRPs in flight at the same time: an execution context each, one
// running at a time, switched at the emulated kernel's yield points (ksfuzz/scheduler.h) by a
// deterministic schedule.
//
// The schedule is a list of entries {steps, to}: the running context passes `steps` yield points,
// then the context `to` (modulo the group, the next runnable one if it cannot run) takes over, and
// the next entry counts from there. When the entries run out, the running context goes on. A
// context that finishes or waits hands over to the next runnable context after it. So fewer
// entries mean fewer switches, and the same schedule gives the same interleaving every run.
//
// Contexts are ucontext fibers on stacks reserved once, annotated for AddressSanitizer
// (__sanitizer_start_switch_fiber / __sanitizer_finish_switch_fiber). Nothing is left running
// between runs.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <vector>

namespace ksfuzz {

inline constexpr std::size_t kMaxInFlight = 4;

struct ScheduleEntry {
  std::uint8_t steps = 0;
  std::uint8_t to = 0;
  friend bool operator==(const ScheduleEntry&, const ScheduleEntry&) = default;
};

/// One yield point reached, in order: the timeline of a run.
struct TraceEntry {
  std::uint8_t context = 0;
  const char* point = "";       ///< a literal naming the kernel routine or the place in it
  std::uint32_t pool_events = 0;  ///< the ledger's event count when it was reached
};

/// Runs `tasks` (2 to kMaxInFlight) as contexts of their own under `schedule`, starting with
/// task 0, and returns when every task has returned. `on_switch(context)` is called each time a
/// context starts or resumes, before it runs (the runner attributes pool events with it).
/// Leaves the trace of yield points in `trace` (its storage reused). Not reentrant: one run at a
/// time.
void run_in_flight(std::span<const std::function<void()>> tasks, std::span<const ScheduleEntry> schedule,
                   const std::function<void(std::uint8_t)>& on_switch, std::vector<TraceEntry>& trace);

}  // namespace ksfuzz
