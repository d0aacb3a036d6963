#include "sched/scheduler.h"

#include "sched/errors.h"

namespace tickscope::sched {

void Scheduler::scheduleForeground(Runnable runnable) {
  throw SchedulerError("scheduleForeground is not supported by this scheduler (task " +
                       std::to_string(runnable.id().value) + "): it has no main thread");
}

TaskId Scheduler::registerTask(const TaskHeader&) {
  return TaskId{nextTaskId_.fetch_add(1, std::memory_order_relaxed)};
}

void Scheduler::taskFinished(TaskId, TaskState) {}

bool Scheduler::continueRunning(TaskHeader&) { return false; }

void Scheduler::setObserver(trace::Observer*) {}

}  // namespace tickscope::sched
