#pragma once
// Action: a C++ callable the runtime runs inside a scheduler task. It receives a Transaction
// through which it reads and writes cells; what it reads becomes its dependencies.
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "reactive/bound_call.h"
#include "reactive/ids.h"
#include "sched/clock.h"
#include "sched/task_label.h"

namespace tickscope::reactive {

class Transaction;

using ActionFn = std::function<void(Transaction&)>;

// NumericKernel: an action that is a function of numbers: it reads the whole cells it declared
// (in declared order; a value that is not a number reads as NaN, see numberOf) and writes
// numbers to the whole cells it declared to write (out has one place per declared write).
// It returns how many of `out` to write, from the first: all of them, or fewer (0: the run
// writes nothing). Its dependencies are the declared ones, always.
// A kernel action behaves exactly as a function that reads its declared cells through the
// Transaction, calls the kernel and writes the first n results would; the runtime runs it
// without a Transaction when nothing needs one (no observer attached, every writer of what it
// reads up to date). So the kernel must not call into the runtime. It may throw: the run
// fails as a function's would (nothing written). Bound to its owner by type
// (`NumericKernel::of<&Owner::method>(owner)`, bound_call.h); the owner outlives the action.
// Who gives kernels: the graph runner (every action of a graph file) and `lift` over exact
// numbers (builder.h).
using NumericKernel = BoundCall<std::size_t(ActionId action, std::span<const double> in, std::span<double> out)>;

// ActionKind: effects (sinks) are the roots of demand; computations (lift/derive) run only
// when an effect needs them (pull mode) or whenever notified (push mode).
enum class ActionKind : std::uint8_t { Computation, Effect };

inline std::string_view nameOf(ActionKind kind) {
  return kind == ActionKind::Effect ? "effect" : "computation";
}

struct Action {
  // name: for errors, cycle records, trace events and lookups (need not be unique).
  std::string name;
  ActionFn run;  // or kernel (exactly one of them)
  // label: the action runs in a task spawned with spawnLabeled(label) (unlabeled: spawn), so
  // TestScheduler::deprioritize(label) affects it. Actions with one label share one task
  // group: one decision of that group runs one action.
  sched::TaskLabel label{};
  // cleanup: called once when the action is unsubscribed or its runtime destroyed.
  std::function<void()> cleanup{};
  // kernel: instead of `run`, a numeric kernel (see NumericKernel).
  NumericKernel kernel{};
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
