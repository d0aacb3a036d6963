#pragma once
#include <compare>
#include <cstdint>
#include <functional>

namespace tickscope::sched {

// TaskId names one task for its whole life. Ids are handed out by the scheduler the task
// is spawned on, counting from 1; 0 is never a task.
struct TaskId {
  std::uint64_t value = 0;
  explicit operator bool() const { return value != 0; }
  friend auto operator<=>(TaskId, TaskId) = default;
};

// Identifies one foreground executor ("session" of the test scheduler): foreground
// runnables of one session run in FIFO order; different sessions interleave.
struct ForegroundSessionId {
  std::uint32_t value = 0;
  friend auto operator<=>(ForegroundSessionId, ForegroundSessionId) = default;
};

}  // namespace tickscope::sched

template <>
struct std::hash<tickscope::sched::TaskId> {
  std::size_t operator()(tickscope::sched::TaskId id) const noexcept { return std::hash<std::uint64_t>{}(id.value); }
};
