// harness/scenario/executor.cc — fibers and the schedule behind run_in_flight.
#include "harness/scenario/executor.h"

#include <dlfcn.h>
#include <ksfuzz/sanitizer_weak.h>
#include <sys/mman.h>
#include <ucontext.h>

#include <array>
#include <cstdio>
#include <cstdlib>

#include <ksfuzz/kernel_harness.h>
#include <ksfuzz/scheduler.h>

namespace ksfuzz {
namespace {

constexpr std::size_t kStackBytes = 1 << 20;
constexpr int kMain = -1;

struct Context {
  ucontext_t uc{};
  void* fake_stack = nullptr;  // AddressSanitizer's fake stack while switched away
  bool started = false, finished = false;
  BOOLEAN (*ready)(PVOID) = nullptr;  // waiting until ready(argument)
  PVOID argument = nullptr;
};

struct Run {
  std::span<const std::function<void()>> tasks;
  std::span<const ScheduleEntry> schedule;
  const std::function<void(std::uint8_t)>* on_switch = nullptr;
  std::array<Context, kMaxInFlight> ctx{};
  ucontext_t main_uc{};
  void* main_fake_stack = nullptr;
  const void* main_bottom = nullptr;
  std::size_t main_size = 0;
  int running = kMain;
  std::size_t entry = 0;  // the schedule entry counting now
  unsigned budget = 0;    // yield points left before it switches
  std::vector<TraceEntry>* trace = nullptr;
};

Run* g_run = nullptr;

// libc's swapcontext itself. AddressSanitizer's interceptor of it prints a warning with the pid
// (a replay would no longer read the same twice) and unpoisons the whole target stack; the fiber
// annotations around every switch tell AddressSanitizer what it needs instead.
int real_swapcontext(ucontext_t* from, ucontext_t* to) {
  using Fn = int (*)(ucontext_t*, const ucontext_t*);
  static const Fn fn = [] {
    auto next = reinterpret_cast<Fn>(dlsym(RTLD_NEXT, "swapcontext"));
    return next ? next : static_cast<Fn>(&swapcontext);
  }();
  return fn(from, to);
}
std::array<void*, kMaxInFlight> g_stacks{};  // reserved once, reused by every run

void* stack_of(int i) {
  if (!g_stacks[i]) {
    void* p = mmap(nullptr, kStackBytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED) {
      std::fprintf(stderr, "ksfuzz: cannot reserve a stack for an in-flight IRP\n");
      std::abort();
    }
    g_stacks[i] = p;
  }
  return g_stacks[i];
}

bool runnable(const Run& r, int i) {
  const Context& c = r.ctx[i];
  return !c.finished && (!c.ready || c.ready(c.argument));
}

// The first runnable context from `from` on, cyclically, or kMain if none.
int next_runnable(const Run& r, int from, bool include_from) {
  int n = static_cast<int>(r.tasks.size());
  for (int k = include_from ? 0 : 1; k <= n; ++k) {
    int i = (from + k) % n;
    if (runnable(r, i)) return i;
  }
  return kMain;
}

// Switches from the running context to `to` (a context or kMain); returns when switched back.
// A context that is finished never comes back: `dying` tells AddressSanitizer to drop its stack.
void switch_to(Run& r, int to, bool dying = false) {
  int from = r.running;
  if (from == to) return;
  void** save = dying ? nullptr : (from == kMain ? &r.main_fake_stack : &r.ctx[from].fake_stack);
  const void* bottom = to == kMain ? r.main_bottom : stack_of(to);
  std::size_t size = to == kMain ? r.main_size : kStackBytes;
  ucontext_t* from_uc = from == kMain ? &r.main_uc : &r.ctx[from].uc;
  ucontext_t* to_uc = to == kMain ? &r.main_uc : &r.ctx[to].uc;
  r.running = to;
  if (__sanitizer_start_switch_fiber) __sanitizer_start_switch_fiber(save, bottom, size);
  if (dying) {
    setcontext(to_uc);
  } else {
    real_swapcontext(from_uc, to_uc);
    // Back in `from`.
    if (__sanitizer_finish_switch_fiber)
      __sanitizer_finish_switch_fiber(from == kMain ? r.main_fake_stack : r.ctx[from].fake_stack, nullptr, nullptr);
    if (from != kMain && r.on_switch) (*r.on_switch)(static_cast<std::uint8_t>(from));
  }
}

void enter(Run& r, int to, bool dying = false);

void start_next_entry(Run& r) {
  ++r.entry;
  if (r.entry < r.schedule.size()) r.budget = r.schedule[r.entry].steps;
}

// Every fiber starts here. scripts/profile.sh counts the samples under this frame (by its name)
// as the run's: perf cannot unwind a fiber's stack past it.
void trampoline() {
  Run& r = *g_run;
  int me = r.running;
  // The first switch into a fiber tells AddressSanitizer where it came from; the main stack's
  // bounds are what every later switch back to main needs.
  const void* from_bottom = nullptr;
  std::size_t from_size = 0;
  if (__sanitizer_finish_switch_fiber) __sanitizer_finish_switch_fiber(nullptr, &from_bottom, &from_size);
  if (!r.main_bottom) r.main_bottom = from_bottom, r.main_size = from_size;
  if (r.on_switch) (*r.on_switch)(static_cast<std::uint8_t>(me));
  r.tasks[me]();
  r.ctx[me].finished = true;
  int next = next_runnable(r, me, false);
  if (next == kMain) {
    // None can run: a waiter is left to find out it is deadlocked; else every task is done.
    for (int i = 0; i < static_cast<int>(r.tasks.size()) && next == kMain; ++i)
      if (!r.ctx[i].finished) next = i;
  }
  enter(r, next, /*dying=*/true);
}

// Switches to `to`, making its context first if it has not run yet.
void enter(Run& r, int to, bool dying) {
  if (to == kMain) return switch_to(r, to, dying);
  Context& c = r.ctx[to];
  if (!c.started) {
    c.started = true;
    getcontext(&c.uc);
    c.uc.uc_stack.ss_sp = stack_of(to);
    c.uc.uc_stack.ss_size = kStackBytes;
    c.uc.uc_link = nullptr;
    makecontext(&c.uc, trampoline, 0);
  }
  switch_to(r, to, dying);
}

// ---- The emulated kernel's view: KSFUZZ_SCHEDULER ----

ULONG current_context() { return g_run && g_run->running >= 0 ? static_cast<ULONG>(g_run->running) : 0; }

void yield(PCSTR point) {
  Run& r = *g_run;
  if (r.running == kMain) return;
  r.trace->push_back({static_cast<std::uint8_t>(r.running), point, KsfuzzPoolEventCount()});
  if (r.entry >= r.schedule.size()) return;  // no more choices: the running context goes on
  if (r.budget > 0) {
    --r.budget;
    return;
  }
  int want = r.schedule[r.entry].to % static_cast<int>(r.tasks.size());
  start_next_entry(r);
  int to = next_runnable(r, want, true);
  if (to != kMain && to != r.running) enter(r, to);
}

BOOLEAN wait(BOOLEAN (*ready)(PVOID), PVOID argument, PCSTR point) {
  Run& r = *g_run;
  int me = r.running;
  if (me == kMain) return ready(argument);
  r.trace->push_back({static_cast<std::uint8_t>(me), point, KsfuzzPoolEventCount()});
  r.ctx[me].ready = ready;
  r.ctx[me].argument = argument;
  for (;;) {
    if (ready(argument)) break;
    int to = next_runnable(r, me, false);
    if (to == kMain) {  // nobody can make it ready
      r.ctx[me].ready = nullptr;
      return FALSE;
    }
    enter(r, to);
  }
  r.ctx[me].ready = nullptr;
  return TRUE;
}

const KSFUZZ_SCHEDULER kScheduler = {current_context, yield, wait};

}  // namespace

void run_in_flight(std::span<const std::function<void()>> tasks, std::span<const ScheduleEntry> schedule,
                   const std::function<void(std::uint8_t)>& on_switch, std::vector<TraceEntry>& trace) {
  Run r;
  trace.clear();
  r.trace = &trace;
  r.tasks = tasks.first(std::min(tasks.size(), kMaxInFlight));
  r.schedule = schedule;
  r.on_switch = &on_switch;
  r.budget = schedule.empty() ? 0 : schedule[0].steps;
  g_run = &r;
  KsfuzzSetScheduler(&kScheduler);
  enter(r, 0);
  // Back in main: the last context finished.
  KsfuzzSetScheduler(nullptr);
  g_run = nullptr;
}

}  // namespace ksfuzz
