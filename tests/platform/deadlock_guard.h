#pragma once
// DeadlockGuard: makes a hanging test case fail instead of stalling CI. While armed, a
// watchdog thread waits; if the case has not disarmed it within the limit, it prints the
// case's name and ends the process with a failure status (CTest reports the test failed).
// It exits rather than aborts: QtTest's crash handler would attach gdb to a process whose
// threads are deadlocked, which can hang as well. Arm it in a test class's init() and disarm
// it in cleanup(), so the fixture's teardown is guarded too.
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <string>
#include <thread>

namespace tickscope::testing {

class DeadlockGuard {
 public:
  ~DeadlockGuard() { disarm(); }

  // arm: starts watching the case `name` (copied here: QtTest's state is not thread-safe).
  void arm(std::string name, std::chrono::seconds limit) {
    disarm();
    armed_ = true;
    watchdog_ = std::thread([this, name = std::move(name), limit] {
      std::unique_lock lock(mutex_);
      if (cv_.wait_for(lock, limit, [this] { return !armed_; })) return;
      std::fprintf(stderr, "FAIL! %s: still running after %llds: deadlock or livelock\n", name.c_str(),
                   static_cast<long long>(limit.count()));
      std::fflush(stdout);
      std::fflush(stderr);
      std::_Exit(EXIT_FAILURE);
    });
  }

  void disarm() {
    if (!watchdog_.joinable()) return;
    {
      std::lock_guard lock(mutex_);
      armed_ = false;
    }
    cv_.notify_one();
    watchdog_.join();
  }

 private:
  std::mutex mutex_;
  std::condition_variable cv_;
  bool armed_ = false;  // guarded by mutex_
  std::thread watchdog_;
};

}  // namespace tickscope::testing
