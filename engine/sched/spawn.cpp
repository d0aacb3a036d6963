#include "sched/spawn.h"

namespace tickscope::sched {

namespace {
struct Nothing {
  void operator()() const noexcept {}
};

// A task that has its result before it starts.
class ReadyTask final : public detail::TaskCore<void> {
 protected:
  void poll() noexcept override {}
  bool bodyDone() const noexcept override { return true; }
  void destroyBody() noexcept override {}
};
}  // namespace

Task<void> timer(Scheduler& scheduler, Duration duration, std::source_location site) {
  if (duration <= Duration::zero()) {
    // Ready at once: a task that completes on the spot, without a queue or a timer.
    auto* core = new ReadyTask();
    core->setValue();
    core->start(scheduler, ScheduleKind::Timer, TaskLabel(), site, {}, Duration::zero());
    return Task<void>(core);
  }
  return detail::spawnWith(scheduler, Nothing{}, ScheduleKind::Timer, TaskLabel(), site, {}, duration);
}

}  // namespace tickscope::sched
