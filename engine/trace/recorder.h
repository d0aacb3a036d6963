#pragma once
// Recorder: an Observer that keeps the most recent events in a bounded ring (oldest dropped
// first, counted), and forwards each to further observers (the debugger's live views).
#include <cstddef>
#include <deque>
#include <variant>
#include <vector>

#include "trace/observer.h"

namespace tickscope::trace {

using Event = std::variant<SchedEvent, ReactiveEvent, SessionEvent>;

class Recorder final : public Observer {
 public:
  explicit Recorder(std::size_t capacity = 1'000'000) : capacity_(capacity) {}

  void onSchedEvent(const SchedEvent& e) override { push(e); }
  void onReactiveEvent(const ReactiveEvent& e) override { push(e); }
  void onSessionEvent(const SessionEvent& e) override { push(e); }

  // addForward: also deliver every event to `observer` (not owned; must outlive this).
  void addForward(Observer* observer) { forwards_.push_back(observer); }

  const std::deque<Event>& events() const { return events_; }
  std::size_t dropped() const { return dropped_; }
  std::size_t capacity() const { return capacity_; }
  void clear() {
    events_.clear();
    dropped_ = 0;
  }

 private:
  template <class E>
  void push(const E& e) {
    if (capacity_ > 0) {
      if (events_.size() == capacity_) {
        events_.pop_front();
        ++dropped_;
      }
      events_.emplace_back(e);
    }
    for (Observer* o : forwards_) {
      if constexpr (std::is_same_v<E, SchedEvent>) o->onSchedEvent(e);
      if constexpr (std::is_same_v<E, ReactiveEvent>) o->onReactiveEvent(e);
      if constexpr (std::is_same_v<E, SessionEvent>) o->onSessionEvent(e);
    }
  }

  std::size_t capacity_;
  std::size_t dropped_ = 0;
  std::deque<Event> events_;
  std::vector<Observer*> forwards_;
};

}  // namespace tickscope::trace
