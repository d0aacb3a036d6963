#pragma once
// SimulatedExecutionContext: a simulated cloud worker's execution context on the unified
// Scheduler. Requests run in sessions; tasks spawned while a session is current are linked to
// it; when a request is done, validateSessionCleanup names every task it left running without
// waitUntil permission (a dangling task: our marl-style leak check). How it works: docs/sim.md.
//
// Thread safety: every method may be called from any thread (production schedulers run tasks
// on workers); one mutex guards the sessions. The current session is one per context, not per
// thread, exactly as the cloud design has it.
#include <atomic>
#include <chrono>
#include <concepts>
#include <memory>
#include <optional>
#include <source_location>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "sched/scheduler.h"
#include "sched/spawn.h"
#include "sched/task.h"
#include "sim/session_id.h"
#include "sim/session_snapshot.h"

namespace tickscope::trace {
class Observer;
}

namespace tickscope::sched {
class TestScheduler;
}

namespace tickscope::sim {

// TaskInfo: how reports and the Sessions pane name a session task. Converts from a name; an
// empty `origin` means the spawn site ("file:line"). Callers without a meaningful source site
// (the graph runner) give their own origin, such as a JSON pointer.
struct TaskInfo {
  TaskInfo(std::string taskName) : name(std::move(taskName)) {}  // NOLINT: implicit on purpose
  TaskInfo(const char* taskName) : name(taskName) {}             // NOLINT: implicit on purpose
  TaskInfo(std::string taskName, std::string taskOrigin) : name(std::move(taskName)), origin(std::move(taskOrigin)) {}

  std::string name;
  std::string origin;
};

namespace detail {
template <class F>
concept NotTask = !sched::detail::IsTask<std::decay_t<F>>::value;
}  // namespace detail

class SimulatedExecutionContext {
 public:
  // kWaitUntilDelay: how long a waitUntil task waits on the scheduler's timer before its body.
  static constexpr sched::Duration kWaitUntilDelay = std::chrono::milliseconds(10);
  // kPassThroughDelay: the timer passThrough() waits on.
  static constexpr sched::Duration kPassThroughDelay = std::chrono::milliseconds(10);

  // SimulatedExecutionContext: over `scheduler` (not null). A TestScheduler answers whether a
  // task still runs (isTaskRunning); on any other scheduler the context tracks completion
  // itself through TaskHeader::onFinished.
  explicit SimulatedExecutionContext(std::shared_ptr<sched::Scheduler> scheduler);
  // ~SimulatedExecutionContext: forgets the sessions. Tasks keep running (they belong to the
  // scheduler); completion callbacks still pending on them become no-ops.
  ~SimulatedExecutionContext();
  SimulatedExecutionContext(const SimulatedExecutionContext&) = delete;
  SimulatedExecutionContext& operator=(const SimulatedExecutionContext&) = delete;

  sched::Scheduler& scheduler() const { return *scheduler_; }
  const std::shared_ptr<sched::Scheduler>& sharedScheduler() const { return scheduler_; }

  // setObserver: session events (opened, task linked, wait-until, validated) go to `observer`
  // (not owned; nullptr detaches). With none attached an event costs one branch. Events are
  // delivered on the calling thread, outside the context's lock.
  void setObserver(trace::Observer* observer) { observer_.store(observer, std::memory_order_release); }

  // --- sessions ------------------------------------------------------------------------

  // createSession: opens a new session at now(); `name` is its display name in reports and
  // messages (the decimal id when empty). Does not make it current.
  SessionId createSession(std::string name = {});

  // withSession: runs `f()` with `id` as the current session and returns its result. The
  // previous current session (or none) is restored afterwards, also when `f` throws, so calls
  // nest. Throws SessionError for an unknown id.
  template <class F>
  decltype(auto) withSession(SessionId id, F&& f);

  // setCurrentSession: tasks spawned through this context from now on are linked to `id`.
  // Throws SessionError for an unknown id.
  void setCurrentSession(SessionId id);
  // clearCurrentSession: tasks spawned from now on are linked to no session.
  void clearCurrentSession();
  // currentSession: the session new tasks are linked to, if any.
  std::optional<SessionId> currentSession() const;

  // --- tasks ---------------------------------------------------------------------------

  // spawnWithSession: spawns `f` (a function, or a lambda returning Task<U>) in the background
  // like sched::spawn, and links the task, under `info`, to the session current at the call
  // (none: the task is just spawned). The caller owns the returned handle: dropping it cancels
  // the task (no longer running, so never dangling); detach() leaves it running on its own,
  // which is what a fire-and-forget request does.
  template <class F>
    requires detail::NotTask<F>
  auto spawnWithSession(TaskInfo info, F&& f, std::source_location site = std::source_location::current());
  // spawnWithSession: the same for a coroutine task; an unstarted one is started in the
  // background, a started one is only linked. Throws SessionError for an empty handle.
  template <class T>
  sched::Task<T> spawnWithSession(TaskInfo info, sched::Task<T> task,
                                  std::source_location site = std::source_location::current());

  // waitUntil: spawns a background task that first waits kWaitUntilDelay on the scheduler's
  // timer (armed at the call) and then runs `f` (a function, or a lambda returning Task<U> that it awaits). The task
  // is linked to the current session and recorded as allowed to outlive it. The context keeps
  // it running (the handle is detached); its result is dropped, an exception is logged.
  // Returns the task's id.
  template <class F>
    requires detail::NotTask<F>
  sched::TaskId waitUntil(TaskInfo info, F&& f, std::source_location site = std::source_location::current());
  // waitUntil: the same for a coroutine task, awaited after the delay (an unstarted one is
  // started then). Throws SessionError for an empty handle.
  template <class T>
  sched::TaskId waitUntil(TaskInfo info, sched::Task<T> task, std::source_location site = std::source_location::current());

  // passThrough: a task that completes kPassThroughDelay from now on the scheduler's timer
  // (armed at the call). `co_await context.passThrough();`
  sched::Task<void> passThrough(std::source_location site = std::source_location::current());
  // delay: a task that completes `duration` from now on the scheduler's timer (armed at the
  // call; ready at once when not positive).
  sched::Task<void> delay(sched::Duration duration, std::source_location site = std::source_location::current());

  // --- validation and inspection -------------------------------------------------------

  // validateSessionCleanup: checks, at now(), every task linked to `id`: one that is still
  // running and was not registered with waitUntil is dangling. The result names each of them
  // and is also kept as the session's last validation. Validating again later re-checks (a
  // dangling task that has since finished no longer counts). Throws SessionError for an
  // unknown id.
  CleanupResult validateSessionCleanup(SessionId id);

  // isTaskRunning: whether a task linked to a session is alive (spawned, neither completed nor
  // cancelled). False for a task this context never linked.
  bool isTaskRunning(sched::TaskId task) const;

  // sessions: every session in creation order; session: one, or nullopt if unknown.
  std::vector<SessionSnapshot> sessions() const;
  std::optional<SessionSnapshot> session(SessionId id) const;

 private:
  struct State;

  // track: links `task` to `session` (if any) under `info`, emits its events, and on a
  // non-test scheduler arranges to learn when it finishes.
  void track(std::optional<SessionId> session, sched::TaskHeader& task, TaskInfo info, bool waitUntil,
             const std::source_location& site);
  static void reportWaitUntilFailure(const std::string& name, std::exception_ptr error);

  std::shared_ptr<sched::Scheduler> scheduler_;
  sched::TestScheduler* test_ = nullptr;  // scheduler_ as a TestScheduler, if it is one
  std::atomic<trace::Observer*> observer_{nullptr};
  std::shared_ptr<State> state_;  // shared with completion callbacks, which hold it weakly
};

// ---------------------------------------------------------------------------------------

template <class F>
decltype(auto) SimulatedExecutionContext::withSession(SessionId id, F&& f) {
  struct Restore {
    SimulatedExecutionContext& context;
    std::optional<SessionId> previous;
    ~Restore() {
      if (previous) {
        context.setCurrentSession(*previous);
      } else {
        context.clearCurrentSession();
      }
    }
  };
  Restore restore{*this, currentSession()};
  setCurrentSession(id);
  return std::forward<F>(f)();
}

template <class F>
  requires detail::NotTask<F>
auto SimulatedExecutionContext::spawnWithSession(TaskInfo info, F&& f, std::source_location site) {
  const std::optional<SessionId> session = currentSession();
  auto task = sched::spawn(*scheduler_, std::forward<F>(f), site);
  track(session, *task.core(), std::move(info), false, site);
  return task;
}

template <class T>
sched::Task<T> SimulatedExecutionContext::spawnWithSession(TaskInfo info, sched::Task<T> task,
                                                           std::source_location site) {
  if (!task.valid()) throw SessionError("spawnWithSession: empty task handle for \"" + info.name + "\"");
  const std::optional<SessionId> session = currentSession();
  if (!task.core()->started()) task = sched::spawn(*scheduler_, std::move(task), site);
  track(session, *task.core(), std::move(info), false, site);
  return task;
}

template <class F>
  requires detail::NotTask<F>
sched::TaskId SimulatedExecutionContext::waitUntil(TaskInfo info, F&& f, std::source_location site) {
  using R = std::invoke_result_t<std::decay_t<F>&>;
  const std::optional<SessionId> session = currentSession();
  // The delay is armed now, not when the task first runs, so the body starts exactly
  // kWaitUntilDelay after this call whatever the ready queue does meanwhile.
  auto body = [fn = std::decay_t<F>(std::forward<F>(f)), gate = sched::timer(*scheduler_, kWaitUntilDelay, site),
               name = info.name]() mutable -> sched::Task<void> {
    co_await std::move(gate);
    try {
      if constexpr (sched::detail::IsTask<R>::value) {
        (void)co_await fn();
      } else {
        (void)fn();
      }
    } catch (...) {
      reportWaitUntilFailure(name, std::current_exception());
    }
  };
  sched::Task<void> task = sched::spawn(*scheduler_, std::move(body), site);
  const sched::TaskId id = task.id();
  track(session, *task.core(), std::move(info), true, site);
  std::move(task).detach();
  return id;
}

template <class T>
sched::TaskId SimulatedExecutionContext::waitUntil(TaskInfo info, sched::Task<T> task, std::source_location site) {
  if (!task.valid()) throw SessionError("waitUntil: empty task handle for \"" + info.name + "\"");
  return waitUntil(
      std::move(info), [inner = std::move(task)]() mutable -> sched::Task<T> { co_return co_await std::move(inner); },
      site);
}

}  // namespace tickscope::sim
