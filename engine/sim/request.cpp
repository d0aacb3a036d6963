#include "sim/request.h"

#include <cmath>

#include <fmt/format.h>

#include "sched/spawn.h"

namespace tickscope::sim {

SessionId openRequest(SimulatedExecutionContext& context, std::string session, std::span<const SpawnSpec> spawns,
                      const std::function<void()>& inSession) {
  for (std::size_t i = 0; i < spawns.size(); ++i) {  // checked first: a bad spec opens nothing
    if (!(spawns[i].delayMs >= 0) || !std::isfinite(spawns[i].delayMs)) {
      throw SessionError(fmt::format("request {}: spawn[{}] \"{}\": delayMs must be a finite number >= 0, not {}",
                                     session, i, spawns[i].name, spawns[i].delayMs));
    }
  }
  const std::string sessionName = session;
  const SessionId id = context.createSession(std::move(session));
  context.withSession(id, [&] {
    if (inSession) inSession();
    sched::Scheduler* scheduler = &context.scheduler();
    for (std::size_t i = 0; i < spawns.size(); ++i) {
      const SpawnSpec& spec = spawns[i];
      TaskInfo info(spec.name, spec.origin.empty() ? fmt::format("{} spawn[{}]", sessionName, i) : spec.origin);
      const sched::Duration delay = sched::fromMs(spec.delayMs);
      if (spec.waitUntil) {
        // The body runs once the waitUntil delay is over and only then arms its own timer.
        // It refers to the scheduler, never owns it (the scheduler holds the task).
        context.waitUntil(std::move(info),
                          [scheduler, delay]() -> sched::Task<void> { co_await sched::timer(*scheduler, delay); });
      } else {
        // Armed at the spawn, so the task completes exactly delayMs after the request.
        context
            .spawnWithSession(std::move(info), [wait = sched::timer(*scheduler, delay)]() mutable -> sched::Task<void> {
              co_await std::move(wait);
            })
            .detach();
      }
    }
  });
  return id;
}

}  // namespace tickscope::sim
