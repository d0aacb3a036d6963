#pragma once
// A graph file's request event (spec section 6) on a SimulatedExecutionContext: open a
// session, spawn the event's tasks in it, and — once the request has settled — validate it.
//
//   sim::SessionId id = sim::openRequest(context, "req-1", specs, [&] { applyWrites(); });
//   scheduler.runUntilParked();
//   sim::CleanupResult r = context.validateSessionCleanup(id);   // dangling tasks, if any
//   sim::SessionSnapshot s = *context.session(id);               // for the report
#include <functional>
#include <span>
#include <string>

#include "sim/simulated_execution_context.h"

namespace tickscope::sim {

// SpawnSpec: one entry of an event's "spawn" list.
struct SpawnSpec {
  std::string name;
  // delayMs: virtual time the task's body waits before it completes (not negative).
  double delayMs = 0;
  // waitUntil: spawned through SimulatedExecutionContext::waitUntil, so its body starts only
  // after kWaitUntilDelay: it completes kWaitUntilDelay + delayMs after the request.
  bool waitUntil = false;
  // origin: where the spec came from (e.g. the JSON pointer "/events/2/spawn/1"); it is what
  // a dangling-task message says the task was "spawned at". Empty: "<session> spawn[<index>]".
  std::string origin;
};

// openRequest: opens a session named `session` at now(); with it current, runs `inSession`
// (if given; e.g. the event's writes) and then spawns one task per spec, in order: a task
// that waits spec.delayMs of virtual time on the scheduler's timer, then completes. The
// tasks are detached: the scheduler runs them, the context tracks them. Returns the session,
// for validateSessionCleanup and session(). Throws SessionError for a negative delayMs.
SessionId openRequest(SimulatedExecutionContext& context, std::string session, std::span<const SpawnSpec> spawns,
                      const std::function<void()>& inSession = {});

}  // namespace tickscope::sim
