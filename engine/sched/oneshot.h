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

#include "sched/task_header.h"

namespace tickscope::sched {

class ChannelClosedError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

namespace detail {
template <class T>
struct OneshotState {
  std::mutex mutex;
  std::optional<T> value;       // guarded by mutex
  bool senderGone = false;      // guarded by mutex
  TaskHeader* waiter = nullptr; // guarded by mutex; retained

  void wakeWaiter(std::unique_lock<std::mutex>& lock) {
    TaskHeader* w = std::exchange(waiter, nullptr);
    lock.unlock();
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
    std::unique_lock lock(state_->mutex);
    state_->senderGone = true;
    state_->wakeWaiter(lock);
  }
  // send: delivers `value` (once; a second send is ignored) and wakes the receiver.
  void send(T value) {
    std::unique_lock lock(state_->mutex);
    if (!state_->value) state_->value.emplace(std::move(value));
    state_->wakeWaiter(lock);
  }

 private:
  std::shared_ptr<detail::OneshotState<T>> state_;
};

template <class T>
class OneshotReceiver {
 public:
  explicit OneshotReceiver(std::shared_ptr<detail::OneshotState<T>> state) : state_(std::move(state)) {}

  bool await_ready() const {
    std::lock_guard lock(state_->mutex);
    return state_->value.has_value() || state_->senderGone;
  }
  template <class P>
  bool await_suspend(std::coroutine_handle<P> awaiting) {
    std::lock_guard lock(state_->mutex);
    if (state_->value || state_->senderGone) return false;
    TaskHeader* me = awaiting.promise().header();
    me->retain();
    if (state_->waiter) state_->waiter->release();
    state_->waiter = me;
    return true;
  }
  T await_resume() {
    std::lock_guard lock(state_->mutex);
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
