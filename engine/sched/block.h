#pragma once
// block / blockWithTimeout on any scheduler. On a TestScheduler they drive its ticks (see
// TestScheduler::block); elsewhere the calling thread parks until the task finishes.
#include <optional>
#include <source_location>
#include <variant>

#include "sched/scheduler.h"
#include "sched/task.h"
#include "sched/test_scheduler.h"

namespace tickscope::sched {

// block: waits for `task` and returns its value, or rethrows its exception. An unstarted
// coroutine task is started in the background first.
template <class T>
T block(Scheduler& scheduler, Task<T> task, std::source_location site = std::source_location::current()) {
  if (auto* test = dynamic_cast<TestScheduler*>(&scheduler)) return test->block(std::move(task));
  if (!task.valid()) throw SchedulerError("block: empty task handle");
  if (!task.core()->started()) task.core()->start(scheduler, ScheduleKind::Background, {}, site);
  Unparker unparker = scheduler.unparker();
  task.core()->onFinished([unparker] { unparker.unpark(); });
  while (!task.core()->finished()) scheduler.park(std::nullopt);
  return std::move(task).result();
}

// blockWithTimeout: the value, or — when `timeout` passes first — the still running task,
// handed back so the caller can keep waiting or drop (cancel) it.
template <class T>
std::variant<detail::Stored<T>, Task<T>> blockWithTimeout(Scheduler& scheduler, Task<T> task, Duration timeout,
                                                          std::source_location site = std::source_location::current()) {
  if (auto* test = dynamic_cast<TestScheduler*>(&scheduler)) return test->blockWithTimeout(std::move(task));
  if (!task.valid()) throw SchedulerError("blockWithTimeout: empty task handle");
  if (!task.core()->started()) task.core()->start(scheduler, ScheduleKind::Background, {}, site);
  Unparker unparker = scheduler.unparker();
  task.core()->onFinished([unparker] { unparker.unpark(); });
  const Instant start = scheduler.now();
  // Saturate: a timeout of Duration::max() means "no deadline", not an overflow.
  const Instant deadline = timeout >= Instant::max() - start ? Instant::max() : start + timeout;
  while (!task.core()->finished()) {
    const Instant now = scheduler.now();
    if (now >= deadline) return task;
    scheduler.park(deadline - now);
  }
  return std::move(task).storedResult();
}

// completedValue: the value held by a blockWithTimeout outcome, if it completed.
template <class T>
bool timedOut(const std::variant<detail::Stored<T>, Task<T>>& outcome) {
  return outcome.index() == 1;
}

}  // namespace tickscope::sched
