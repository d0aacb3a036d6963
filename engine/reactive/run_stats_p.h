#pragma once
// RunStats: an action's run timing (ActionSlot::run), updated by every run (finishRun) in the
// slot lines a run touches anyway; Runtime::stats derives the public ActionStats from it.
#include <cstdint>

#include "sched/clock.h"

namespace tickscope::reactive::detail {

// RunStats: the timing every run updates, kept beside what a run touches anyway. The public
// ActionStats adds what is derived from it (average, last run time) or rarely changes
// (ActionSlot's sumSquaresMs, errorCount, skippedCount): see statsOf.
struct RunStats {
  std::uint64_t runCount = 0;  // > 0: it has run (a throttle window applies)
  sched::Duration totalTime{};
  sched::Instant lastRunStart{};
  sched::Instant lastRunEnd{};
  sched::Duration minTime{};
  sched::Duration maxTime{};

  // average: totalTime / runCount (0 before the first run).
  sched::Duration average() const {
    return runCount ? totalTime / static_cast<sched::Duration::rep>(runCount) : sched::Duration::zero();
  }
};

}  // namespace tickscope::reactive::detail
