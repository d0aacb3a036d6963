#pragma once
// Cancel: the handle subscribe() returns. Calling it unsubscribes the action (idempotent);
// after the runtime is gone it does nothing. Copies share the subscription. Dropping a
// Cancel does NOT unsubscribe (like the cancel function of the TypeScript runtime).
#include <memory>

#include "reactive/ids.h"

namespace tickscope::reactive {

class Runtime;

class Cancel {
 public:
  Cancel() = default;
  Cancel(std::weak_ptr<Runtime*> runtime, ActionId action) : runtime_(std::move(runtime)), action_(action) {}

  // operator(): unsubscribes the action if its runtime still exists.
  void operator()() const;
  void cancel() const { (*this)(); }

  ActionId action() const { return action_; }
  explicit operator bool() const { return static_cast<bool>(action_); }

 private:
  std::weak_ptr<Runtime*> runtime_;
  ActionId action_;
};

}  // namespace tickscope::reactive
