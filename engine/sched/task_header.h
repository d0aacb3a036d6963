#pragma once
// TaskHeader: the shared, reference-counted control block of one task. Task<T> handles,
// queued Runnables and awaiting tasks each hold a reference. It owns the task's body (a
// coroutine frame or a function) and runs the state machine below; see docs/scheduler.md.
#include <atomic>
#include <functional>
#include <mutex>
#include <new>
#include <memory>
#include <source_location>
#include <vector>

#include "sched/clock.h"
#include "sched/spin_lock.h"
#include "sched/task_id.h"
#include "sched/task_label.h"
#include "sched/task_memory.h"
#include "sched/task_state.h"

namespace tickscope::sched {

class Scheduler;

class TaskHeader {
 public:
  TaskHeader() = default;
  TaskHeader(const TaskHeader&) = delete;
  TaskHeader& operator=(const TaskHeader&) = delete;
  virtual ~TaskHeader() = default;

  // Headers (with their function bodies) live in task memory (sched/task_memory.h); the
  // size passed to delete is the dynamic type's, through the virtual destructor.
  static void* operator new(std::size_t bytes) { return allocateTaskMemory(bytes); }
  static void operator delete(void* block, std::size_t bytes) noexcept { freeTaskMemory(block, bytes); }
  // Over-aligned bodies (rare) take the global heap's aligned forms.
  static void* operator new(std::size_t bytes, std::align_val_t align) { return ::operator new(bytes, align); }
  static void operator delete(void* block, std::size_t, std::align_val_t align) noexcept {
    ::operator delete(block, align);  // (unsized: clang 14 has no sized deallocation by default)
  }

  // Identity: fixed once the task is started.
  TaskId id() const { return id_; }
  const TaskLabel& label() const { return label_; }
  const std::source_location& site() const { return site_; }
  ScheduleKind kind() const { return kind_; }
  ForegroundSessionId session() const { return session_; }
  Scheduler* scheduler() const { return scheduler_; }
  Duration delay() const { return delay_; }

  void retain() noexcept { refs_.fetch_add(1, std::memory_order_relaxed); }
  void release() noexcept {
    if (refs_.fetch_sub(1, std::memory_order_acq_rel) == 1) delete this;
  }

  // start: binds the task to `scheduler`, takes its id and queues it (after `delay` for a
  // timer). Precondition: not started yet. The scheduler must outlive the task's activity.
  void start(Scheduler& scheduler, ScheduleKind kind, TaskLabel label, std::source_location site,
             ForegroundSessionId session = {}, Duration delay = {});
  bool started() const { return scheduler_ != nullptr; }

  // wake: makes a waiting task ready again. If it is executing right now it is queued again
  // as soon as the current step returns. No effect on a finished task. Any thread.
  void wake();

  // runStep: called by Runnable::run on the scheduler's thread of choice. Runs the body to
  // its next suspension or its end, unless the task was cancelled while queued.
  void runStep();

  // restartStep: for Scheduler::continueRunning: the executing task starts its next step
  // without suspending, as if it had yielded and been picked again. False (no effect) if it
  // was cancelled meanwhile: then it has to yield, and that ends it.
  bool restartStep();
  // cancel: the owning handle was dropped. A queued or waiting task is cancelled and its body
  // freed at once; an executing one at the end of its current step. No effect once finished.
  void cancel();

  // runnableDropped: a queued Runnable was destroyed without running (its scheduler went
  // away); nothing can run the task any more, so it is cancelled.
  void runnableDropped();

  // onFinished: `callback` runs once when the task completes or is cancelled (at once, on
  // this thread, if it already has). Used by await and block.
  void onFinished(std::function<void()> callback);
  // addWaiter: wakes `waiter` when this task finishes. Returns false (and does nothing) if it
  // has already finished, so the caller can continue without suspending.
  bool addWaiter(TaskHeader* waiter);
  // waiterIds: the tasks this one wakes when it finishes (those that await it), for display:
  // the debugger names a timer by the task it wakes.
  std::vector<TaskId> waiterIds() const;

  TaskState state() const;
  bool finished() const;   // completed or cancelled
  bool completed() const;  // completed (with a value or an exception)

 protected:
  // poll: runs the body until it suspends or ends. Must not throw: bodies store exceptions.
  virtual void poll() noexcept = 0;
  // bodyDone: whether the last poll ran the body to its end.
  virtual bool bodyDone() const noexcept = 0;
  // destroyBody: frees the coroutine frame or function; idempotent.
  virtual void destroyBody() noexcept = 0;

 private:
  enum class Phase : std::uint8_t { Unstarted, Waiting, Queued, Executing, Completed, Cancelled };
  struct Waiter {
    TaskHeader* task = nullptr;  // retained
    std::function<void()> callback;
  };

  void submit();  // hands a new Runnable for this task to its scheduler
  void finish(Phase final, SpinLockGuard& lock) TICKSCOPE_RELEASE(lock_);

  std::atomic<std::uint32_t> refs_{1};
  TaskId id_;
  TaskLabel label_;
  std::source_location site_;
  Scheduler* scheduler_ = nullptr;
  Duration delay_{};
  ScheduleKind kind_ = ScheduleKind::Background;
  ForegroundSessionId session_;

  mutable SpinLock lock_;
  Phase phase_ TICKSCOPE_GUARDED_BY(lock_) = Phase::Unstarted;
  bool wokenWhileExecuting_ TICKSCOPE_GUARDED_BY(lock_) = false;
  bool cancelRequested_ TICKSCOPE_GUARDED_BY(lock_) = false;
  bool timerArmed_ TICKSCOPE_GUARDED_BY(lock_) = false;
  std::vector<Waiter> waiters_ TICKSCOPE_GUARDED_BY(lock_);
};

}  // namespace tickscope::sched
