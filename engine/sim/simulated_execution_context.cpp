#include "sim/simulated_execution_context.h"

#include <exception>
#include <mutex>
#include <unordered_map>

#include <fmt/format.h>

#include "log/log.h"
#include "sched/test_scheduler.h"
#include "trace/observer.h"

namespace tickscope::sim {

namespace {

struct TaskEntry {
  sched::TaskId id;
  std::string name;
  std::string origin;
  bool waitUntil = false;
  sched::Instant linkedAt{};
};

struct Session {
  SessionId id;
  std::string name;
  sched::Instant openedAt{};
  std::vector<TaskEntry> tasks;
  std::optional<CleanupResult> lastValidation;
};

std::string describeSite(const std::source_location& site) {
  if (!site.file_name() || !*site.file_name()) return "unknown site";
  return fmt::format("{}:{}", site.file_name(), site.line());
}

std::string describeTask(const DanglingTask& task) {
  if (task.name.empty()) return fmt::format("task {} (spawned at {})", task.id.value, task.origin);
  return fmt::format("{} (task {}, spawned at {})", task.name, task.id.value, task.origin);
}

std::string cleanupMessage(const std::string& session, const std::vector<DanglingTask>& dangling) {
  std::string list;
  for (const DanglingTask& task : dangling) {
    if (!list.empty()) list += ", ";
    list += describeTask(task);
  }
  return fmt::format("session {}: {} unauthorized task{} still running: {}", session, dangling.size(),
                     dangling.size() == 1 ? "" : "s", list);
}

}  // namespace

// State: everything the lock guards. Completion callbacks (non-test schedulers) hold it
// weakly, so a task finishing after the context is gone touches nothing.
struct SimulatedExecutionContext::State {
  mutable std::mutex mutex;
  std::vector<Session> sessions;           // guarded by mutex; index = id - 1
  std::optional<SessionId> current;        // guarded by mutex
  // Every linked task. On a non-test scheduler the value is its lifecycle: Running until
  // onFinished says Completed or Cancelled; with a TestScheduler the scheduler is asked
  // instead and the value is unused. Guarded by mutex.
  std::unordered_map<sched::TaskId, sched::TaskState> tracked;

  // running: whether linked task `id` is alive. Called with mutex held.
  bool running(sched::TaskId id, const sched::TestScheduler* test) const {
    auto it = tracked.find(id);
    if (it == tracked.end()) return false;
    return test ? test->isTaskRunning(id) : sched::isAlive(it->second);
  }

  Session* find(SessionId id) {
    return id.value == 0 || id.value > sessions.size() ? nullptr : &sessions[id.value - 1];
  }
  const Session* find(SessionId id) const { return const_cast<State*>(this)->find(id); }
};

SimulatedExecutionContext::SimulatedExecutionContext(std::shared_ptr<sched::Scheduler> scheduler)
    : scheduler_(std::move(scheduler)), state_(std::make_shared<State>()) {
  if (!scheduler_) throw SessionError("SimulatedExecutionContext: null scheduler");
  test_ = dynamic_cast<sched::TestScheduler*>(scheduler_.get());
}

SimulatedExecutionContext::~SimulatedExecutionContext() = default;

// --- sessions ----------------------------------------------------------------------------

SessionId SimulatedExecutionContext::createSession(std::string name) {
  const sched::Instant now = scheduler_->now();
  SessionId id;
  {
    std::lock_guard lock(state_->mutex);
    id = SessionId{state_->sessions.size() + 1};
    if (name.empty()) name = std::to_string(id.value);
    state_->sessions.push_back(Session{id, name, now, {}, {}});
  }
  if (trace::Observer* observer = observer_.load(std::memory_order_acquire)) [[unlikely]] {
    observer->onSessionEvent(trace::SessionEvent{
        .kind = trace::SessionEventKind::SessionOpened, .at = now, .session = id.value, .sessionName = name});
  }
  return id;
}

void SimulatedExecutionContext::setCurrentSession(SessionId id) {
  std::lock_guard lock(state_->mutex);
  if (!state_->find(id)) throw SessionError(fmt::format("setCurrentSession: unknown session {}", id.value));
  state_->current = id;
}

void SimulatedExecutionContext::clearCurrentSession() {
  std::lock_guard lock(state_->mutex);
  state_->current.reset();
}

std::optional<SessionId> SimulatedExecutionContext::currentSession() const {
  std::lock_guard lock(state_->mutex);
  return state_->current;
}

// --- tasks -------------------------------------------------------------------------------

void SimulatedExecutionContext::track(std::optional<SessionId> session, sched::TaskHeader& task, TaskInfo info,
                                      bool waitUntil, const std::source_location& site) {
  if (!session) return;
  const sched::TaskId id = task.id();
  const sched::Instant now = scheduler_->now();
  if (info.origin.empty()) info.origin = describeSite(site);
  std::string sessionName;
  {
    std::lock_guard lock(state_->mutex);
    Session* s = state_->find(*session);
    if (!s) return;  // ids come from currentSession(), which only holds known sessions
    sessionName = s->name;
    s->tasks.push_back(TaskEntry{id, info.name, info.origin, waitUntil, now});
    state_->tracked.emplace(id, sched::TaskState::Running);
  }
  if (!test_) {
    // Registered after the entry exists: if the task already finished (a worker thread was
    // quicker), the callback runs right here and still finds it.
    std::weak_ptr<State> weak = state_;
    sched::TaskHeader* header = &task;
    task.onFinished([weak = std::move(weak), header, id] {
      // The header is alive while its own finish() runs the callbacks.
      const sched::TaskState final = header->completed() ? sched::TaskState::Completed : sched::TaskState::Cancelled;
      if (std::shared_ptr<State> state = weak.lock()) {
        std::lock_guard lock(state->mutex);
        state->tracked[id] = final;
      }
    });
  }
  if (trace::Observer* observer = observer_.load(std::memory_order_acquire)) [[unlikely]] {
    trace::SessionEvent e{.kind = trace::SessionEventKind::TaskLinked,
                          .at = now,
                          .session = session->value,
                          .sessionName = sessionName,
                          .task = id,
                          .taskName = info.name};
    e.origin = info.origin;
    observer->onSessionEvent(e);
    if (waitUntil) {
      e.kind = trace::SessionEventKind::WaitUntil;
      e.delay = kWaitUntilDelay;
      observer->onSessionEvent(e);
    }
  }
}

void SimulatedExecutionContext::reportWaitUntilFailure(const std::string& name, std::exception_ptr error) {
  std::string what = "unknown exception";
  try {
    std::rethrow_exception(std::move(error));
  } catch (const std::exception& e) {
    what = e.what();
  } catch (...) {
  }
  log::engine().warn("waitUntil task \"{}\" failed: {}", name, what);
}

sched::Task<void> SimulatedExecutionContext::passThrough(std::source_location site) {
  return sched::timer(*scheduler_, kPassThroughDelay, site);
}

sched::Task<void> SimulatedExecutionContext::delay(sched::Duration duration, std::source_location site) {
  return sched::timer(*scheduler_, duration, site);
}

// --- validation and inspection -----------------------------------------------------------

bool SimulatedExecutionContext::isTaskRunning(sched::TaskId task) const {
  std::lock_guard lock(state_->mutex);
  return state_->running(task, test_);
}

CleanupResult SimulatedExecutionContext::validateSessionCleanup(SessionId id) {
  CleanupResult result;
  result.session = id;
  result.at = scheduler_->now();
  {
    std::lock_guard lock(state_->mutex);
    Session* s = state_->find(id);
    if (!s) throw SessionError(fmt::format("validateSessionCleanup: unknown session {}", id.value));
    result.sessionName = s->name;
    for (const TaskEntry& t : s->tasks) {
      if (t.waitUntil) continue;
      if (state_->running(t.id, test_)) result.dangling.push_back(DanglingTask{t.id, t.name, t.origin});
    }
    result.valid = result.dangling.empty();
    if (!result.valid) result.message = cleanupMessage(s->name, result.dangling);
    s->lastValidation = result;
  }
  if (trace::Observer* observer = observer_.load(std::memory_order_acquire)) [[unlikely]] {
    trace::SessionEvent e{.kind = trace::SessionEventKind::SessionValidated,
                          .at = result.at,
                          .session = id.value,
                          .sessionName = result.sessionName,
                          .valid = result.valid};
    for (const DanglingTask& t : result.dangling) {
      e.dangling.push_back(t.name);
      e.danglingTasks.push_back(t.id);
    }
    e.message = result.message;
    observer->onSessionEvent(e);
  }
  return result;
}

namespace {

SessionSnapshot snapshotOf(const Session& s, const sched::TestScheduler* test,
                           const std::unordered_map<sched::TaskId, sched::TaskState>& tracked) {
  SessionSnapshot out;
  out.id = s.id;
  out.name = s.name;
  out.openedAt = s.openedAt;
  out.tasks.reserve(s.tasks.size());
  for (const TaskEntry& t : s.tasks) {
    SessionTaskSnapshot task{t.id, t.name, t.origin, sched::TaskState::Running, t.waitUntil, t.linkedAt};
    if (test) {
      task.state = test->taskState(t.id).value_or(sched::TaskState::Cancelled);
    } else if (auto it = tracked.find(t.id); it != tracked.end()) {
      task.state = it->second;
    }
    if (t.waitUntil) out.waitUntil.push_back(t.id);
    out.tasks.push_back(std::move(task));
  }
  if (s.lastValidation) {
    out.validatedAt = s.lastValidation->at;
    out.valid = s.lastValidation->valid;
    out.dangling = s.lastValidation->dangling;
    out.message = s.lastValidation->message;
  }
  return out;
}

}  // namespace

std::vector<SessionSnapshot> SimulatedExecutionContext::sessions() const {
  std::lock_guard lock(state_->mutex);
  std::vector<SessionSnapshot> out;
  out.reserve(state_->sessions.size());
  for (const Session& s : state_->sessions) out.push_back(snapshotOf(s, test_, state_->tracked));
  return out;
}

std::optional<SessionSnapshot> SimulatedExecutionContext::session(SessionId id) const {
  std::lock_guard lock(state_->mutex);
  const Session* s = state_->find(id);
  if (!s) return std::nullopt;
  return snapshotOf(*s, test_, state_->tracked);
}

}  // namespace tickscope::sim
