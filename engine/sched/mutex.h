#pragma once
// Mutex / MutexLock: std::mutex with clang thread-safety annotations, for the engine's plain
// mutexes (the parker, the test scheduler's foreign calls), so -Wthread-safety checks the
// fields marked TICKSCOPE_GUARDED_BY them (tests/lint). Condition variables are waited on
// through Mutex::wait / waitFor, which keep the analysis aware that the mutex is held again
// when they return. (platform/mutex.h is the platform schedulers' spinning variant.)
#include <chrono>
#include <condition_variable>
#include <mutex>

#include "sched/thread_annotations.h"

namespace tickscope::sched {

class TICKSCOPE_CAPABILITY("mutex") Mutex {
 public:
  void lock() TICKSCOPE_ACQUIRE() { mutex_.lock(); }
  void unlock() TICKSCOPE_RELEASE() { mutex_.unlock(); }
  bool try_lock() TICKSCOPE_TRY_ACQUIRE(true) { return mutex_.try_lock(); }

  // wait: blocks on `cv` until `ready()` holds. Precondition: the caller holds the mutex; it
  // is released while blocked and held again on return.
  template <class Pred>
  void wait(std::condition_variable& cv, Pred ready) TICKSCOPE_REQUIRES(this) {
    std::unique_lock<std::mutex> lock(mutex_, std::adopt_lock);
    cv.wait(lock, ready);
    lock.release();
  }

  // waitFor: as wait, but gives up after `timeout`. Returns ready().
  template <class Rep, class Period, class Pred>
  bool waitFor(std::condition_variable& cv, const std::chrono::duration<Rep, Period>& timeout, Pred ready)
      TICKSCOPE_REQUIRES(this) {
    std::unique_lock<std::mutex> lock(mutex_, std::adopt_lock);
    const bool result = cv.wait_for(lock, timeout, ready);
    lock.release();
    return result;
  }

 private:
  std::mutex mutex_;
};

// MutexLock: holds a Mutex for its scope (std::lock_guard, annotated).
class TICKSCOPE_SCOPED_CAPABILITY MutexLock {
 public:
  explicit MutexLock(Mutex& mutex) TICKSCOPE_ACQUIRE(mutex) : mutex_(mutex) { mutex_.lock(); }
  ~MutexLock() TICKSCOPE_RELEASE() { mutex_.unlock(); }
  MutexLock(const MutexLock&) = delete;
  MutexLock& operator=(const MutexLock&) = delete;

 private:
  Mutex& mutex_;
};

}  // namespace tickscope::sched
