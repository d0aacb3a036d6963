#pragma once
// Mutex / MutexLock: std::mutex with thread-safety annotations, so that clang checks the
// TICKSCOPE_GUARDED_BY fields of the platform schedulers. Condition variables are waited on
// through Mutex::wait / waitUntil, which keep the analysis aware that the mutex is held
// again when they return.
#include <chrono>
#include <condition_variable>
#include <mutex>

#include "platform/cpu_relax.h"
#include "platform/thread_annotations.h"

namespace tickscope::platform {

class TICKSCOPE_CAPABILITY("mutex") Mutex {
 public:
  // lock: spins briefly before blocking. The schedulers hold their locks for a few stores,
  // so a contended lock is usually free again within the spin; blocking at once would cost
  // two system calls (futex wait and wake) per contended push.
  void lock() TICKSCOPE_ACQUIRE() {
    for (int i = 0; i < kSpins; ++i) {
      if (mutex_.try_lock()) return;
      cpuRelax();
    }
    mutex_.lock();
  }
  void unlock() TICKSCOPE_RELEASE() { mutex_.unlock(); }

  // wait: blocks on `cv` until notified (or a spurious wake-up). Precondition: the caller
  // holds the mutex; it is released while blocked and held again on return.
  void wait(std::condition_variable& cv) TICKSCOPE_REQUIRES(this) {
    std::unique_lock<std::mutex> lock(mutex_, std::adopt_lock);
    cv.wait(lock);
    lock.release();
  }

  // waitUntil: as wait, but gives up at `deadline`. Returns false if it timed out.
  template <class Clock, class Dur>
  bool waitUntil(std::condition_variable& cv, const std::chrono::time_point<Clock, Dur>& deadline)
      TICKSCOPE_REQUIRES(this) {
    std::unique_lock<std::mutex> lock(mutex_, std::adopt_lock);
    const bool notified = cv.wait_until(lock, deadline) == std::cv_status::no_timeout;
    lock.release();
    return notified;
  }

  // wait: blocks on `cv` until `ready()` holds. Precondition: the caller holds the mutex; it
  // is released while blocked and held again on return.
  template <class Pred>
  void wait(std::condition_variable& cv, Pred ready) TICKSCOPE_REQUIRES(this) {
    std::unique_lock<std::mutex> lock(mutex_, std::adopt_lock);
    cv.wait(lock, ready);
    lock.release();
  }

  // waitUntil: as wait, but gives up at `deadline`. Returns ready().
  template <class Clock, class Dur, class Pred>
  bool waitUntil(std::condition_variable& cv, const std::chrono::time_point<Clock, Dur>& deadline, Pred ready)
      TICKSCOPE_REQUIRES(this) {
    std::unique_lock<std::mutex> lock(mutex_, std::adopt_lock);
    const bool result = cv.wait_until(lock, deadline, ready);
    lock.release();
    return result;
  }

 private:
  static constexpr int kSpins = 64;

  std::mutex mutex_;
};

// MutexLock: holds a Mutex for its scope; unlock()/lock() release it for a stretch (to run
// work or drop runnables without the lock) and take it back.
class TICKSCOPE_SCOPED_CAPABILITY MutexLock {
 public:
  explicit MutexLock(Mutex& mutex) TICKSCOPE_ACQUIRE(mutex) : mutex_(mutex) { mutex_.lock(); }
  ~MutexLock() TICKSCOPE_RELEASE() {
    if (locked_) mutex_.unlock();
  }
  MutexLock(const MutexLock&) = delete;
  MutexLock& operator=(const MutexLock&) = delete;

  void unlock() TICKSCOPE_RELEASE() {
    mutex_.unlock();
    locked_ = false;
  }
  void lock() TICKSCOPE_ACQUIRE() {
    mutex_.lock();
    locked_ = true;
  }

 private:
  Mutex& mutex_;
  bool locked_ = true;
};

}  // namespace tickscope::platform
