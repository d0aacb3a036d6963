#pragma once
// Plain, copyable views of request sessions, for reports and the debugger's Sessions pane.
// They are taken under the context's lock and never point back into it.
#include <optional>
#include <string>
#include <vector>

#include "sched/clock.h"
#include "sched/task_id.h"
#include "sched/task_state.h"
#include "sim/session_id.h"

namespace tickscope::sim {

// DanglingTask: a task of a session that was still running, without waitUntil permission,
// when the session's cleanup was validated.
struct DanglingTask {
  sched::TaskId id;
  std::string name;
  std::string origin;  // where it was spawned: "file:line", or what the caller gave instead
};

// CleanupResult: the outcome of SimulatedExecutionContext::validateSessionCleanup.
struct CleanupResult {
  SessionId session;
  std::string sessionName;
  sched::Instant at{};                 // the scheduler's clock when validated
  bool valid = true;
  std::vector<DanglingTask> dangling;  // in the order the tasks were linked
  // message: empty when valid, else e.g. "session req-1: 1 unauthorized task still running:
  // audit (task 7, spawned at tests/x.cpp:42)".
  std::string message;

  explicit operator bool() const { return valid; }
};

// SessionTaskSnapshot: one task linked to a session.
struct SessionTaskSnapshot {
  sched::TaskId id;
  std::string name;
  std::string origin;
  // state: from TestScheduler::taskState on a test scheduler. On any other scheduler the
  // context only sees completion, so a live task reads Running until it completes or is
  // cancelled.
  sched::TaskState state = sched::TaskState::Running;
  bool waitUntil = false;   // registered as allowed to outlive the session
  sched::Instant linkedAt{};

  bool running() const { return sched::isAlive(state); }
};

// SessionSnapshot: one session as it is now, with its most recent validation (if any).
struct SessionSnapshot {
  SessionId id;
  std::string name;
  sched::Instant openedAt{};
  std::vector<SessionTaskSnapshot> tasks;  // in link order
  std::vector<sched::TaskId> waitUntil;    // in link order
  std::optional<sched::Instant> validatedAt;  // unset until validateSessionCleanup ran
  bool valid = true;                       // of the last validation; true before any
  std::vector<DanglingTask> dangling;      // of the last validation
  std::string message;                     // of the last validation; empty when valid

  bool validated() const { return validatedAt.has_value(); }
  std::vector<std::string> taskNames() const;
  std::vector<std::string> waitUntilNames() const;
  std::vector<std::string> danglingNames() const;
};

}  // namespace tickscope::sim
