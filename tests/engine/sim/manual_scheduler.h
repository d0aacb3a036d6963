#pragma once
// ManualScheduler: a tiny production-shaped Scheduler driven by hand — not a TestScheduler, so
// the simulated context must track task completion itself (TaskHeader::onFinished). FIFO ready
// queue, timers by deadline (ties in arming order), a clock that moves only in advance().
#include <algorithm>
#include <deque>
#include <memory>
#include <optional>
#include <vector>

#include "sched/errors.h"
#include "sched/scheduler.h"

namespace tickscope::testing {

class ManualScheduler final : public sched::Scheduler {
 public:
  ~ManualScheduler() override {
    // Dropping a runnable cancels its task, which may wake (and so queue) others: repeat.
    while (!ready_.empty() || !timers_.empty()) {
      auto ready = std::move(ready_);
      auto timers = std::move(timers_);
      ready_.clear();
      timers_.clear();
    }
  }

  void schedule(sched::Runnable runnable) override { ready_.push_back(std::move(runnable)); }
  void scheduleLabeled(sched::Runnable runnable, sched::TaskLabel) override { schedule(std::move(runnable)); }
  void scheduleAfter(sched::Duration duration, sched::Runnable runnable) override {
    timers_.push_back(Timer{now_ + std::max(duration, sched::Duration::zero()), seq_++, std::move(runnable)});
  }
  bool park(std::optional<sched::Duration>) override { throw sched::SchedulerError("ManualScheduler never parks"); }
  sched::Unparker unparker() override { return sched::Unparker(parker_); }
  bool isMainThread() const override { return true; }
  sched::Instant now() const override { return now_; }

  // runReady: runs ready runnables in FIFO order until none is left; returns how many ran.
  std::size_t runReady() {
    std::size_t n = 0;
    while (!ready_.empty()) {
      sched::Runnable runnable = std::move(ready_.front());
      ready_.pop_front();
      runnable.run();
      ++n;
    }
    return n;
  }

  // advance: fires every timer due up to now()+by in deadline order, running the ready queue
  // after each, and leaves the clock at now()+by.
  void advance(sched::Duration by) {
    const sched::Instant target = now_ + by;
    runReady();
    while (true) {
      auto next = std::min_element(timers_.begin(), timers_.end(), [](const Timer& a, const Timer& b) {
        return a.deadline != b.deadline ? a.deadline < b.deadline : a.seq < b.seq;
      });
      if (next == timers_.end() || next->deadline > target) break;
      now_ = std::max(now_, next->deadline);
      sched::Runnable runnable = std::move(next->runnable);
      timers_.erase(next);
      runnable.run();
      runReady();
    }
    now_ = target;
  }

  std::size_t timerCount() const { return timers_.size(); }

 private:
  struct Timer {
    sched::Instant deadline;
    std::uint64_t seq;
    sched::Runnable runnable;
  };

  sched::Instant now_{};
  std::uint64_t seq_ = 0;
  std::deque<sched::Runnable> ready_;
  std::vector<Timer> timers_;
  std::shared_ptr<sched::Parker> parker_ = std::make_shared<sched::Parker>();
};

}  // namespace tickscope::testing
