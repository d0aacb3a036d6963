#pragma once
#include <source_location>
#include <utility>

#include "sched/task_header.h"

namespace tickscope::sched {

// Runnable: one permission to run one step of a task. Schedulers queue Runnables and call
// run() exactly once each; a Runnable destroyed without running cancels a task that had no
// other way to run. Move-only, the size of a pointer.
class Runnable {
 public:
  Runnable() = default;
  // Adopts one reference to `task`.
  explicit Runnable(TaskHeader* task) noexcept : task_(task) {}
  Runnable(Runnable&& other) noexcept : task_(std::exchange(other.task_, nullptr)) {}
  Runnable& operator=(Runnable&& other) noexcept {
    if (this != &other) {
      reset();
      task_ = std::exchange(other.task_, nullptr);
    }
    return *this;
  }
  Runnable(const Runnable&) = delete;
  Runnable& operator=(const Runnable&) = delete;
  ~Runnable() { reset(); }

  // run: runs the task's next step. Consumes the Runnable. Precondition: not empty.
  void run() {
    TaskHeader* task = std::exchange(task_, nullptr);
    task->runStep();
    task->release();
  }

  explicit operator bool() const { return task_ != nullptr; }
  TaskId id() const { return task_->id(); }
  const TaskLabel& label() const { return task_->label(); }
  const std::source_location& site() const { return task_->site(); }
  ForegroundSessionId session() const { return task_->session(); }
  ScheduleKind kind() const { return task_->kind(); }
  const TaskHeader& task() const { return *task_; }

 private:
  void reset() noexcept {
    if (TaskHeader* task = std::exchange(task_, nullptr)) [[unlikely]]
      drop(task);
  }
  // (Out of line: queues move runnables around far more often than they drop a full one, and
  // the moves stay small without this call's spills inlined into them.)
  [[gnu::noinline]] static void drop(TaskHeader* task) noexcept {
    task->runnableDropped();
    task->release();
  }
  TaskHeader* task_ = nullptr;
};

}  // namespace tickscope::sched
