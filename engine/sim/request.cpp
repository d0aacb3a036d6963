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
      // Refers to the scheduler, never owns it (the scheduler holds the task).
      auto body = [scheduler, delay]() -> sched::Task<void> { co_await sched::timer(*scheduler, delay); };
      if (spec.waitUntil) {
        context.waitUntil(std::move(info), std::move(body));
      } else {
        context.spawnWithSession(std::move(info), std::move(body)).detach();
      }
    }
  });
  return id;
}

}  // namespace tickscope::sim
