#pragma once
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>

#include "sched/mutex.h"

namespace tickscope::sched {

// Parker blocks one thread until it is unparked. An unpark that comes before the park is
// remembered, so a park never misses a wake-up (the token is consumed by the next park).
class Parker {
 public:
  // park: blocks until unparked or until `timeout` elapses (forever without one).
  // Returns true when woken by unpark, false on timeout.
  bool park(std::optional<std::chrono::nanoseconds> timeout);
  void unpark();

 private:
  Mutex mutex_;
  std::condition_variable cv_;
  bool token_ TICKSCOPE_GUARDED_BY(mutex_) = false;
};

// Unparker: a cheap, copyable handle that wakes a parked thread; safe from any thread and
// valid after the scheduler that gave it out is gone.
class Unparker {
 public:
  Unparker() = default;
  explicit Unparker(std::shared_ptr<Parker> parker) : parker_(std::move(parker)) {}
  void unpark() const {
    if (parker_) parker_->unpark();
  }

 private:
  std::shared_ptr<Parker> parker_;
};

}  // namespace tickscope::sched
