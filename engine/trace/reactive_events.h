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
  ActionScheduled,   // became pending; cause = the writer (0: external or subscribe)
  MarkedDirty,       // detail "dirty" (an input changed) or "check" (something upstream is dirty)
  Pulled,            // a dirty computation is run on demand of `cause`
  ActionStarted,
  ActionFinished,    // duration = its run time on now()
  ActionFailed,      // it threw; detail = message
  ActionSkipped,     // detail "throttled", or "unchanged" (a pulled effect whose inputs did not change)
  CycleDetected,     // members, strategy in detail ("fast"/"slow"), duration = estimated cost
  CycleIteration,    // iteration
  CycleConverged,    // iteration
  CycleLimit,        // iteration; the cycle was stopped
  DebounceArmed,     // duration = delay, deadline
  DebounceRestarted,
  DebounceFired,
  DebounceCancelled,
  AutoDebounced,     // duration = delay, number = average run time in ms
  TooManyIterations, // the iteration guard stopped `action`; iteration = its runs
  CellWritten,       // cell name in detail, value in number (NaN when not a number); cause = writer
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
  std::uint32_t cycle = 0;          // cycle events: the cycle's id (CycleRecord::id)
  std::uint32_t cell = 0;           // CellWritten: the cell's id
  sched::Instant deadline{};        // DebounceArmed/Restarted: when the timer fires
};

}  // namespace tickscope::trace
