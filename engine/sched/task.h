#pragma once
// Task<T>: a handle to one scheduled unit of work that produces a T — either a C++20
// coroutine (`Task<int> f() { co_await timer(s, 10ms); co_return 1; }`) or a plain function
// given to spawn(). Every started task has a TaskId. Dropping a handle cancels its task
// (it never runs again and its frame is freed); detach() lets it run on unowned.
#include <coroutine>
#include <exception>
#include <memory>
#include <optional>
#include <type_traits>
#include <utility>
#include <variant>

#include "sched/errors.h"
#include "sched/task_header.h"

namespace tickscope::sched {

template <class T>
class Task;

namespace detail {

template <class T>
using Stored = std::conditional_t<std::is_void_v<T>, std::monostate, T>;

// TaskCore<T>: a TaskHeader with room for the result.
template <class T>
class TaskCore : public TaskHeader {
 public:
  template <class... Args>
  void setValue(Args&&... args) {
    result_.template emplace<1>(std::forward<Args>(args)...);
  }
  void setException(std::exception_ptr e) { result_.template emplace<2>(std::move(e)); }
  bool hasResult() const noexcept { return result_.index() != 0; }

  // takeResult: the value, or rethrows the body's exception, or TaskCancelledError.
  T takeResult() {
    if (result_.index() == 2) std::rethrow_exception(std::get<2>(result_));
    if (result_.index() == 0) {
      throw TaskCancelledError("task " + std::to_string(id().value) + " was cancelled before it completed");
    }
    if constexpr (!std::is_void_v<T>) return std::move(std::get<1>(result_));
  }

  // keepAlive: an object (a spawned coroutine lambda) that must outlive the body.
  void keepAlive(std::shared_ptr<void> object) { keepAlive_ = std::move(object); }

 protected:
  void releaseKeepAlive() noexcept { keepAlive_.reset(); }

 private:
  std::variant<std::monostate, Stored<T>, std::exception_ptr> result_;
  std::shared_ptr<void> keepAlive_;
};

template <class T, class F>
class FunctionTask final : public TaskCore<T> {
 public:
  explicit FunctionTask(F f) : fn_(std::move(f)) {}
  ~FunctionTask() override { destroyBody(); }

 protected:
  void poll() noexcept override {
    try {
      if constexpr (std::is_void_v<T>) {
        (*fn_)();
        this->setValue();
      } else {
        this->setValue((*fn_)());
      }
    } catch (...) {
      this->setException(std::current_exception());
    }
    done_ = true;
  }
  bool bodyDone() const noexcept override { return done_; }
  void destroyBody() noexcept override { fn_.reset(); }

 private:
  std::optional<F> fn_;
  bool done_ = false;
};

template <class T>
class TaskPromise;

template <class T>
class CoroutineTask final : public TaskCore<T> {
 public:
  explicit CoroutineTask(std::coroutine_handle<TaskPromise<T>> frame) : frame_(frame) {}
  ~CoroutineTask() override { destroyBody(); }

 protected:
  void poll() noexcept override { frame_.resume(); }
  bool bodyDone() const noexcept override { return frame_ && frame_.done(); }
  void destroyBody() noexcept override {
    if (frame_) std::exchange(frame_, nullptr).destroy();
    this->releaseKeepAlive();
  }

 private:
  std::coroutine_handle<TaskPromise<T>> frame_;
};

class PromiseBase {
 public:
  // Coroutine frames live in task memory too (sched/task_memory.h).
  static void* operator new(std::size_t bytes) { return allocateTaskMemory(bytes); }
  static void operator delete(void* frame, std::size_t bytes) noexcept { freeTaskMemory(frame, bytes); }

  std::suspend_always initial_suspend() noexcept { return {}; }
  std::suspend_always final_suspend() noexcept { return {}; }
  TaskHeader* header() const noexcept { return header_; }

 protected:
  TaskHeader* header_ = nullptr;
};

template <class T>
class TaskPromise : public PromiseBase {
 public:
  Task<T> get_return_object();
  template <class U>
  void return_value(U&& value) {
    core_->setValue(std::forward<U>(value));
  }
  void unhandled_exception() { core_->setException(std::current_exception()); }

 private:
  CoroutineTask<T>* core_ = nullptr;
  friend class Task<T>;
};

template <>
class TaskPromise<void> : public PromiseBase {
 public:
  Task<void> get_return_object();
  void return_void() { core_->setValue(); }
  void unhandled_exception() { core_->setException(std::current_exception()); }

 private:
  CoroutineTask<void>* core_ = nullptr;
  friend class Task<void>;
};

}  // namespace detail

template <class T>
class [[nodiscard]] Task {
 public:
  using promise_type = detail::TaskPromise<T>;
  using value_type = T;

  Task() = default;
  // Adopts one reference to `core`.
  explicit Task(detail::TaskCore<T>* core) noexcept : core_(core) {}
  Task(Task&& other) noexcept : core_(std::exchange(other.core_, nullptr)) {}
  Task& operator=(Task&& other) noexcept {
    if (this != &other) {
      drop();
      core_ = std::exchange(other.core_, nullptr);
    }
    return *this;
  }
  Task(const Task&) = delete;
  Task& operator=(const Task&) = delete;
  // ~Task: cancels the task unless it completed or was detached.
  ~Task() { drop(); }

  // id: the task's id; zero only for an empty handle or a coroutine not yet started.
  TaskId id() const { return core_ ? core_->id() : TaskId{}; }
  // isReady: the task has completed (with a value or an exception); the result is waiting.
  bool isReady() const { return core_ && core_->completed(); }
  TaskState state() const { return core_ ? core_->state() : TaskState::Cancelled; }
  bool valid() const { return core_ != nullptr; }

  // detach: lets the task run to completion with nobody owning it; the handle becomes empty.
  void detach() && {
    if (core_) std::exchange(core_, nullptr)->release();
  }

  // result: the value (or the body's exception rethrown). Precondition: isReady().
  T result() && { return core_->takeResult(); }
  // storedResult: as result(), with void as std::monostate (for value-or-task outcomes).
  detail::Stored<T> storedResult() && {
    if constexpr (std::is_void_v<T>) {
      core_->takeResult();
      return std::monostate{};
    } else {
      return core_->takeResult();
    }
  }

  detail::TaskCore<T>* core() const { return core_; }

  // co_await task: waits for the task (starting it first, on the awaiting task's scheduler
  // and queue, if it was never started) and yields its value or rethrows its exception.
  auto operator co_await() & noexcept { return Awaiter{core_}; }
  auto operator co_await() && noexcept { return OwningAwaiter{std::move(*this)}; }

 private:
  struct Awaiter {
    detail::TaskCore<T>* core;
    bool await_ready() const noexcept { return core->completed(); }
    template <class P>
    bool await_suspend(std::coroutine_handle<P> awaiting) {
      TaskHeader* parent = awaiting.promise().header();
      if (!core->started()) {
        core->start(*parent->scheduler(), parent->kind() == ScheduleKind::Timer ? ScheduleKind::Background : parent->kind(),
                    parent->label(), parent->site(), parent->session());
      }
      return core->addWaiter(parent);
    }
    T await_resume() { return core->takeResult(); }
  };
  struct OwningAwaiter {
    Task task;
    bool await_ready() const noexcept { return task.core_->completed(); }
    template <class P>
    bool await_suspend(std::coroutine_handle<P> awaiting) {
      return Awaiter{task.core_}.await_suspend(awaiting);
    }
    T await_resume() { return task.core_->takeResult(); }
  };

  void drop() noexcept {
    if (detail::TaskCore<T>* core = std::exchange(core_, nullptr)) {
      core->cancel();
      core->release();
    }
  }

  detail::TaskCore<T>* core_ = nullptr;
};

namespace detail {

template <class T>
Task<T> TaskPromise<T>::get_return_object() {
  core_ = new CoroutineTask<T>(std::coroutine_handle<TaskPromise<T>>::from_promise(*this));
  header_ = core_;
  return Task<T>(core_);
}

inline Task<void> TaskPromise<void>::get_return_object() {
  core_ = new CoroutineTask<void>(std::coroutine_handle<TaskPromise<void>>::from_promise(*this));
  header_ = core_;
  return Task<void>(core_);
}

}  // namespace detail

// yieldNow: `co_await yieldNow();` puts the running task back in its scheduler's ready queue.
struct YieldNow {
  bool await_ready() const noexcept { return false; }
  template <class P>
  void await_suspend(std::coroutine_handle<P> awaiting) {
    awaiting.promise().header()->wake();  // executing: it is queued again when this step ends
  }
  void await_resume() const noexcept {}
};
inline YieldNow yieldNow() { return {}; }

// currentTask: `TaskHeader& me = co_await currentTask();` — the running task's header.
struct CurrentTask {
  TaskHeader* header = nullptr;
  bool await_ready() const noexcept { return false; }
  template <class P>
  bool await_suspend(std::coroutine_handle<P> awaiting) noexcept {
    header = awaiting.promise().header();
    return false;
  }
  TaskHeader& await_resume() const noexcept { return *header; }
};
inline CurrentTask currentTask() { return {}; }

}  // namespace tickscope::sched
