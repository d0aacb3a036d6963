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

enum class SessionEventKind : std::uint8_t {
  SessionOpened,
  TaskLinked,       // a task spawned while the session was current
  WaitUntil,        // a task registered as allowed to outlive the session
  SessionValidated, // valid or not; dangling lists the offending tasks
};

std::string_view nameOf(SessionEventKind kind);

struct SessionEvent {
  SessionEventKind kind{};
  sched::Instant at{};
  std::uint64_t session = 0;
  std::string sessionName;
  sched::TaskId task{};
  std::string taskName;
  bool valid = true;
  std::vector<std::string> dangling;
};

}  // namespace tickscope::trace
