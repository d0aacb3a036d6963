#pragma once
// The production schedulers' clock: Scheduler::now() on the steady clock, as a
// sched::Instant whose epoch is the steady clock's, deadlines, and back for timed waits.
#include <chrono>

#include "sched/clock.h"

namespace tickscope::platform {

inline sched::Instant steadyNow() {
  return sched::Instant(
      std::chrono::duration_cast<sched::Duration>(std::chrono::steady_clock::now().time_since_epoch()));
}

// deadlineAfter: `from + d`, saturated at Instant::max() (a "forever" timeout must not wrap),
// and no earlier than `from` for a negative `d`.
inline sched::Instant deadlineAfter(sched::Instant from, sched::Duration d) {
  if (d <= sched::Duration::zero()) return from;
  return d >= sched::Instant::max() - from ? sched::Instant::max() : from + d;
}

inline std::chrono::steady_clock::time_point toSteady(sched::Instant t) {
  return std::chrono::steady_clock::time_point(
      std::chrono::duration_cast<std::chrono::steady_clock::duration>(t.time_since_epoch()));
}

}  // namespace tickscope::platform
