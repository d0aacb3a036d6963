#pragma once
#include <cstdint>
#include <string_view>

namespace tickscope::sched {

// TaskState is what a scheduler reports about a task (TestScheduler::taskState).
enum class TaskState : std::uint8_t {
  // Scheduled: ready to run. A Runnable for the task sits in a scheduler's ready queue
  // (background, foreground session queue or deprioritized queue) or in its timer heap.
  Scheduled,
  // Running: alive and not queued. Either executing right now, or suspended in a co_await
  // on a timer or another task; whoever it waits on holds a reference and will wake it.
  Running,
  // Completed: the body returned or threw. The value or exception stays in the task until
  // its Task handle reads or drops it. Never runs again.
  Completed,
  // Cancelled: its Task handle was dropped (or its last Runnable discarded) before it
  // completed. Its body never runs again and its frame is freed.
  Cancelled,
};

// isAlive: the test scheduler's "is running" — spawned and neither completed nor cancelled.
inline bool isAlive(TaskState s) { return s == TaskState::Scheduled || s == TaskState::Running; }

inline std::string_view nameOf(TaskState s) {
  switch (s) {
    case TaskState::Scheduled: return "scheduled";
    case TaskState::Running: return "running";
    case TaskState::Completed: return "completed";
    case TaskState::Cancelled: return "cancelled";
  }
  return "?";
}

// How a task is put back on its scheduler when it is woken.
enum class ScheduleKind : std::uint8_t { Background, Labeled, Foreground, Timer };

inline std::string_view nameOf(ScheduleKind k) {
  switch (k) {
    case ScheduleKind::Background: return "background";
    case ScheduleKind::Labeled: return "labeled";
    case ScheduleKind::Foreground: return "foreground";
    case ScheduleKind::Timer: return "timer";
  }
  return "?";
}

}  // namespace tickscope::sched
