#include "sched/unparker.h"

namespace tickscope::sched {

bool Parker::park(std::optional<std::chrono::nanoseconds> timeout) {
  std::unique_lock lock(mutex_);
  if (timeout) {
    if (!cv_.wait_for(lock, *timeout, [this] { return token_; })) return false;
  } else {
    cv_.wait(lock, [this] { return token_; });
  }
  token_ = false;
  return true;
}

void Parker::unpark() {
  {
    std::lock_guard lock(mutex_);
    token_ = true;
  }
  cv_.notify_one();
}

}  // namespace tickscope::sched
