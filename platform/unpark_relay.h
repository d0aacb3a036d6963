#pragma once
// UnparkRelay: turns the unparks of a Parker into callbacks. A scheduler's main thread waits
// for more than an unpark while it is parked (foreground work, Qt events), so it cannot sit
// in Parker::park; the relay's helper thread does, and calls `onUnpark` once per wake-up.
// An unpark that comes while nothing is parked is therefore delivered at once; the callback
// must remember it (a token) for the next park.
#include <atomic>
#include <functional>
#include <memory>
#include <thread>

#include "sched/unparker.h"

namespace tickscope::platform {

class UnparkRelay {
 public:
  // UnparkRelay: starts the helper thread. `onUnpark` runs on it, never concurrently with
  // itself, and never after the destructor has returned.
  explicit UnparkRelay(std::function<void()> onUnpark);
  // ~UnparkRelay: stops and joins the helper thread. Unparkers handed out stay valid.
  ~UnparkRelay();
  UnparkRelay(const UnparkRelay&) = delete;
  UnparkRelay& operator=(const UnparkRelay&) = delete;

  // unparker: wakes the relay, which calls onUnpark. Any thread.
  sched::Unparker unparker() const { return sched::Unparker(parker_); }

 private:
  void run();

  std::shared_ptr<sched::Parker> parker_ = std::make_shared<sched::Parker>();
  std::function<void()> onUnpark_;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

}  // namespace tickscope::platform
