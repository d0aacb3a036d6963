#include "trace/observer.h"

namespace tickscope::trace {

std::string_view nameOf(SchedEventKind kind) {
  switch (kind) {
    case SchedEventKind::TaskSpawned: return "task-spawned";
    case SchedEventKind::TaskScheduled: return "task-scheduled";
    case SchedEventKind::TaskPicked: return "task-picked";
    case SchedEventKind::TaskCompleted: return "task-completed";
    case SchedEventKind::TaskCancelled: return "task-cancelled";
    case SchedEventKind::TimerArmed: return "timer-armed";
    case SchedEventKind::TimerFired: return "timer-fired";
    case SchedEventKind::ClockAdvanced: return "clock-advanced";
    case SchedEventKind::NonDeterminism: return "non-determinism";
  }
  return "?";
}

std::string_view nameOf(ReactiveEventKind kind) {
  switch (kind) {
    case ReactiveEventKind::ActionSubscribed: return "action-subscribed";
    case ReactiveEventKind::ActionUnsubscribed: return "action-unsubscribed";
    case ReactiveEventKind::ActionScheduled: return "action-scheduled";
    case ReactiveEventKind::MarkedDirty: return "marked-dirty";
    case ReactiveEventKind::Pulled: return "pulled";
    case ReactiveEventKind::ActionStarted: return "action-started";
    case ReactiveEventKind::ActionFinished: return "action-finished";
    case ReactiveEventKind::ActionFailed: return "action-failed";
    case ReactiveEventKind::ActionSkipped: return "action-skipped";
    case ReactiveEventKind::CycleDetected: return "cycle-detected";
    case ReactiveEventKind::CycleIteration: return "cycle-iteration";
    case ReactiveEventKind::CycleConverged: return "cycle-converged";
    case ReactiveEventKind::CycleLimit: return "cycle-limit";
    case ReactiveEventKind::DebounceArmed: return "debounce-armed";
    case ReactiveEventKind::DebounceRestarted: return "debounce-restarted";
    case ReactiveEventKind::DebounceFired: return "debounce-fired";
    case ReactiveEventKind::DebounceCancelled: return "debounce-cancelled";
    case ReactiveEventKind::AutoDebounced: return "auto-debounced";
    case ReactiveEventKind::TooManyIterations: return "too-many-iterations";
    case ReactiveEventKind::CellWritten: return "cell-written";
  }
  return "?";
}

std::string_view nameOf(SessionEventKind kind) {
  switch (kind) {
    case SessionEventKind::SessionOpened: return "session-opened";
    case SessionEventKind::TaskLinked: return "task-linked";
    case SessionEventKind::WaitUntil: return "wait-until";
    case SessionEventKind::SessionValidated: return "session-validated";
  }
  return "?";
}

}  // namespace tickscope::trace
