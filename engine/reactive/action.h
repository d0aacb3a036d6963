#pragma once
// Action: a C++ callable the runtime runs inside a scheduler task. It receives a Transaction
// through which it reads and writes cells; what it reads becomes its dependencies.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "sched/clock.h"
#include "sched/task_label.h"

namespace tickscope::reactive {

class Transaction;

using ActionFn = std::function<void(Transaction&)>;

// ActionKind: effects (sinks) are the roots of demand; computations (lift/derive) run only
// when an effect needs them (pull mode) or whenever notified (push mode).
enum class ActionKind : std::uint8_t { Computation, Effect };

inline std::string_view nameOf(ActionKind kind) {
  return kind == ActionKind::Effect ? "effect" : "computation";
}

struct Action {
  // name: for errors, cycle records, trace events and lookups (need not be unique).
  std::string name;
  ActionFn run;
  // label: the action runs in a task spawned with spawnLabeled(label) (unlabeled: spawn), so
  // TestScheduler::deprioritize(label) affects it. Actions with one label share one task
  // group: one decision of that group runs one action.
  sched::TaskLabel label{};
  // cleanup: called once when the action is unsubscribed or its runtime destroyed.
  std::function<void()> cleanup{};
};

struct SubscribeOptions {
  bool isEffect = false;
  // scheduleImmediately: the first scheduling, at subscribe (never debounced): in pull mode a
  // computation starts dirty and an effect pending; in push mode the action starts pending.
  // Off, the action first runs when something it (declaredly) reads changes.
  bool scheduleImmediately = true;
  // debounce: a declarative (manual) debounce; zero or unset means none.
  std::optional<sched::Duration> debounce;
  // autoDebounce: false opts this action out of auto-debounce.
  bool autoDebounce = true;
  // throttle: skip a run while now - lastRunStart < throttle (see Runtime::setThrottle).
  sched::Duration throttle{};
};

}  // namespace tickscope::reactive
