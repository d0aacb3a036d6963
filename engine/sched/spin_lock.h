#pragma once
#include <atomic>

#include "sched/thread_annotations.h"

namespace tickscope::sched {

// SpinLock guards a task's few state fields; critical sections are a handful of stores,
// so spinning is cheaper than a mutex on the spawn path (see tests/bench/sched_bench).
// A capability for clang's -Wthread-safety (tests/lint): TaskHeader's fields are
// TICKSCOPE_GUARDED_BY it.
class TICKSCOPE_CAPABILITY("spin lock") SpinLock {
 public:
  void lock() noexcept TICKSCOPE_ACQUIRE() {
    while (flag_.exchange(true, std::memory_order_acquire)) {
      while (flag_.load(std::memory_order_relaxed)) {
      }
    }
  }
  void unlock() noexcept TICKSCOPE_RELEASE() { flag_.store(false, std::memory_order_release); }

 private:
  std::atomic<bool> flag_{false};
};

// SpinLockGuard: holds a SpinLock for its scope, like std::unique_lock (which the analysis
// does not know): unlock()/lock() release it for a stretch and take it back.
class TICKSCOPE_SCOPED_CAPABILITY SpinLockGuard {
 public:
  explicit SpinLockGuard(SpinLock& lock) noexcept TICKSCOPE_ACQUIRE(lock) : lock_(lock) { lock_.lock(); }
  ~SpinLockGuard() TICKSCOPE_RELEASE() {
    if (locked_) lock_.unlock();
  }
  SpinLockGuard(const SpinLockGuard&) = delete;
  SpinLockGuard& operator=(const SpinLockGuard&) = delete;

  void unlock() noexcept TICKSCOPE_RELEASE() {
    lock_.unlock();
    locked_ = false;
  }
  void lock() noexcept TICKSCOPE_ACQUIRE() {
    lock_.lock();
    locked_ = true;
  }
  // disown: the guard no longer unlocks at the end of its scope; whoever called this unlocks
  // the SpinLock itself (a function the guard is passed to: the analysis follows the SpinLock,
  // not a guard passed by reference).
  void disown() noexcept { locked_ = false; }

 private:
  SpinLock& lock_;
  bool locked_ = true;
};

}  // namespace tickscope::sched
