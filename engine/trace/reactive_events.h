#pragma once
// Typed events of the reactive runtime (engine/reactive): every scheduling decision,
// dirty mark, pull, run, cycle step and debounce step, carrying what the debugger shows.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sched/clock.h"

namespace tickscope::trace {

// ActionRef: an action as events name it — its runtime id and its display name.
using ActionIndex = std::uint32_t;

enum class ReactiveEventKind : std::uint8_t {
  ActionSubscribed,
  ActionUnsubscribed,
  ActionScheduled,   // became pending
  MarkedDirty,
  Pulled,            // a dirty computation is run on demand of `cause`
  ActionStarted,
  ActionFinished,    // duration = its run time on now()
  ActionFailed,      // it threw; detail = message
  ActionSkipped,     // throttled
  CycleDetected,     // members, strategy in detail ("fast"/"slow")
  CycleIteration,    // iteration
  CycleConverged,    // iteration
  CycleLimit,        // iteration; the cycle was stopped
  DebounceArmed,     // duration = delay
  DebounceRestarted,
  DebounceFired,
  DebounceCancelled,
  AutoDebounced,     // duration = delay
  TooManyIterations, // push-mode guard
  CellWritten,       // cell name in detail, value in number
};

std::string_view nameOf(ReactiveEventKind kind);

struct ReactiveEvent {
  ReactiveEventKind kind{};
  sched::Instant at{};
  ActionIndex action = 0;
  std::string actionName;
  ActionIndex cause = 0;          // the action a pull or a schedule happened for
  std::uint32_t iteration = 0;
  sched::Duration duration{};
  double number = 0;
  std::vector<std::string> members;  // cycles
  std::string detail;
  std::uint32_t dirtyCount = 0;     // after the event
  std::uint32_t pendingCount = 0;   // after the event
};

}  // namespace tickscope::trace
