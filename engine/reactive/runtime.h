#pragma once
// Runtime: the reactive scheduler. It owns cells and actions (effects and computations), keeps
// the dependency graph (who reads and writes what), and runs actions as scheduler tasks:
//
//   - Pull mode (default): a write marks the computations that read it dirty (transitively)
//     and schedules the effects they reach; before an effect runs, the dirty computations it
//     depends on run in topological order. A computation no effect reaches never runs.
//     Cycles met while pulling converge fast (inside the decision) or slow (one iteration
//     per decision). Effects never observe a mix of old and new values.
//   - Push mode: every notified action is scheduled and runs, in topological order.
//
// Scheduling contract (what the debugger steps through): actions with the same task label
// form a group served by one task (spawnLabeled(label), or spawn when unlabeled). One
// decision of a group task runs at most one action: an effect together with the computations
// it pulls, or in push mode one action. Within a group the next action is the first ready
// one in topological order, ties by registration order; an action is not ready while a
// pending action of another group can still change its inputs. Debounce timers are
// scheduler timers, slow cycles continue in their own task; every duration is measured on
// Scheduler::now(). Nothing runs synchronously in subscribe() or write(); pull() runs the
// computations it needs on the calling thread.
//
// Threading: one internal (recursive) mutex serializes the runtime, so any Scheduler works.
// Actions, error handlers and the observer run with it held: they may call back into the
// runtime on the same thread (a write from inside an action joins its transaction). The
// Runtime must outlive its scheduler's activity on its behalf: destroying it cancels its
// tasks and timers. Semantics in full: docs/reactive.md.
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "reactive/action.h"
#include "reactive/action_stats.h"
#include "reactive/address.h"
#include "reactive/cancel.h"
#include "reactive/cycle_record.h"
#include "reactive/debounce_state.h"
#include "reactive/ids.h"
#include "reactive/reactive_error.h"
#include "reactive/reactivity_log.h"
#include "reactive/runtime_config.h"
#include "reactive/runtime_task.h"
#include "reactive/transaction.h"
#include "reactive/value.h"
#include "sched/scheduler.h"
#include "sched/task.h"

namespace tickscope::trace {
class Observer;
}

namespace tickscope::reactive {

namespace detail {
class RuntimeCore;
}

// DirtyLevel (pull mode): Dirty — an input changed, it must run; Check — something upstream
// is dirty, it runs only if that changes one of its inputs. isDirty() is true for both.
enum class DirtyLevel : std::uint8_t { Clean, Check, Dirty };

struct RuntimeStats {
  std::size_t effects = 0;
  std::size_t computations = 0;
  std::size_t pending = 0;  // scheduled actions not yet run (also those waiting on a slow cycle)
  // orderComputations: how often the topological order was computed from scratch (after a
  // subscribe or unsubscribe, or a dependency change that contradicts the current order).
  std::uint64_t orderComputations = 0;
  // plannedPulls: pulls (pull mode) of an effect's upstream done by replaying its pull plan
  // instead of walking (its upstream is static numeric kernels, possibly ending in dynamic
  // computations; see engine/reactive/pull_plan.cpp).
  std::uint64_t plannedPulls = 0;
};

using ErrorHandler = std::function<void(const ReactiveError&)>;

class Runtime {
 public:
  // Runtime: over `scheduler` (not null), which must outlive it.
  explicit Runtime(std::shared_ptr<sched::Scheduler> scheduler, RuntimeConfig config = {});
  // ~Runtime: cancels its tasks, timers and slow cycles; calls every action's cleanup.
  ~Runtime();
  Runtime(const Runtime&) = delete;
  Runtime& operator=(const Runtime&) = delete;

  const RuntimeConfig& config() const;
  Mode mode() const;
  sched::Scheduler& scheduler() const;
  const std::shared_ptr<sched::Scheduler>& sharedScheduler() const;

  // --- cells -------------------------------------------------------------------------------

  // createCell: a new cell holding `initial`. Names are for display and lookup.
  CellId createCell(std::string name, Value initial = nullptr);
  // findCell: the first cell created with `name`.
  std::optional<CellId> findCell(std::string_view name) const;
  std::string cellName(CellId cell) const;
  std::size_t cellCount() const;
  // peek: the current value, without pulling (a dirty writer's output may be stale).
  Value peek(CellId cell) const;
  Value peek(const Address& address) const;
  // peekNumbers: peek of each of `cells` as a number (numberOf: NaN for anything else) into
  // `out` (same size), under one lock and without copying a value: what an observer that
  // keeps the values a run read uses (run/timeline_log.h).
  void peekNumbers(std::span<const CellId> cells, std::span<double> out) const;
  // pull: the value on demand. In pull mode the dirty computations that write the address
  // run first, on this thread (a slow cycle among them continues in its task: pull returns
  // its latest value). In push mode the same as peek. Not from inside an action (use its
  // Transaction).
  Value pull(CellId cell);
  Value pull(const Address& address);

  // --- external writes (outside any action) -----------------------------------------------

  // write: one write as its own batch. From inside a running action it joins that action's
  // transaction instead.
  void write(CellId cell, Value value);
  void write(const Address& address, Value value);
  // batch: `writes` runs at once with an external transaction; its writes commit together
  // and notify once (no action runs between them). If it throws, every write is rolled back
  // and the exception propagates.
  void batch(const std::function<void(Transaction&)>& writes);

  // --- actions ----------------------------------------------------------------------------

  // subscribe: registers `action` with its declared dependencies `log` (a computation
  // declares the cells it writes; the reads of each run replace the declared reads). Returns
  // a cancel handle; Cancel::action() is the new id. The first scheduling happens now (see
  // SubscribeOptions::scheduleImmediately) but nothing runs until the scheduler runs it.
  Cancel subscribe(Action action, ReactivityLog log = {}, SubscribeOptions options = {});
  // unsubscribe: removes the action from every set (effects or computations, pending, dirty,
  // dependents), cancels its debounce timer and calls its cleanup. Idempotent.
  void unsubscribe(ActionId action);
  bool isSubscribed(ActionId action) const;

  std::vector<ActionId> actions() const;  // subscribed, in registration order
  std::vector<ActionId> effects() const;
  std::vector<ActionId> computations() const;
  std::optional<ActionId> findAction(std::string_view name) const;
  std::string actionName(ActionId action) const;
  ActionKind kind(ActionId action) const;
  sched::TaskLabel label(ActionId action) const;
  // dependencies: what the action read in its last run (or declared) and may write.
  ReactivityLog dependencies(ActionId action) const;
  // dependents: the actions that read what `action` writes (registration order).
  std::vector<ActionId> dependents(ActionId action) const;
  // upstream: the actions that write what `action` reads (registration order).
  std::vector<ActionId> upstream(ActionId action) const;
  // topologicalOrder: every subscribed action in the runtime's topological order (cycles
  // kept together, ties by registration order) — the order pending actions run in.
  std::vector<ActionId> topologicalOrder() const;

  // getStats: {effects, computations, pending}.
  RuntimeStats getStats() const;
  // tasks: every live task of the runtime (its groups' tasks, armed debounce timers, slow
  // cycles in progress), in that order; what a debugger shows for a ready task or a timer.
  std::vector<RuntimeTask> tasks() const;

  // --- state ------------------------------------------------------------------------------

  // markDirty (pull mode): marks a computation Dirty, its downstream computations Check and
  // schedules the effects it reaches. In push mode it schedules the action.
  void markDirty(ActionId action);
  bool isDirty(ActionId action) const;  // pull: level != Clean; push: pending
  DirtyLevel dirtyLevel(ActionId action) const;
  // clearDirty: marks the action Clean without running it.
  void clearDirty(ActionId action);
  std::size_t dirtyCount() const;
  bool isPending(ActionId action) const;
  std::size_t pendingCount() const;
  // isIdle: nothing pending, no debounce timer armed and no slow cycle in progress.
  bool isIdle() const;
  // idle: a task that completes when the runtime is idle (at once if it is). Under the
  // TestScheduler, `scheduler.block(runtime.idle())` runs until then, firing timers.
  sched::Task<void> idle();

  // --- timing, debounce, throttle ---------------------------------------------------------

  // getActionStats: the action's run statistics (empty stats before its first run).
  ActionStats getActionStats(ActionId action) const;
  // setDebounce: a manual debounce (zero clears it, and schedules the action at once if a
  // timer was armed). A manual debounce wins over auto-debounce.
  void setDebounce(ActionId action, sched::Duration delay);
  sched::Duration getDebounce(ActionId action) const;
  // setAutoDebounce: false opts the action out of auto-debounce (and removes an automatic
  // debounce it already got).
  void setAutoDebounce(ActionId action, bool enabled);
  DebounceState debounceState(ActionId action) const;
  // setThrottle: the action is skipped while now - lastRunStart < throttle (its first run is
  // always allowed). A skipped effect stays unscheduled until its next trigger; a skipped
  // computation stays dirty and runs on the next demand after the window. Zero clears.
  void setThrottle(ActionId action, sched::Duration throttle);
  sched::Duration getThrottle(ActionId action) const;

  // --- cycles and errors ------------------------------------------------------------------

  std::vector<CycleRecord> cycles() const;
  // errors: every error reported so far (also given to the handlers), oldest first.
  std::vector<ReactiveError> errors() const;
  // addErrorHandler: `handler` receives every error as it happens. Returns an id for
  // removeErrorHandler. Without a handler errors are logged (engine logger, warn).
  std::uint32_t addErrorHandler(ErrorHandler handler);
  void removeErrorHandler(std::uint32_t id);

  // --- tracing ----------------------------------------------------------------------------

  // setObserver: every decision becomes a trace::ReactiveEvent for `observer` (not owned;
  // nullptr detaches). With none attached an event costs one branch.
  void setObserver(trace::Observer* observer);

  // --- performance -----------------------------------------------------------------------

  // RunPrefetch: called for an action that is likely to run soon (pull mode: each computation
  // the pull walk is about to run or find unchanged, while its last input is brought up to
  // date; push mode: the next candidate of a group when one is picked), so the owner of its
  // callable can ask for the memory that run will read (`__builtin_prefetch`); it must not
  // touch the runtime. In a graph larger than the cache the fetch then overlaps other work. A
  // hint only: not every run is announced. Unset (the default, or an unbound RunPrefetch{}) it
  // costs one branch. Bound by type: `RunPrefetch::of<&Owner::prefetch>(owner)` (bound_call.h);
  // the graph runner's hook (run/runner.cpp), beside its numeric kernels (action.h).
  using RunPrefetch = BoundCall<void(ActionId action)>;
  void setRunPrefetch(RunPrefetch prefetch);

  detail::RuntimeCore& core() const { return *core_; }

 private:
  std::unique_ptr<detail::RuntimeCore> core_;
  std::shared_ptr<Runtime*> self_;  // Cancel handles hold it weakly
};

}  // namespace tickscope::reactive
