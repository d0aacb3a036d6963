#include "sched/task_header.h"

#include <mutex>

#include "sched/runnable.h"
#include "sched/scheduler.h"

namespace tickscope::sched {

void TaskHeader::start(Scheduler& scheduler, ScheduleKind kind, TaskLabel label, std::source_location site,
                       ForegroundSessionId session, Duration delay) {
  scheduler_ = &scheduler;
  kind_ = kind;
  label_ = std::move(label);
  site_ = site;
  session_ = session;
  delay_ = delay;
  id_ = scheduler.registerTask(*this);
  if (bodyDone()) {  // already has its result (a zero timer): complete on the spot
    SpinLockGuard lock(lock_);
    phase_ = Phase::Executing;
    finish(Phase::Completed, lock);
    return;
  }
  wake();
}

void TaskHeader::wake() {
  SpinLockGuard lock(lock_);
  switch (phase_) {
    case Phase::Unstarted:
    case Phase::Waiting:
      phase_ = Phase::Queued;
      lock.unlock();
      submit();
      return;
    case Phase::Executing:
      wokenWhileExecuting_ = true;
      return;
    case Phase::Queued:
    case Phase::Completed:
    case Phase::Cancelled:
      return;
  }
}

void TaskHeader::submit() {
  retain();
  Runnable runnable(this);
  switch (kind_) {
    case ScheduleKind::Background: scheduler_->schedule(std::move(runnable)); return;
    case ScheduleKind::Labeled: scheduler_->scheduleLabeled(std::move(runnable), label_); return;
    case ScheduleKind::Foreground: scheduler_->scheduleForeground(std::move(runnable)); return;
    case ScheduleKind::Timer: {
      SpinLockGuard lock(lock_);
      const bool first = !std::exchange(timerArmed_, true);
      lock.unlock();
      if (first) {
        scheduler_->scheduleAfter(delay_, std::move(runnable));
      } else {
        scheduler_->schedule(std::move(runnable));
      }
      return;
    }
  }
}

void TaskHeader::runStep() {
  SpinLockGuard lock(lock_);
  if (phase_ != Phase::Queued) return;  // cancelled while queued
  phase_ = Phase::Executing;
  wokenWhileExecuting_ = false;
  lock.unlock();

  poll();

  lock.lock();
  if (bodyDone()) {
    finish(Phase::Completed, lock);
  } else if (cancelRequested_) {
    finish(Phase::Cancelled, lock);
  } else if (wokenWhileExecuting_) {
    phase_ = Phase::Queued;
    lock.unlock();
    submit();
  } else {
    phase_ = Phase::Waiting;
  }
}

bool TaskHeader::restartStep() {
  SpinLockGuard lock(lock_);
  if (phase_ != Phase::Executing || cancelRequested_) return false;
  wokenWhileExecuting_ = false;  // as at the start of a step
  return true;
}

void TaskHeader::cancel() {
  SpinLockGuard lock(lock_);
  switch (phase_) {
    case Phase::Completed:
    case Phase::Cancelled:
      return;
    case Phase::Executing:
      cancelRequested_ = true;
      return;
    case Phase::Unstarted:
    case Phase::Waiting:
    case Phase::Queued:
      finish(Phase::Cancelled, lock);
      return;
  }
}

void TaskHeader::runnableDropped() {
  SpinLockGuard lock(lock_);
  if (phase_ == Phase::Queued) finish(Phase::Cancelled, lock);
}

// finish: enters a final phase, frees the body and wakes whoever waits. Called with the
// lock held (through `lock`); returns with it released.
void TaskHeader::finish(Phase final, SpinLockGuard& lock) {
  const bool wasStarted = phase_ != Phase::Unstarted;
  phase_ = final;
  std::vector<Waiter> waiters = std::move(waiters_);
  waiters_.clear();
  lock.disown();
  lock_.unlock();

  // The body may own Task handles of other tasks; destroying it cancels them, outside our lock.
  destroyBody();
  if (wasStarted && scheduler_) {
    scheduler_->taskFinished(id_, final == Phase::Completed ? TaskState::Completed : TaskState::Cancelled);
  }
  for (Waiter& waiter : waiters) {
    if (waiter.task) {
      waiter.task->wake();
      waiter.task->release();
    } else if (waiter.callback) {
      waiter.callback();
    }
  }
}

void TaskHeader::onFinished(std::function<void()> callback) {
  SpinLockGuard lock(lock_);
  if (phase_ == Phase::Completed || phase_ == Phase::Cancelled) {
    lock.unlock();
    callback();
    return;
  }
  waiters_.push_back(Waiter{nullptr, std::move(callback)});
}

bool TaskHeader::addWaiter(TaskHeader* waiter) {
  SpinLockGuard lock(lock_);
  if (phase_ == Phase::Completed || phase_ == Phase::Cancelled) return false;
  waiter->retain();
  waiters_.push_back(Waiter{waiter, {}});
  return true;
}

std::vector<TaskId> TaskHeader::waiterIds() const {
  SpinLockGuard lock(lock_);
  std::vector<TaskId> ids;
  for (const Waiter& w : waiters_) {
    if (w.task) ids.push_back(w.task->id());
  }
  return ids;
}

TaskState TaskHeader::state() const {
  SpinLockGuard lock(lock_);
  switch (phase_) {
    case Phase::Unstarted:
    case Phase::Queued: return TaskState::Scheduled;
    case Phase::Waiting:
    case Phase::Executing: return TaskState::Running;
    case Phase::Completed: return TaskState::Completed;
    case Phase::Cancelled: return TaskState::Cancelled;
  }
  return TaskState::Cancelled;
}

bool TaskHeader::finished() const {
  SpinLockGuard lock(lock_);
  return phase_ == Phase::Completed || phase_ == Phase::Cancelled;
}

bool TaskHeader::completed() const {
  SpinLockGuard lock(lock_);
  return phase_ == Phase::Completed;
}

}  // namespace tickscope::sched
