#pragma once
// Observer: receives typed trace events. Producers hold one nullable Observer pointer and
// build an event only when it is set, so with nothing attached an event costs one branch
// (measured in tests/bench/trace_bench). Callbacks run on the producing thread, inline.
#include "trace/reactive_events.h"
#include "trace/sched_events.h"
#include "trace/session_events.h"

namespace tickscope::trace {

class Observer {
 public:
  virtual ~Observer() = default;
  virtual void onSchedEvent(const SchedEvent&) {}
  virtual void onReactiveEvent(const ReactiveEvent&) {}
  virtual void onSessionEvent(const SessionEvent&) {}
};

}  // namespace tickscope::trace
