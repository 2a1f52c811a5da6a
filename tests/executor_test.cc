// tests/executor_test.cc — IRPs in flight: contexts switched at yield points by the schedule,
// the same interleaving every run, waits and deadlocks.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include <ksfuzz/scheduler.h>

#include "harness/scenario/executor.h"

namespace {

using ksfuzz::ScheduleEntry;

// Each task appends its letter at each of its three yield points.
std::string interleaving(std::vector<ScheduleEntry> schedule, std::size_t tasks = 2) {
  std::string out;
  std::vector<std::function<void()>> fns;
  for (std::size_t t = 0; t < tasks; ++t)
    fns.push_back([&out, t] {
      for (int i = 0; i < 3; ++i) {
        out += static_cast<char>('a' + t);
        KsfuzzYield("step");
      }
    });
  std::vector<ksfuzz::TraceEntry> trace;
  ksfuzz::run_in_flight(fns, schedule, [](std::uint8_t) {}, trace);
  return out;
}

TEST(Executor, NoScheduleRunsEachTaskToTheEndInOrder) { EXPECT_EQ(interleaving({}), "aaabbb"); }

TEST(Executor, AnEntrySwitchesAfterItsSteps) {
  EXPECT_EQ(interleaving({{0, 1}}), "abbbaa");
  EXPECT_EQ(interleaving({{1, 1}}), "aabbba");
  EXPECT_EQ(interleaving({{0, 1}, {0, 0}}), "abaabb");
}

TEST(Executor, TargetsWrapAndFinishedContextsHandOver) {
  EXPECT_EQ(interleaving({{0, 3}}), "abbbaa");            // 3 % 2 == 1
  EXPECT_EQ(interleaving({{0, 2}, {0, 0}}, 3), "acaabbbcc");
}

TEST(Executor, SameScheduleSameInterleaving) {
  std::vector<ScheduleEntry> s = {{1, 1}, {0, 0}, {2, 1}};
  EXPECT_EQ(interleaving(s), interleaving(s));
}

TEST(Executor, TraceNamesEveryYieldPointInOrder) {
  std::vector<std::function<void()>> fns = {[] { KsfuzzYield("A1"); KsfuzzYield("A2"); },
                                            [] { KsfuzzYield("B1"); }};
  std::vector<ScheduleEntry> s = {{0, 1}};
  std::vector<ksfuzz::TraceEntry> trace = {{9, "left from an earlier run", 0}};
  ksfuzz::run_in_flight(fns, s, [](std::uint8_t) {}, trace);
  ASSERT_EQ(trace.size(), 3u);
  EXPECT_STREQ(trace[0].point, "A1");
  EXPECT_EQ(trace[1].context, 1);
  EXPECT_STREQ(trace[1].point, "B1");
  EXPECT_STREQ(trace[2].point, "A2");
}

// A flag one task waits for and the other sets.
BOOLEAN flag_set(PVOID p) { return *static_cast<bool*>(p); }

struct Waiter {
  bool flag = false;
  BOOLEAN result = 2;
};

TEST(Executor, AWaitRunsOthersUntilReady) {
  Waiter w;
  std::string order;
  std::vector<std::function<void()>> fns = {
      [&] {
        order += "w";
        // Through the installed scheduler, as the kernel's resource code waits.
        w.result = KsfuzzWait(flag_set, &w.flag, "wait");
        order += "W";
      },
      [&] {
        order += "s";
        w.flag = true;
        KsfuzzYield("after-set");
        order += "S";
      }};
  std::vector<ksfuzz::TraceEntry> trace;
  ksfuzz::run_in_flight(fns, {}, [](std::uint8_t) {}, trace);
  EXPECT_EQ(w.result, TRUE);
  EXPECT_EQ(order, "wsSW");
}

TEST(Executor, AWaitNobodyCanSatisfyIsADeadlock) {
  Waiter w;
  std::vector<std::function<void()>> fns = {[&] { w.result = KsfuzzWait(flag_set, &w.flag, "wait"); },
                                            [] { KsfuzzYield("other"); }};
  std::vector<ksfuzz::TraceEntry> trace;
  ksfuzz::run_in_flight(fns, {}, [](std::uint8_t) {}, trace);
  EXPECT_EQ(w.result, FALSE);
}

}  // namespace
