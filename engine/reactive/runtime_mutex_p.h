#pragma once
// RuntimeMutex, RuntimeLock: the runtime's one recursive mutex (RuntimeCore::mutex) as a
// capability the clang thread-safety analysis tracks. RuntimeCore's state is GUARDED_BY it
// and its methods REQUIRES it; Runtime's public methods and the entry points run by the
// scheduler (a group's decision, a debounce timer, a slow cycle's step) take it with a
// RuntimeLock. Recursive because an action run under the lock may call the Runtime again.
// Under GCC the annotations are empty and this is std::recursive_mutex with no other cost.
#include <mutex>

#include "sched/thread_annotations.h"

namespace tickscope::reactive::detail {

class TICKSCOPE_CAPABILITY("mutex") RuntimeMutex {
 public:
  void lock() TICKSCOPE_ACQUIRE() { mutex_.lock(); }
  void unlock() TICKSCOPE_RELEASE() { mutex_.unlock(); }
  bool try_lock() TICKSCOPE_TRY_ACQUIRE(true) { return mutex_.try_lock(); }

  // assertHeld: tells the analysis that the calling thread holds the mutex where it cannot
  // see it taken: in a lambda called by a method that holds it, in a Transaction (used only
  // inside a run, under the lock). It checks nothing at run time (std::recursive_mutex does
  // not know its owner), so call it only where the lock is held by construction.
  void assertHeld() const TICKSCOPE_ASSERT_CAPABILITY(this) {}

 private:
  std::recursive_mutex mutex_;
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
