#pragma once
// Handoff: a release/acquire pair around what one thread hands to Qt and another thread
// receives (a posted event, a pool job). Qt's own locks are futexes in uninstrumented code,
// invisible to ThreadSanitizer; a Handoff makes each such hand-off visible to it, for one
// atomic increment. publish() is a read-modify-write, so a receive() after several publishers
// synchronizes with all of them (they form one release sequence).
#include <atomic>
#include <cstdint>

namespace tickscope::platform {

class Handoff {
 public:
  // publish: everything the caller wrote before is visible to whoever receives after.
  void publish() { count_.fetch_add(1, std::memory_order_release); }
  // receive: sees what every earlier publish() covered.
  void receive() const { (void)count_.load(std::memory_order_acquire); }

 private:
  std::atomic<std::uint64_t> count_{0};
};

}  // namespace tickscope::platform
