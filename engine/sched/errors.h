#pragma once
#include <stdexcept>
#include <string>

namespace tickscope::sched {

// SchedulerError: misuse of a scheduler (an unsupported operation, a forbidden park, a block
// that can never finish). The message says what was asked and what is pending.
class SchedulerError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// TaskCancelledError: thrown to whoever awaits or blocks on a task that was cancelled.
class TaskCancelledError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace tickscope::sched
