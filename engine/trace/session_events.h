#pragma once
// Typed events of the simulated cloud execution context (engine/sim): request sessions,
// their tasks and cleanup validation, as the debugger's Sessions pane shows them.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sched/clock.h"
#include "sched/task_id.h"

namespace tickscope::trace {

// What each kind carries besides kind, at (the scheduler's clock), session and sessionName:
enum class SessionEventKind : std::uint8_t {
  SessionOpened,     // nothing more
  TaskLinked,        // a task spawned while the session was current: task, taskName, origin
  WaitUntil,         // the task just linked is allowed to outlive the session (it always
                     // follows that task's TaskLinked): task, taskName, origin, delay
  SessionValidated,  // valid; when not: dangling (names), danglingTasks (ids), message
};

std::string_view nameOf(SessionEventKind kind);

// SessionEvent: one step of a request session (engine/sim's SimulatedExecutionContext). A
// task's later states are the scheduler's TaskCompleted/TaskCancelled events for its id.
struct SessionEvent {
  SessionEventKind kind{};
  sched::Instant at{};
  std::uint64_t session = 0;  // sim::SessionId::value
  std::string sessionName;
  sched::TaskId task{};
  std::string taskName;
  bool valid = true;
  std::vector<std::string> dangling;       // names, in link order
  std::string origin;                      // where the task was spawned ("file:line" or a JSON pointer)
  sched::Duration delay{};                 // WaitUntil: how long before the task's body starts
  std::vector<sched::TaskId> danglingTasks;  // ids, parallel to dangling
  std::string message;                     // SessionValidated when not valid: the cleanup error
};

}  // namespace tickscope::trace
