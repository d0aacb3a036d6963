#include "sched/unparker.h"

namespace tickscope::sched {

bool Parker::park(std::optional<std::chrono::nanoseconds> timeout) {
  MutexLock lock(mutex_);
  if (timeout) {
    if (!mutex_.waitFor(cv_, *timeout, [this]() TICKSCOPE_REQUIRES(mutex_) { return token_; })) return false;
  } else {
    mutex_.wait(cv_, [this]() TICKSCOPE_REQUIRES(mutex_) { return token_; });
  }
  token_ = false;
  return true;
}

void Parker::unpark() {
  {
    MutexLock lock(mutex_);
    token_ = true;
  }
  cv_.notify_one();
}

}  // namespace tickscope::sched
