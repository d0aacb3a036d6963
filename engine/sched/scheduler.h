#pragma once
// The unified scheduler interface. Every Tickscope component (the reactive runtime, the
// simulated cloud context, the debugger) schedules through a std::shared_ptr<Scheduler>;
// production schedulers live in platform/, the deterministic TestScheduler in this folder.
// How tasks move between queues is described in docs/scheduler.md.
#include <atomic>
#include <optional>

#include "sched/clock.h"
#include "sched/runnable.h"
#include "sched/task_id.h"
#include "sched/task_label.h"
#include "sched/unparker.h"

namespace tickscope::trace {
class Observer;
}

namespace tickscope::sched {

class TaskHeader;

class Scheduler {
 public:
  virtual ~Scheduler() = default;

  // schedule: queues `runnable` to run once on a background worker, in any order relative
  // to other background work. Callable from any thread a scheduler supports (the
  // TestScheduler reports other threads as non-determinism).
  virtual void schedule(Runnable runnable) = 0;

  // scheduleLabeled: as schedule, tagged with `label`; the TestScheduler can deprioritize it.
  virtual void scheduleLabeled(Runnable runnable, TaskLabel label) = 0;

  // scheduleForeground: queues `runnable` to run on the main thread, in FIFO order with the
  // other foreground work of its session. The default throws SchedulerError: a scheduler
  // without a main thread says so instead of running the work elsewhere.
  virtual void scheduleForeground(Runnable runnable);

  // scheduleAfter: queues `runnable` once `duration` has elapsed on now(). A timer never
  // fires early; timers with equal deadlines fire in the order they were armed.
  virtual void scheduleAfter(Duration duration, Runnable runnable) = 0;

  // park: blocks the calling thread until unparker().unpark() or `timeout`; returns false on
  // timeout. The TestScheduler forbids parking unless its config allows it (SchedulerError).
  virtual bool park(std::optional<Duration> timeout) = 0;

  // unparker: a handle that wakes park() from any thread.
  virtual Unparker unparker() = 0;

  // isMainThread: whether the calling thread is the one foreground work runs on.
  virtual bool isMainThread() const = 0;

  // now: the scheduler's clock. Virtual for the TestScheduler, steady for production.
  virtual Instant now() const = 0;
  // continueRunning: asked instead of a yield by `task`, which is running on the calling
  // thread. True: it goes on at once, the scheduler having counted and drawn for that as for
  // a yield followed by the decision that picks it again; false: it yields. The default is
  // false (a task must not hold a worker another task could use).
  virtual bool continueRunning(TaskHeader& task);

  // --- task lifecycle, called by TaskHeader; not for direct use -------------------------

  // registerTask: gives a new task its id. Schedulers that track tasks record it here.
  virtual TaskId registerTask(const TaskHeader& task);
  // taskFinished: the task completed or was cancelled; it will never run again.
  virtual void taskFinished(TaskId id, TaskState state);

  // setObserver: every scheduling decision becomes a trace event for `observer` (nullptr
  // detaches). Production schedulers may ignore it. Not thread-safe against scheduling.
  virtual void setObserver(trace::Observer* observer);

 protected:
  std::atomic<std::uint64_t> nextTaskId_{1};
};

}  // namespace tickscope::sched
