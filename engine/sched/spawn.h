#pragma once
// Helpers that work on any Scheduler: spawn work, arm timers. The spawn site is recorded
// (std::source_location) so the TestScheduler can name a stuck task's origin.
#include <functional>
#include <memory>
#include <source_location>
#include <thread>
#include <type_traits>

#include "sched/scheduler.h"
#include "sched/task.h"

namespace tickscope::sched {

namespace detail {

template <class R>
struct IsTask : std::false_type {};
template <class U>
struct IsTask<Task<U>> : std::true_type {
  using Value = U;
};

template <class F>
using Returned = std::invoke_result_t<F&>;

template <class F>
auto spawnWith(Scheduler& scheduler, F&& f, ScheduleKind kind, TaskLabel label, std::source_location site,
               ForegroundSessionId session, Duration delay = {}) {
  using R = Returned<std::decay_t<F>>;
  if constexpr (IsTask<R>::value) {
    // A coroutine lambda: its captures live in the lambda object, which must outlive the frame.
    using Lambda = std::decay_t<F>;
    std::shared_ptr<Lambda> holder;
    if constexpr (alignof(Lambda) <= __STDCPP_DEFAULT_NEW_ALIGNMENT__) {
      holder = std::allocate_shared<Lambda>(TaskMemoryAllocator<Lambda>(), std::forward<F>(f));
    } else {
      holder = std::make_shared<Lambda>(std::forward<F>(f));
    }
    R task = std::invoke(*holder);
    task.core()->keepAlive(std::move(holder));
    task.core()->start(scheduler, kind, std::move(label), site, session, delay);
    return task;
  } else {
    auto* core = new FunctionTask<R, std::decay_t<F>>(std::forward<F>(f));
    Task<R> task(core);  // owns the core before start(), which may throw (no foreground support)
    core->start(scheduler, kind, std::move(label), site, session, delay);
    return task;
  }
}

template <class T>
Task<T> startTask(Task<T> task, Scheduler& scheduler, ScheduleKind kind, TaskLabel label, std::source_location site,
                  ForegroundSessionId session = {}) {
  task.core()->start(scheduler, kind, std::move(label), site, session);
  return task;
}

}  // namespace detail

// spawn: runs `f` (a function, or a lambda returning Task<U>) as a background task.
template <class F>
auto spawn(Scheduler& scheduler, F&& f, std::source_location site = std::source_location::current()) {
  return detail::spawnWith(scheduler, std::forward<F>(f), ScheduleKind::Background, {}, site, {});
}
// spawn: starts an unstarted coroutine task as a background task.
template <class T>
Task<T> spawn(Scheduler& scheduler, Task<T> task, std::source_location site = std::source_location::current()) {
  return detail::startTask(std::move(task), scheduler, ScheduleKind::Background, {}, site);
}

// spawnLabeled: as spawn, tagged with `label` (TestScheduler::deprioritize acts on labels).
template <class F>
auto spawnLabeled(Scheduler& scheduler, TaskLabel label, F&& f,
                  std::source_location site = std::source_location::current()) {
  return detail::spawnWith(scheduler, std::forward<F>(f), ScheduleKind::Labeled, std::move(label), site, {});
}

// spawnForeground: runs `f` on the main thread, FIFO within `session`. Throws
// SchedulerError on a scheduler without foreground support.
template <class F>
auto spawnForeground(Scheduler& scheduler, F&& f, ForegroundSessionId session = {},
                     std::source_location site = std::source_location::current()) {
  return detail::spawnWith(scheduler, std::forward<F>(f), ScheduleKind::Foreground, {}, site, session);
}

// spawnAfter: runs `f` once `delay` has passed on the scheduler's clock — one task, one timer
// (the shape of a debounce). Dropping the returned task disarms it.
template <class F>
auto spawnAfter(Scheduler& scheduler, Duration delay, F&& f, TaskLabel label = {},
                std::source_location site = std::source_location::current()) {
  return detail::spawnWith(scheduler, std::forward<F>(f), ScheduleKind::Timer, std::move(label), site, {}, delay);
}

// timer: a task that completes once `duration` has passed on the scheduler's clock. A zero
// or negative duration is ready at once.
Task<void> timer(Scheduler& scheduler, Duration duration, std::source_location site = std::source_location::current());

// numCpus: the number of hardware threads (at least 1).
inline unsigned numCpus() { return std::max(1u, std::thread::hardware_concurrency()); }

}  // namespace tickscope::sched
