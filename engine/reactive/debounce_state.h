#pragma once
// DebounceState: an action's debounce, as the Inspector and the Timing table show it.
#include <optional>

#include "sched/clock.h"
#include "sched/task_id.h"

namespace tickscope::reactive {

struct DebounceState {
  sched::Duration delay{};          // zero: not debounced
  bool manual = false;              // set by subscribe options or setDebounce
  bool automatic = false;           // set by auto-debounce
  bool autoOptOut = false;          // the action opted out of auto-debounce
  std::optional<sched::Instant> armedDeadline;  // a timer is armed and fires then
  sched::TaskId timerTask;          // the armed timer's task (none when not armed)
  sched::Duration throttle{};       // zero: not throttled
};

}  // namespace tickscope::reactive
