#pragma once
// ActionStats: per-action timing, measured on Scheduler::now() before and after the action's
// callable (so under the TestScheduler a simulated cost is exactly what is recorded). A run
// that throws still counts. Kept up to date as actions run (Tracy style): readers get totals.
#include <cstdint>

#include "sched/clock.h"

namespace tickscope::reactive {

struct ActionStats {
  std::uint64_t runCount = 0;
  sched::Duration totalTime{};
  sched::Duration averageTime{};  // totalTime / runCount
  sched::Duration lastRunTime{};
  sched::Duration minTime{};
  sched::Duration maxTime{};
  double sumSquaresMs = 0;         // of run times in ms, for a variance
  sched::Instant lastRunStart{};   // now() when the last run started
  sched::Instant lastRunEnd{};     // now() when the last run ended ("last run timestamp")
  std::uint64_t errorCount = 0;    // runs that threw
  std::uint64_t skippedCount = 0;  // runs skipped by throttle
};

}  // namespace tickscope::reactive
