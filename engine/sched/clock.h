#pragma once
// Time on a Tickscope scheduler. Production schedulers read the steady clock; the
// TestScheduler keeps a virtual clock that starts at zero and moves only when told.
#include <chrono>

namespace tickscope::sched {

// SchedulerClock: the clock type of Scheduler::now(). Its epoch is the scheduler's own:
// zero for a TestScheduler, the steady clock's epoch for production schedulers.
struct SchedulerClock {
  using duration = std::chrono::nanoseconds;
  using rep = duration::rep;
  using period = duration::period;
  using time_point = std::chrono::time_point<SchedulerClock, duration>;
  static constexpr bool is_steady = true;
};

using Duration = SchedulerClock::duration;
using Instant = SchedulerClock::time_point;

// Milliseconds as a double, the unit of graph files and reports.
inline double toMs(Duration d) { return std::chrono::duration<double, std::milli>(d).count(); }
inline double toMs(Instant t) { return toMs(t.time_since_epoch()); }
inline Duration fromMs(double ms) {
  return std::chrono::duration_cast<Duration>(std::chrono::duration<double, std::milli>(ms));
}

}  // namespace tickscope::sched
