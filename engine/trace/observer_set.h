#pragma once
// ObserverSet: an Observer that hands every event to each observer in it, in the order they
// were added. A producer keeps one nullable Observer pointer (one branch per event when
// nothing listens); whoever owns the set attaches it while it is not empty and detaches it
// when it empties (the graph runner does: run::Runner::makeObserver / removeObserver), so
// observers come and go at run time without the producers knowing how many there are.
// Not thread-safe: add, remove and the events run on the producers' thread.
#include <algorithm>
#include <vector>

#include "trace/observer.h"

namespace tickscope::trace {

class ObserverSet final : public Observer {
 public:
  // add: `observer` (not owned; not null) receives every event from now on. Adding one that
  // is already in the set does nothing.
  void add(Observer* observer) {
    if (std::find(observers_.begin(), observers_.end(), observer) == observers_.end()) observers_.push_back(observer);
  }
  // remove: `observer` receives nothing more; false if it was not in the set.
  bool remove(Observer* observer) {
    const auto it = std::find(observers_.begin(), observers_.end(), observer);
    if (it == observers_.end()) return false;
    observers_.erase(it);
    return true;
  }
  bool empty() const { return observers_.empty(); }
  std::size_t size() const { return observers_.size(); }
  // attachable: what a producer should hold: nullptr when empty, the only observer itself
  // when there is one (no extra call per event), else this set.
  Observer* attachable() {
    if (observers_.empty()) return nullptr;
    return observers_.size() == 1 ? observers_.front() : this;
  }

  void onSchedEvent(const SchedEvent& e) override {
    for (Observer* o : observers_) o->onSchedEvent(e);
  }
  void onReactiveEvent(const ReactiveEvent& e) override {
    for (Observer* o : observers_) o->onReactiveEvent(e);
  }
  void onSessionEvent(const SessionEvent& e) override {
    for (Observer* o : observers_) o->onSessionEvent(e);
  }

 private:
  std::vector<Observer*> observers_;
};

}  // namespace tickscope::trace
