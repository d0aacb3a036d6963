#pragma once
// oneshot<T>(): a single value sent from one task (or thread) to an awaiting task.
// `auto [tx, rx] = oneshot<int>(); ... tx.send(5); ... int v = co_await rx;`
// Awaiting a receiver whose sender was dropped unsent throws ChannelClosedError.
#include <coroutine>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <utility>

#include "sched/mutex.h"
#include "sched/task_header.h"

namespace tickscope::sched {

class ChannelClosedError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

namespace detail {
template <class T>
struct OneshotState {
  Mutex mutex;
  std::optional<T> value TICKSCOPE_GUARDED_BY(mutex);
  bool senderGone TICKSCOPE_GUARDED_BY(mutex) = false;
  TaskHeader* waiter TICKSCOPE_GUARDED_BY(mutex) = nullptr;  // retained

  // takeWaiter: the waiting task, to wake (wakeWaiter) once the mutex is released.
  TaskHeader* takeWaiter() TICKSCOPE_REQUIRES(mutex) { return std::exchange(waiter, nullptr); }
  static void wakeWaiter(TaskHeader* w) {
    if (w) {
      w->wake();
      w->release();
    }
  }
};
}  // namespace detail

template <class T>
class OneshotSender {
 public:
  explicit OneshotSender(std::shared_ptr<detail::OneshotState<T>> state) : state_(std::move(state)) {}
  OneshotSender(OneshotSender&&) noexcept = default;
  OneshotSender& operator=(OneshotSender&&) noexcept = default;
  ~OneshotSender() {
    if (!state_) return;
    TaskHeader* waiter;
    {
      MutexLock lock(state_->mutex);
      state_->senderGone = true;
      waiter = state_->takeWaiter();
    }
    detail::OneshotState<T>::wakeWaiter(waiter);
  }
  // send: delivers `value` (once; a second send is ignored) and wakes the receiver.
  void send(T value) {
    TaskHeader* waiter;
    {
      MutexLock lock(state_->mutex);
      if (!state_->value) state_->value.emplace(std::move(value));
      waiter = state_->takeWaiter();
    }
    detail::OneshotState<T>::wakeWaiter(waiter);
  }

 private:
  std::shared_ptr<detail::OneshotState<T>> state_;
};

template <class T>
class OneshotReceiver {
 public:
  explicit OneshotReceiver(std::shared_ptr<detail::OneshotState<T>> state) : state_(std::move(state)) {}

  bool await_ready() const {
    MutexLock lock(state_->mutex);
    return state_->value.has_value() || state_->senderGone;
  }
  template <class P>
  bool await_suspend(std::coroutine_handle<P> awaiting) {
    MutexLock lock(state_->mutex);
    if (state_->value || state_->senderGone) return false;
    TaskHeader* me = awaiting.promise().header();
    me->retain();
    if (state_->waiter) state_->waiter->release();
    state_->waiter = me;
    return true;
  }
  T await_resume() {
    MutexLock lock(state_->mutex);
    if (!state_->value) throw ChannelClosedError("oneshot: the sender was dropped without sending");
    return std::move(*state_->value);
  }

 private:
  std::shared_ptr<detail::OneshotState<T>> state_;
};

template <class T>
std::pair<OneshotSender<T>, OneshotReceiver<T>> oneshot() {
  auto state = std::make_shared<detail::OneshotState<T>>();
  return {OneshotSender<T>(state), OneshotReceiver<T>(state)};
}

}  // namespace tickscope::sched
