#pragma once
// TimerHeap: the armed timers of a production scheduler, earliest deadline first, ties in
// arming order. Not thread-safe: its owner guards it with a mutex. Runnables that leave it
// are handed to the caller, who runs or drops them after releasing that mutex (dropping
// one may cancel a task, which can reenter the scheduler).
#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "sched/clock.h"
#include "sched/runnable.h"

namespace tickscope::platform {

class TimerHeap {
 public:
  // arm: adds `runnable`, due at `deadline`. Returns whether it is now the earliest timer
  // (the owner's timer must then be re-armed). When the heap has grown, the runnables of
  // tasks that already finished (cancelled timers) are purged into `purged`.
  bool arm(sched::Instant deadline, sched::Runnable runnable, std::vector<sched::Runnable>& purged);
  // nextDeadline: the earliest deadline, if any.
  std::optional<sched::Instant> nextDeadline() const;
  // popDue: appends to `due`, in firing order, every runnable whose deadline is <= `now`.
  void popDue(sched::Instant now, std::vector<sched::Runnable>& due);
  // takeAll: empties the heap (shutdown).
  std::vector<sched::Runnable> takeAll();
  std::size_t size() const { return entries_.size(); }

 private:
  struct Entry {
    sched::Instant deadline;
    std::uint64_t seq;
    sched::Runnable runnable;
  };
  void purgeFinished(std::vector<sched::Runnable>& purged);

  std::vector<Entry> entries_;  // a heap under `later` (see timer_heap.cpp)
  std::uint64_t nextSeq_ = 0;
  std::size_t purgeAt_ = kMinPurgeAt;
  static constexpr std::size_t kMinPurgeAt = 64;
};

}  // namespace tickscope::platform
