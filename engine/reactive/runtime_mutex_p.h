#pragma once
// RuntimeMutex, RuntimeLock: the runtime's one recursive mutex (RuntimeCore::mutex) as a
// capability the clang thread-safety analysis tracks. RuntimeCore's state is GUARDED_BY it
// and its methods REQUIRES it; Runtime's public methods and the entry points run by the
// scheduler (a group's decision, a debounce timer, a slow cycle's step) take it with a
// RuntimeLock. Recursive because an action run under the lock may call the Runtime again.
//
// Written over std::mutex rather than std::recursive_mutex: a pthread recursive mutex costs
// about 80 instructions per lock/unlock pair (its type dispatch and owner bookkeeping), twice
// per reactive update; this one costs about half. The owner is read relaxed: a thread only
// ever finds its own id there while it holds the mutex (it stores and clears its id itself,
// and coherence shows a thread its own last store or a later one), so the check is exact.
#include <atomic>
#include <cstdint>
#include <mutex>
#include <thread>

#include "sched/thread_annotations.h"

namespace tickscope::reactive::detail {

class TICKSCOPE_CAPABILITY("mutex") RuntimeMutex {
 public:
  void lock() TICKSCOPE_ACQUIRE() {
    const std::thread::id self = std::this_thread::get_id();
    if (owner_.load(std::memory_order_relaxed) == self) {
      ++depth_;
      return;
    }
    mutex_.lock();
    owner_.store(self, std::memory_order_relaxed);
    depth_ = 1;
  }
  void unlock() TICKSCOPE_RELEASE() {
    if (--depth_ != 0) return;
    owner_.store(std::thread::id(), std::memory_order_relaxed);
    mutex_.unlock();
  }

  // assertHeld: tells the analysis that the calling thread holds the mutex where it cannot
  // see it taken: in a lambda called by a method that holds it, in a Transaction (used only
  // inside a run, under the lock). It checks nothing at run time, so call it only where the
  // lock is held by construction.
  void assertHeld() const TICKSCOPE_ASSERT_CAPABILITY(this) {}

 private:
  std::mutex mutex_;
  std::atomic<std::thread::id> owner_{};
  std::uint32_t depth_ = 0;  // (only its holder touches it)
};

// RuntimeLock: holds a RuntimeMutex for its scope (std::lock_guard, annotated).
class TICKSCOPE_SCOPED_CAPABILITY RuntimeLock {
 public:
  explicit RuntimeLock(RuntimeMutex& mutex) TICKSCOPE_ACQUIRE(mutex) : mutex_(mutex) { mutex_.lock(); }
  ~RuntimeLock() TICKSCOPE_RELEASE() { mutex_.unlock(); }
  RuntimeLock(const RuntimeLock&) = delete;
  RuntimeLock& operator=(const RuntimeLock&) = delete;

 private:
  RuntimeMutex& mutex_;
};

}  // namespace tickscope::reactive::detail
