// tests/support/scripted_scheduler.h — a KSFUZZ_SCHEDULER for tests: contexts change only where
// the test says, on the one stack the test runs on. No executor: "running context 1 at a yield
// point" means calling the test's code there as context 1 and coming back.
#pragma once

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include <ksfuzz/scheduler.h>

namespace ksfuzz::test {

class ScriptedScheduler {
 public:
  ScriptedScheduler() {
    active_ = this;
    KsfuzzSetScheduler(&kTable);
  }
  ~ScriptedScheduler() {
    KsfuzzSetScheduler(nullptr);
    active_ = nullptr;
  }
  ScriptedScheduler(const ScriptedScheduler&) = delete;
  ScriptedScheduler& operator=(const ScriptedScheduler&) = delete;

  /// Runs body as context, then switches back to the context that was running.
  void RunAs(ULONG context, const std::function<void()>& body) {
    ULONG previous = current_;
    current_ = context;
    body();
    current_ = previous;
  }
  /// The first time context reaches the yield point named point, body runs there (and no yield
  /// of body's own is scripted).
  void At(std::string point, ULONG context, std::function<void()> body) {
    at_point_ = std::move(point);
    at_context_ = context;
    at_body_ = std::move(body);
  }
  /// The next wait runs body first (as whatever contexts it switches to), then asks Ready once:
  /// not ready then is a deadlock (FALSE), as for a scheduler with nothing left to run.
  void OnWait(std::function<void()> body) { on_wait_ = std::move(body); }

  ULONG current() const { return current_; }
  /// Every yield point reached, in order, as "<context>:<point>"; waits as "<context>:wait:<point>".
  const std::vector<std::string>& points() const { return points_; }
  int waits() const { return waits_; }
  bool fired() const { return !at_body_ && !at_point_.empty(); }

 private:
  static ULONG CurrentContext() { return active_->current_; }

  static VOID Yield(PCSTR point) {
    ScriptedScheduler& s = *active_;
    s.points_.push_back(std::to_string(s.current_) + ":" + point);
    if (!s.at_body_ || s.current_ != s.at_context_ || s.at_point_ != point) return;
    auto body = std::move(s.at_body_);
    s.at_body_ = nullptr;
    body();
  }

  static BOOLEAN Wait(BOOLEAN (*ready)(PVOID), PVOID argument, PCSTR point) {
    ScriptedScheduler& s = *active_;
    ++s.waits_;
    s.points_.push_back(std::to_string(s.current_) + ":wait:" + point);
    if (s.on_wait_) {
      auto body = std::move(s.on_wait_);
      s.on_wait_ = nullptr;
      body();
    }
    return ready(argument);
  }

  static constexpr KSFUZZ_SCHEDULER kTable = {CurrentContext, Yield, Wait};
  static inline ScriptedScheduler* active_ = nullptr;

  ULONG current_ = 0;
  std::string at_point_;
  ULONG at_context_ = 0;
  std::function<void()> at_body_;
  std::function<void()> on_wait_;
  std::vector<std::string> points_;
  int waits_ = 0;
};

}  // namespace ksfuzz::test
