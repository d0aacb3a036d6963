#pragma once
#include <atomic>

namespace tickscope::sched {

// SpinLock guards a task's few state fields; critical sections are a handful of stores,
// so spinning is cheaper than a mutex on the spawn path (see tests/bench/sched_bench).
class SpinLock {
 public:
  void lock() noexcept {
    while (flag_.exchange(true, std::memory_order_acquire)) {
      while (flag_.load(std::memory_order_relaxed)) {
      }
    }
  }
  void unlock() noexcept { flag_.store(false, std::memory_order_release); }

 private:
  std::atomic<bool> flag_{false};
};

}  // namespace tickscope::sched
