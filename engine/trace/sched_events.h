#pragma once
// Typed events for every decision a scheduler makes. The TestScheduler emits all of them;
// that stream is what the debugger's step controls and Scheduler pane show.
#include <cstdint>
#include <source_location>
#include <string>
#include <string_view>

#include "sched/clock.h"
#include "sched/task_id.h"
#include "sched/task_label.h"
#include "sched/task_state.h"

namespace tickscope::trace {

enum class SchedEventKind : std::uint8_t {
  TaskSpawned,     // task, label, site, scheduleKind
  TaskScheduled,   // task put in a ready queue (again); readyCount after
  TaskPicked,      // one tick decision: task chosen among readyCount candidates
  TaskCompleted,   // task
  TaskCancelled,   // task
  TimerArmed,      // task, deadline
  TimerFired,      // task, deadline
  ClockAdvanced,   // from -> at
  NonDeterminism,  // scheduling from a foreign thread; task, detail
};

std::string_view nameOf(SchedEventKind kind);

struct SchedEvent {
  SchedEventKind kind{};
  sched::Instant at{};  // the scheduler's clock when it happened
  sched::TaskId task{};
  sched::ScheduleKind scheduleKind{};
  sched::ForegroundSessionId session{};
  bool deprioritized = false;
  std::uint32_t readyCount = 0;
  sched::Instant deadline{};  // timers
  sched::Instant from{};      // ClockAdvanced: the clock before
  sched::TaskLabel label{};   // TaskSpawned
  std::source_location site{};  // TaskSpawned
  std::string detail;         // NonDeterminism
};

}  // namespace tickscope::trace
