#pragma once
// ThreadPoolScheduler: a minimal multi-threaded Scheduler for tests — N workers share one FIFO
// queue; no timers (scheduleAfter runs non-positive delays at once and throws otherwise), the
// steady clock. Enough to finish tasks on threads other than the one that spawned them.
#include <chrono>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "sched/errors.h"
#include "sched/scheduler.h"

namespace tickscope::testing {

class ThreadPoolScheduler final : public sched::Scheduler {
 public:
  explicit ThreadPoolScheduler(int workers) {
    for (int i = 0; i < workers; ++i) workers_.emplace_back([this] { work(); });
  }
  ~ThreadPoolScheduler() override {
    {
      std::lock_guard lock(mutex_);
      stop_ = true;
    }
    cv_.notify_all();
    for (std::thread& t : workers_) t.join();
    while (!queue_.empty()) {  // dropping a runnable may queue another
      auto queue = std::move(queue_);
      queue_.clear();
    }
  }

  void schedule(sched::Runnable runnable) override {
    {
      std::lock_guard lock(mutex_);
      queue_.push_back(std::move(runnable));
    }
    cv_.notify_one();
  }
  void scheduleLabeled(sched::Runnable runnable, sched::TaskLabel) override { schedule(std::move(runnable)); }
  void scheduleAfter(sched::Duration duration, sched::Runnable runnable) override {
    if (duration > sched::Duration::zero()) throw sched::SchedulerError("ThreadPoolScheduler has no timers");
    schedule(std::move(runnable));
  }
  bool park(std::optional<sched::Duration> timeout) override { return parker_->park(timeout); }
  sched::Unparker unparker() override { return sched::Unparker(parker_); }
  bool isMainThread() const override { return false; }
  sched::Instant now() const override {
    return sched::Instant(std::chrono::duration_cast<sched::Duration>(std::chrono::steady_clock::now().time_since_epoch()));
  }

 private:
  void work() {
    while (true) {
      sched::Runnable runnable;
      {
        std::unique_lock lock(mutex_);
        cv_.wait(lock, [this] { return stop_ || !queue_.empty(); });
        if (stop_) return;
        runnable = std::move(queue_.front());
        queue_.pop_front();
      }
      runnable.run();
    }
  }

  std::mutex mutex_;
  std::condition_variable cv_;
  std::deque<sched::Runnable> queue_;  // guarded by mutex_
  bool stop_ = false;                  // guarded by mutex_
  std::vector<std::thread> workers_;
  std::shared_ptr<sched::Parker> parker_ = std::make_shared<sched::Parker>();
};

}  // namespace tickscope::testing
